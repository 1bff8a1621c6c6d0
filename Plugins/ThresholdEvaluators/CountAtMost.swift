package import FazhiCore
package import FazhiBase

/// `count_at_most`: a count metric ≤ `max` in each `per` period (`每年不超过2起`).
package struct CountAtMost: IndicatorEvaluator {
    package static let kind = "count_at_most"
    package static let family = "thresholds"
    package static let summary = "次数不超过目标：每个 per 周期内 metric ≤ max"
    package static let parameterKeys = ["metric", "max", "per"]
    package static let examples = [
        EvaluatorExample("at the cap", check: "kind: count_at_most\nmetric: example_incidents\nmax: 2\nper: year",
                         evidence: "facts:\n  example_incidents: 2\n", expected: .met),
        EvaluatorExample("over the cap", check: "kind: count_at_most\nmetric: example_incidents\nmax: 2\nper: year",
                         evidence: "facts:\n  example_incidents: 3\n", expected: .unmet),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.count]) }
        let max = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "max", unit: .count) }
        let per = problems.attempt { () throws(Diagnostic) in try CountPeriod.read(parameters) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: max!, comparison: .atMost, per: per!)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
