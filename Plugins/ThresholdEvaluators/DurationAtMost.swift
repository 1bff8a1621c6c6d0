package import FazhiCore
package import FazhiBase

/// `duration_at_most`: a duration metric ≤ `max` (`不超过3个工作日`, `5小时内`).
///
/// `unit` (`days`, `working_days`, `hours`, `minutes`) is required and must agree with the metric's
/// unit: a mismatch is a load error at the `unit:` line, never a silent conversion (a working day is
/// not a fixed number of days).
package struct DurationAtMost: IndicatorEvaluator {
    package static let kind = "duration_at_most"
    package static let family = "thresholds"
    package static let summary = "时限不超过目标：metric ≤ max（unit 须与指标单位一致）"
    package static let parameterKeys = ["metric", "max", "unit"]
    package static let examples = [
        EvaluatorExample("within three working days", check: "kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 2.5\n", expected: .met),
        EvaluatorExample("took longer", check: "kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 4\n", expected: .unmet),
        EvaluatorExample("hours", check: "kind: duration_at_most\nmetric: example_hours\nmax: 5\nunit: hours",
                         evidence: "facts:\n  example_hours: 5\n", expected: .met),
    ]

    let bound: MetricBound

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        let (binding, max) = try context.requireDuration(parameters, key: "max")
        bound = MetricBound(binding: binding, limit: max, comparison: .atMost, per: nil)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    package func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    package var requirement: String { bound.requirement }
    package var targets: [Target] { [bound.target] }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
