package import FazhiCore

/// Two evaluations of the same units (two years, or two versions of a ruleset) side by side: what each
/// unit newly met, newly missed, and how its grade moved. Units are matched by id, indicators by id.
public struct Changes: Sendable {
    package struct UnitChange: Sendable {
        package var before: UnitResult?
        package var after: UnitResult?
        /// Positions in the after plan: met now, not met before (or not there before).
        package var newlyMet: [Int]
        /// Positions in the after plan: met before, counted and not met now.
        package var newlyUnmet: [Int]
        /// Positions in the after plan of indicators the before ruleset did not have.
        package var added: Set<Int>
        /// Grade steps gained (positive) or lost; nil when the unit is in one evaluation only or the two
        /// rulesets grade differently.
        package var gradeMove: Int?

        package var unit: UnitInfo { (after ?? before)!.unit }
    }

    package let beforePlan: EvaluationPlan
    package let afterPlan: EvaluationPlan
    /// Units in the after evaluation (its order), then units only in the before one.
    package let units: [UnitChange]

    package init(before: [UnitResult], beforePlan: EvaluationPlan, after: [UnitResult], afterPlan: EvaluationPlan) {
        self.beforePlan = beforePlan
        self.afterPlan = afterPlan
        var beforeByID: [String: UnitResult] = [:]
        for r in before { beforeByID[r.unit.id] = r }
        let sameGrades = beforePlan.ruleset.scoring.grades.map(\.name) == afterPlan.ruleset.scoring.grades.map(\.name)
        let scorer = Scorer(plan: afterPlan)
        var units: [UnitChange] = []
        for a in after {
            guard let b = beforeByID.removeValue(forKey: a.unit.id) else {
                units.append(UnitChange(before: nil, after: a, newlyMet: [], newlyUnmet: [], added: [], gradeMove: nil))
                continue
            }
            var change = UnitChange(before: b, after: a, newlyMet: [], newlyUnmet: [], added: [],
                                    gradeMove: sameGrades ? scorer.rank(of: b.grade) - scorer.rank(of: a.grade) : nil)
            for ir in a.indicators {
                let id = afterPlan.indicators[ir.position].indicator.id
                let now = ir.outcome.state
                guard let old = beforePlan.indicatorPosition(id).map({ b.indicators[$0] }) else {
                    change.added.insert(ir.position)
                    if now == .met { change.newlyMet.append(ir.position) }
                    continue
                }
                if now == .met, old.outcome.state != .met { change.newlyMet.append(ir.position) }
                if old.outcome.state == .met, now != .met, now != .notApplicable, ir.excludedBecause == nil || now == .noEvidence {
                    change.newlyUnmet.append(ir.position)
                }
            }
            units.append(change)
        }
        for b in before where beforeByID[b.unit.id] != nil {
            units.append(UnitChange(before: b, after: nil, newlyMet: [], newlyUnmet: [], added: [], gradeMove: nil))
        }
        self.units = units
    }
}
