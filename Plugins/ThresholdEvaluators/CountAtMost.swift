public import FazhiCore
public import FazhiBase

/// `count_at_most`: a count metric ≤ `max` in each `per` period (`每年不超过2起`).
public struct CountAtMost: IndicatorEvaluator {
    public static let kind = "count_at_most"
    public static let family = "thresholds"
    public static let summary = "次数不超过目标：每个 per 周期内 metric ≤ max"
    public static let parameterKeys = ["metric", "max", "per"]
    public static let examples = [
        EvaluatorExample("at the cap", check: "kind: count_at_most\nmetric: example_incidents\nmax: 2\nper: year",
                         evidence: "facts:\n  example_incidents: 2\n", expected: .met),
        EvaluatorExample("over the cap", check: "kind: count_at_most\nmetric: example_incidents\nmax: 2\nper: year",
                         evidence: "facts:\n  example_incidents: 3\n", expected: .unmet),
    ]

    let bound: MetricBound

    public init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, units: [.count]) }
        let max = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "max", unit: .count) }
        let per = problems.attempt { () throws(Diagnostic) in try CountPeriod.read(parameters) }
        try problems.finish(reportingTo: context)
        bound = MetricBound(binding: binding!, limit: max!, comparison: .atMost, per: per!)
    }

    public func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    public func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    public var requirement: String { bound.requirement }
    public var targets: [Target] { [bound.target] }
    public func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    public var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
