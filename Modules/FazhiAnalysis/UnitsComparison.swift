package import FazhiCore

/// Units side by side under one ruleset: completion per first-level group, total, grade and rank; the
/// indicators on which they differ; and each unit's gap to its next grade.
public struct UnitsComparison: Sendable {
    /// One unit's standing in one first-level group.
    package struct Cell: Sendable {
        package var tally: Tally
        /// Indicators counted in the group's denominator.
        package var counted: Int
        /// met / counted, exact (completion); undefined when nothing counted.
        package var completion: Fraction
        /// Points earned and possible (weighted and points models).
        package var points: Double
        package var maxPoints: Double
    }

    package struct Row: Sendable {
        package var result: UnitResult
        /// One per first-level group, in `topGroups` order.
        package var cells: [Cell]
        /// 1 for the best; units that tie on grade and score share a rank.
        package var rank: Int
        /// Nil for a unit at the top grade.
        package var gap: Gap?
    }

    /// An indicator whose outcome is not the same for every unit.
    package struct Difference: Sendable {
        package var position: Int
        /// One per row, in input order.
        package var states: [OutcomeState]
    }

    package let plan: EvaluationPlan
    /// Plan group indices of the first-level groups.
    package let topGroups: [Int]
    /// In input order.
    package let rows: [Row]
    package let differences: [Difference]

    package init(plan: EvaluationPlan, results: [UnitResult]) {
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
    package var ranked: [Row] {
        rows.enumerated().sorted { a, b in a.element.rank != b.element.rank ? a.element.rank < b.element.rank : a.offset < b.offset }.map(\.element)
    }
}
