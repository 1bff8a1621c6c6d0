public import FazhiCore
public import FazhiBase

/// `rate_at_most`: a percent metric ≤ `max` (`行政复议纠错率不高于15%`).
public struct RateAtMost: IndicatorEvaluator {
    public static let kind = "rate_at_most"
    public static let family = "thresholds"
    public static let summary = "比率不高于目标：metric ≤ max"
    public static let parameterKeys = ["metric", "max"]
    public static let examples = [
        EvaluatorExample("under the cap", check: "kind: rate_at_most\nmetric: example_low_rate\nmax: 15%",
                         evidence: "facts:\n  example_low_rate: 15%\n", expected: .met),
        EvaluatorExample("over the cap", check: "kind: rate_at_most\nmetric: example_low_rate\nmax: 15%",
                         evidence: "facts:\n  example_low_rate: 15.5%\n", expected: .unmet),
    ]

    let bound: MetricBound

    public init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.percent]) }
        let max = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "max", unit: .percent) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: max!, comparison: .atMost, per: nil)
    }

    public func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    public func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    public var requirement: String { bound.requirement }
    public var targets: [Target] { [bound.target] }
    public func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    public var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
