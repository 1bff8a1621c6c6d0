public import FazhiCore

/// Units side by side under one ruleset: completion per first-level group, total, grade and rank; the
/// indicators on which they differ; and each unit's gap to its next grade.
public struct UnitsComparison: Sendable {
    /// One unit's standing in one first-level group.
    public struct Cell: Sendable {
        public var tally: Tally
        /// Indicators counted in the group's denominator.
        public var counted: Int
        /// met / counted, exact (completion); undefined when nothing counted.
        public var completion: Fraction
        /// Points earned and possible (weighted and points models).
        public var points: Double
        public var maxPoints: Double
    }

    public struct Row: Sendable {
        public var result: UnitResult
        /// One per first-level group, in `topGroups` order.
        public var cells: [Cell]
        /// 1 for the best; units that tie on grade and score share a rank.
        public var rank: Int
        /// Nil for a unit at the top grade.
        public var gap: Gap?
    }

    /// An indicator whose outcome is not the same for every unit.
    public struct Difference: Sendable {
        public var position: Int
        /// One per row, in input order.
        public var states: [OutcomeState]
    }

    public let plan: EvaluationPlan
    /// Plan group indices of the first-level groups.
    public let topGroups: [Int]
    /// In input order.
    public let rows: [Row]
    public let differences: [Difference]

    public init(plan: EvaluationPlan, results: [UnitResult]) {
        self.plan = plan
        let scorer = Scorer(plan: plan)
        let policy = scorer.policy
        topGroups = Standing.topGroups(plan)
        let ranks = Standing.ranks(results, scorer: scorer)
        rows = results.enumerated().map { i, r in
            let cells = Standing.topGroups(plan).map { g in
                let gr = r.groups[g]
                return Cell(tally: gr.tally, counted: policy.counted(gr.tally), completion: Standing.completion(gr.tally, policy),
                            points: gr.points, maxPoints: gr.maxPoints)
            }
            return Row(result: r, cells: cells, rank: ranks[i], gap: GapAnalysis.toNextGrade(r, plan: plan))
        }
        var differences: [Difference] = []
        if results.count > 1 {
            for position in plan.indicators.indices {
                let states = results.map { $0.indicators[position].outcome.state }
                if Set(states).count > 1 { differences.append(Difference(position: position, states: states)) }
            }
        }
        self.differences = differences
    }

    /// Rows best first (ties in input order).
    public var ranked: [Row] {
        rows.enumerated().sorted { a, b in a.element.rank != b.element.rank ? a.element.rank < b.element.rank : a.offset < b.offset }.map(\.element)
    }
}
