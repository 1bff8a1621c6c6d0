package import FazhiCore
package import FazhiBase

/// `count_at_least`: a count metric ≥ `min` in each `per` period (`每年不少于4次`).
///
/// `per` is `year`, `half_year`, `quarter`, `month` or `period` (default: the whole evaluation
/// period). The fact is the count in one such period; see `CountPeriod` for several periods.
package struct CountAtLeast: IndicatorEvaluator {
    package static let kind = "count_at_least"
    package static let family = "thresholds"
    package static let summary = "次数不少于目标：每个 per 周期内 metric ≥ min（如每年不少于4次）"
    package static let parameterKeys = ["metric", "min", "per"]
    package static let examples = [
        EvaluatorExample("four a year", check: "kind: count_at_least\nmetric: example_count\nmin: 4\nper: year",
                         evidence: "facts:\n  example_count: 4\n", expected: .met),
        EvaluatorExample("three of four", check: "kind: count_at_least\nmetric: example_count\nmin: 4\nper: year",
                         evidence: "facts:\n  example_count: 3\n", expected: .unmet),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.count]) }
        let min = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "min", unit: .count) }
        let per = problems.attempt { () throws(Diagnostic) in try CountPeriod.read(parameters) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: min!, comparison: .atLeast, per: per!)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
