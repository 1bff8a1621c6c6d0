public import FazhiCore
public import FazhiBase

/// `duration_at_most`: a duration metric ≤ `max` (`不超过3个工作日`, `5小时内`).
///
/// `unit` (`days`, `working_days`, `hours`, `minutes`) is required and must agree with the metric's
/// unit: a mismatch is a load error at the `unit:` line, never a silent conversion (a working day is
/// not a fixed number of days).
public struct DurationAtMost: IndicatorEvaluator {
    public static let kind = "duration_at_most"
    public static let family = "thresholds"
    public static let summary = "时限不超过目标：metric ≤ max（unit 须与指标单位一致）"
    public static let parameterKeys = ["metric", "max", "unit"]
    public static let examples = [
        EvaluatorExample("within three working days", check: "kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 2.5\n", expected: .met),
        EvaluatorExample("took longer", check: "kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: working_days",
                         evidence: "facts:\n  example_working_days: 4\n", expected: .unmet),
        EvaluatorExample("hours", check: "kind: duration_at_most\nmetric: example_hours\nmax: 5\nunit: hours",
                         evidence: "facts:\n  example_hours: 5\n", expected: .met),
    ]

    let bound: MetricBound

    public init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        let (binding, max) = try context.requireDuration(parameters, key: "max")
        bound = MetricBound(binding: binding, limit: max, comparison: .atMost, per: nil)
    }

    public func evaluate(_ facts: borrowing UnitFacts) -> Outcome { bound.evaluate(facts) }
    public func explain(_ facts: borrowing UnitFacts) -> Finding { bound.explain(facts) }
    public var requirement: String { bound.requirement }
    public var targets: [Target] { [bound.target] }
    public func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { bound.evidenceProblem(facts) }
    public var compiledCheck: CompiledCheck? { bound.compiledCheck }
}
