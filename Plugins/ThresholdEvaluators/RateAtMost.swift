package import FazhiCore
package import FazhiBase

/// `rate_at_most`: a percent metric ≤ `max` (`行政复议纠错率不高于15%`).
package struct RateAtMost: IndicatorEvaluator {
    package static let kind = "rate_at_most"
    package static let family = "thresholds"
    package static let summary = "比率不高于目标：metric ≤ max"
    package static let parameterKeys = ["metric", "max"]
    package static let examples = [
        EvaluatorExample("under the cap", check: "kind: rate_at_most\nmetric: example_low_rate\nmax: 15%",
                         evidence: "facts:\n  example_low_rate: 15%\n", expected: .met),
        EvaluatorExample("over the cap", check: "kind: rate_at_most\nmetric: example_low_rate\nmax: 15%",
                         evidence: "facts:\n  example_low_rate: 15.5%\n", expected: .unmet),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.percent]) }
        let max = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "max", unit: .percent) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: max!, comparison: .atMost, per: nil)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
