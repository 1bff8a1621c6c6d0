package import FazhiCore
package import FazhiBase

/// `no_incident`: a count of incidents is 0 (`没有发生…`). More than 0 is unmet, "发生 N 起".
package struct NoIncident: IndicatorEvaluator {
    package static let kind = "no_incident"
    package static let family = "procedural"
    package static let summary = "未发生：计数 metric = 0"
    package static let parameterKeys = ["metric"]
    package static let examples = [
        EvaluatorExample("none", check: "kind: no_incident\nmetric: example_incidents",
                         evidence: "facts:\n  example_incidents: 0\n", expected: .met),
        EvaluatorExample("one", check: "kind: no_incident\nmetric: example_incidents",
                         evidence: "facts:\n  example_incidents: 1\n", expected: .unmet),
    ]

    let binding: MetricBinding

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        binding = try context.requireMetric(parameters, units: [.count])
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let v = facts[binding.slot]
        if v == UnitFacts.missing { return .noEvidence }
        return v == 0 ? .met : .unmet
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let v = facts[binding.slot]
        let reason: String
        if v == UnitFacts.missing { reason = Metric.request([binding.metric]) }
        else if v == 0 { reason = "未发生（\(binding.metric.name) 0）" }
        else { reason = "发生 \(FixedPoint(raw: v)) 起（\(binding.metric.name)）" }
        let code: ReasonCode = v == UnitFacts.missing ? .missingFact : v == 0 ? .noIncident : .incidentOccurred
        return Finding(outcome, reason, slots: [binding.slot], code: code)
    }

    package var requirement: String { "未发生" }
    package var targets: [Target] { [Target(metric: binding.metric.id, comparison: .equals, value: .zero, unit: .count)] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { binding.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { .interval(slot: binding.slot, lo: 0, hi: 0) }
}
