public import FazhiCore
public import FazhiBase

/// `no_incident`: a count of incidents is 0 (`没有发生…`). More than 0 is unmet, "发生 N 起".
public struct NoIncident: IndicatorEvaluator {
    public static let kind = "no_incident"
    public static let family = "procedural"
    public static let summary = "未发生：计数 metric = 0"
    public static let parameterKeys = ["metric"]
    public static let examples = [
        EvaluatorExample("none", check: "kind: no_incident\nmetric: example_incidents",
                         evidence: "facts:\n  example_incidents: 0\n", expected: .met),
        EvaluatorExample("one", check: "kind: no_incident\nmetric: example_incidents",
                         evidence: "facts:\n  example_incidents: 1\n", expected: .unmet),
    ]

    let binding: MetricBinding

    public init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        binding = try context.requireMetric(parameters, units: [.count])
    }

    public func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let v = facts[binding.slot]
        if v == UnitFacts.missing { return .noEvidence }
        return v == 0 ? .met : .unmet
    }

    public func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let v = facts[binding.slot]
        let reason: String
        if v == UnitFacts.missing { reason = "缺少\(binding.metric.name)（\(binding.metric.id)）的佐证" }
        else if v == 0 { reason = "未发生（\(binding.metric.name) 0）" }
        else { reason = "发生 \(FixedPoint(raw: v)) 起（\(binding.metric.name)）" }
        return Finding(outcome, reason, slots: [binding.slot])
    }

    public var requirement: String { "未发生" }
    public var targets: [Target] { [Target(metric: binding.metric.id, comparison: .equals, value: .zero, unit: .count)] }
    public func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { binding.evidenceProblem(facts) }
    public var compiledCheck: CompiledCheck? { .interval(slot: binding.slot, lo: 0, hi: 0) }
}
