package import FazhiCore
package import FazhiBase

/// `rate_at_least`: a percent metric ≥ `min` (`出庭应诉率达到100%`).
package struct RateAtLeast: IndicatorEvaluator {
    package static let kind = "rate_at_least"
    package static let family = "thresholds"
    package static let summary = "比率不低于目标：metric ≥ min（如 100%、90%）"
    package static let parameterKeys = ["metric", "min"]
    package static let examples = [
        EvaluatorExample("on the target", check: "kind: rate_at_least\nmetric: example_rate\nmin: 90%",
                         evidence: "facts:\n  example_rate: 90%\n", expected: .met),
        EvaluatorExample("below", check: "kind: rate_at_least\nmetric: example_rate\nmin: 100%",
                         evidence: "facts:\n  example_rate: 95%\n", expected: .unmet),
        EvaluatorExample("no figure", check: "kind: rate_at_least\nmetric: example_rate\nmin: 100%",
                         evidence: "facts: {}\n", expected: .noEvidence),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.percent]) }
        let min = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "min", unit: .percent) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: min!, comparison: .atLeast, per: nil)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
