package import FazhiCore
package import FazhiBase

/// `published_within`: the time from an act to its publication or filing ≤ `max` (`15个工作日内备案`).
///
/// The metric is a duration (the longest such time in the period); `unit` must agree with it, as for
/// `duration_at_most`.
package struct PublishedWithin: IndicatorEvaluator {
    package static let kind = "published_within"
    package static let family = "procedural"
    package static let summary = "在时限内公开/备案：metric ≤ max（unit 须与指标单位一致）"
    package static let parameterKeys = ["metric", "max", "unit"]
    package static let examples = [
        EvaluatorExample("filed in time", check: "kind: published_within\nmetric: example_working_days\nmax: 15\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 15\n", expected: .met),
        EvaluatorExample("filed late", check: "kind: published_within\nmetric: example_working_days\nmax: 15\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 16\n", expected: .unmet),
    ]

    let binding: MetricBinding
    let max: FixedPoint

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        (binding, max) = try context.requireDuration(parameters, key: "max")
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let v = facts[binding.slot]
        if v == UnitFacts.missing { return .noEvidence }
        return v <= max.raw ? .met : .unmet
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let v = facts[binding.slot]
        let reason = v == UnitFacts.missing
            ? Metric.request([binding.metric])
            : "\(binding.metric.name) \(binding.format(v)) \(v <= max.raw ? "≤" : ">") \(binding.metric.unit.format(max))"
        let code: ReasonCode = v == UnitFacts.missing ? .missingFact : v <= max.raw ? .targetMet : .targetMissed
        return Finding(outcome, reason, slots: [binding.slot], code: code)
    }

    package var requirement: String { "\(binding.metric.unit.format(max))内" }
    package var targets: [Target] { [Target(metric: binding.metric.id, comparison: .atMost, value: max, unit: binding.metric.unit)] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { binding.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { .interval(slot: binding.slot, lo: UnitFacts.missing + 1, hi: max.raw) }
}
