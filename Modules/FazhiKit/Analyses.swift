public import FazhiAnalysis
public import FazhiCore
import FazhiYAML

/// The analyses: several units, several rulesets, or two evaluations side by side. Each reads and
/// scores its evidence (a unit given twice across the sources is a problem) and returns the
/// analysis value the reports render.
extension Workspace {
    /// Units under one ruleset: completion by group, grades and ranks, where they differ, gaps.
    public func compareUnits(_ plan: EvaluationPlan, evidence: [EvidenceSource], asOf: CalendarDate? = nil,
                             progress: (Progress) -> Void = { _ in }) throws(DiagnosticList) -> UnitsComparison {
        let scored = try score(plan, evidence, asOf: asOf, progress: progress)
        return UnitsComparison(plan: plan, results: scored.results)
    }

    /// One unit's evidence under each ruleset (files or ids, loaded in turn), with its gap to the next
    /// grade under each.
    public func compareRulesets(_ rulesets: [String], unit evidence: EvidenceSource, asOf: CalendarDate? = nil,
                                progress: (Progress) -> Void = { _ in }) throws(DiagnosticList) -> RulesetsComparison {
        var columns: [RulesetsComparison.Column] = []
        for reference in rulesets {
            let plan = try plan(reference)
            let scored = try score(plan, [evidence], asOf: asOf, progress: progress)
            guard scored.results.count == 1 else {
                throw DiagnosticList([.error("\(evidence.name): --unit takes one unit's evidence; this file holds \(scored.results.count) units", at: nil)])
            }
            columns.append(.init(plan: plan, evidence: scored.evidence[0], result: scored.results[0],
                                 gap: GapAnalysis.toNextGrade(scored.results[0], plan: plan)))
        }
        return RulesetsComparison(columns: columns)
    }

    /// Two evaluations of the same units (matched by id), each under its own plan, with each
    /// evidence's own date: newly met, newly unmet, grade moves.
    public func compareChanges(before: (plan: EvaluationPlan, evidence: [EvidenceSource]),
                               after: (plan: EvaluationPlan, evidence: [EvidenceSource]),
                               progress: (Progress) -> Void = { _ in }) throws(DiagnosticList) -> Changes {
        let old = try score(before.plan, before.evidence, asOf: nil, progress: progress)
        let new = try score(after.plan, after.evidence, asOf: nil, progress: progress)
        return Changes(before: old.results, beforePlan: before.plan, after: new.results, afterPlan: after.plan)
    }

    /// A region's units under one ruleset: grade shares against its goals and quotas, lead units.
    public func region(_ plan: EvaluationPlan, evidence: [EvidenceSource], asOf: CalendarDate? = nil,
                       progress: (Progress) -> Void = { _ in }) throws(DiagnosticList) -> RegionView {
        let scored = try score(plan, evidence, asOf: asOf, progress: progress)
        let units = zip(scored.evidence, scored.results).map { RegionView.Unit(evidence: $0, result: $1) }
        return RegionView(plan: plan, units: units)
    }

    /// Rulesets (files or ids, loaded in turn) lined up by metric.
    public func crosswalk(_ rulesets: [String]) throws(DiagnosticList) -> Crosswalk {
        var plans: [EvaluationPlan] = []
        for reference in rulesets { plans.append(try plan(reference)) }
        return Crosswalk(plans: plans)
    }
}
