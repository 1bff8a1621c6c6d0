package import FazhiCore
package import FazhiBase

/// `duration_at_least`: a duration metric ≥ `min` (`征求意见不少于30日`). `unit` as for
/// `duration_at_most`.
package struct DurationAtLeast: IndicatorEvaluator {
    package static let kind = "duration_at_least"
    package static let family = "thresholds"
    package static let summary = "时长不少于目标：metric ≥ min（unit 须与指标单位一致）"
    package static let parameterKeys = ["metric", "min", "unit"]
    package static let examples = [
        EvaluatorExample("thirty days", check: "kind: duration_at_least\nmetric: example_days\nmin: 30\nunit: days",
                         evidence: "facts:\n  example_days: 30\n", expected: .met),
        EvaluatorExample("too short", check: "kind: duration_at_least\nmetric: example_days\nmin: 30\nunit: days",
                         evidence: "facts:\n  example_days: 20\n", expected: .unmet),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        let (binding, min) = try context.requireDuration(parameters, key: "min")
        bound = MetricBound(binding: binding, limit: min, comparison: .atLeast, per: nil)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
