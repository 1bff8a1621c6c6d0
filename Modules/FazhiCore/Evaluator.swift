package import FazhiBase

/// An evaluator kind: how one indicator (or adjustment, veto, sub-check) is decided.
///
/// Each family lives in its own module under `Plugins/` and depends only on this module. An evaluator
/// is built once, when the ruleset loads: it validates its parameters (so a bad threshold is reported at
/// its line), binds the metrics it reads to fixed slots, and is then asked about many units.
///
/// `evaluate` is the hot path: it reads numbers from slots and allocates nothing. `explain` is the
/// slow path that says in words why, for reports.
package protocol IndicatorEvaluator: Sendable {
    /// The `kind:` that selects this evaluator, e.g. `rate_at_least`.
    static var kind: String { get }
    /// The family it belongs to (`thresholds`, `procedural`, `composite`, `expression`).
    static var family: String { get }
    /// One line for `fazhi explain` and the docs.
    static var summary: String { get }
    /// Parameter keys this kind accepts, besides the keys every check may carry (`kind`, `title`).
    static var parameterKeys: [String] { get }
    /// Worked examples (a check and facts, with the expected outcome) that drive one parameterized test.
    static var examples: [EvaluatorExample] { get }

    /// Validates the parameters and binds metrics to slots. Problems go to `context.report` (all of
    /// them, not just the first); throw only when the evaluator cannot be built at all.
    init(parameters: NodeValue, context: PlanContext) throws(Diagnostic)

    /// The outcome for one unit. No allocation, no strings.
    func evaluate(_ facts: borrowing UnitFacts) -> Outcome

    /// The outcome with its reason in words ("出庭应诉率 95% < 100%") and the slots it read.
    func explain(_ facts: borrowing UnitFacts) -> Finding

    /// The requirement in words ("≥ 100%", "每年不少于 4 次"), for `show`, `explain` and crosswalks.
    var requirement: String { get }

    /// The targets this check sets, one per metric it compares (composites list their parts').
    var targets: [Target] { get }

    /// Evidence this check cannot accept, e.g. a numerator above its denominator. Checked before scoring
    /// so that bad evidence is an error at its line, never a silent wrong score.
    func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem?

    /// The same decision as `evaluate` in a form the bulk scorer runs without calling the evaluator
    /// (an interval test on a slot, a verdict, a date against a deadline), or nil. Optional: a kind
    /// without it is still scored, through `evaluate`.
    var compiledCheck: CompiledCheck? { get }

    /// True for a check that earns points rather than a share of its weight (`deductions`): its
    /// finding's `points` are what the item earns of its points, exactly, and its outcome's credit is
    /// only that as a fraction, for display.
    var earnsPoints: Bool { get }
}

extension IndicatorEvaluator {
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { nil }
    package var compiledCheck: CompiledCheck? { nil }
    package var targets: [Target] { [] }
    package var earnsPoints: Bool { false }
}

/// A check reduced to data, for bulk scoring (see `IndicatorEvaluator.compiledCheck`). Each case
/// decides exactly what its evaluator's `evaluate` decides.
package enum CompiledCheck: Sendable, Hashable {
    /// Missing → noEvidence; `lo ≤ v ≤ hi` → met; otherwise unmet. (A threshold, a boolean, no incident.)
    case interval(slot: Int, lo: Int64, hi: Int64)
    /// An assessor's verdict, own slot first: met, partial, unmet; missing → noEvidence; other → error.
    case verdict(own: Int, whole: Int)
    /// A completion date, own slot first: on or before `byDay` → met, after → unmet; missing → not
    /// applicable while the evaluation date is on or before `byDay`, else noEvidence.
    case doneBy(own: Int, whole: Int, byDay: Int64)
    /// `all_of` over checks (see `AllOf` for how outcomes combine).
    indirect case allOf([CompiledCheck])
    /// `any_of` over checks (see `AnyOf`).
    indirect case anyOf([CompiledCheck])
}

/// A worked example an evaluator ships with: the check's parameters as YAML, facts as YAML (the
/// `facts:`/`verdicts:`/`events:` sections of an evidence file), and the outcome it must give.
package struct EvaluatorExample: Sendable {
    package var name: String
    package var check: String
    package var evidence: String
    package var expected: OutcomeState
    package var asOf: CalendarDate?

    package init(_ name: String, check: String, evidence: String, expected: OutcomeState, asOf: CalendarDate? = nil) {
        self.name = name
        self.check = check
        self.evidence = evidence
        self.expected = expected
        self.asOf = asOf
    }
}

/// One quantitative target of a check: which metric, which way, how much.
package struct Target: Sendable, Hashable {
    package enum Comparison: String, Sendable, Hashable { case atLeast = ">=", atMost = "<=", equals = "==" }
    package var metric: String
    package var comparison: Comparison
    package var value: FixedPoint
    /// The unit the value is in (`percent` values are fractions of one).
    package var unit: MetricUnit
    /// For counts: the period the count is per (`year`, …).
    package var per: String?

    package init(metric: String, comparison: Comparison, value: FixedPoint, unit: MetricUnit, per: String? = nil) {
        self.metric = metric
        self.comparison = comparison
        self.value = value
        self.unit = unit
        self.per = per
    }

    /// "≥ 100%", "≤ 3 个工作日"
    package var text: String {
        let op = comparison == .atLeast ? "≥" : comparison == .atMost ? "≤" : "="
        return "\(op) \(unit.format(value))"
    }
}

/// What happened to one indicator for one unit, after XCCDF's result states.
public enum OutcomeState: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case met, partial, unmet, notApplicable, noEvidence, error

    public var description: String {
        switch self {
        case .met: "met"
        case .partial: "partial"
        case .unmet: "unmet"
        case .notApplicable: "notApplicable"
        case .noEvidence: "noEvidence"
        case .error: "error"
        }
    }

    /// The Chinese word shown in reports.
    package var chinese: String {
        switch self {
        case .met: "达到"
        case .partial: "部分达到"
        case .unmet: "未达到"
        case .notApplicable: "不适用"
        case .noEvidence: "无佐证"
        case .error: "错误"
        }
    }

    package init?(name: String) {
        guard let state = OutcomeState.allCases.first(where: { $0.description == name }) else { return nil }
        self = state
    }
}

/// An outcome and the credit it earns (1 for met; a fraction for scores and partial results).
package struct Outcome: Sendable, Hashable {
    package var state: OutcomeState
    /// Credit in [0, 1] as a fixed-point fraction.
    package var credit: FixedPoint

    package init(_ state: OutcomeState, credit: FixedPoint? = nil) {
        self.state = state
        self.credit = credit ?? (state == .met ? .one : .zero)
    }

    package static let met = Outcome(.met)
    package static let unmet = Outcome(.unmet)
    package static let noEvidence = Outcome(.noEvidence)
    package static let notApplicable = Outcome(.notApplicable)
    package static let error = Outcome(.error)
}

/// An outcome with the reason in words and the slots that were read (for provenance in reports).
package struct Finding: Sendable {
    package var outcome: Outcome
    package var reason: String
    package var slots: [Int]
    /// Why, as a stable key beside the words (for the store, the web app and exports to filter on).
    package var code: ReasonCode
    /// For a check that earns points (`earnsPoints`): the points earned, exact.
    package var points: FixedPoint?

    package init(_ outcome: Outcome, _ reason: String, slots: [Int] = [], code: ReasonCode? = nil, points: FixedPoint? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.slots = slots
        self.code = code ?? ReasonCode(outcome.state)
        self.points = points
    }
}

/// Why an indicator came out as it did, as a stable snake_case key: the reason text says it in words
/// for a reader, the code says it for a program (a filter in the web app, a column in an export, a
/// count of units whose evidence is missing). Codes are only ever added, never renamed.
public struct ReasonCode: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    package init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The code of an outcome when nothing more specific is known.
    package init(_ state: OutcomeState) {
        switch state {
        case .met: rawValue = "met"
        case .partial: rawValue = "partial"
        case .unmet: rawValue = "unmet"
        case .notApplicable: rawValue = "not_applicable"
        case .noEvidence: rawValue = "no_evidence"
        case .error: rawValue = "error"
        }
    }

    /// A figure the check needs is not in the evidence.
    package static let missingFact = ReasonCode("missing_fact")
    /// The evidence holds a value the check refuses (a numerator above its denominator, …).
    package static let invalidEvidence = ReasonCode("invalid_evidence")
    /// A threshold met or missed.
    package static let targetMet = ReasonCode("target_met")
    package static let targetMissed = ReasonCode("target_missed")
    /// A ratio whose denominator is zero.
    package static let zeroDenominator = ReasonCode("zero_denominator")
    /// No incident, or one or more.
    package static let noIncident = ReasonCode("no_incident")
    package static let incidentOccurred = ReasonCode("incident_occurred")
    /// A deadline: done on time, done late, not yet due, due with no completion date.
    package static let doneOnTime = ReasonCode("done_on_time")
    package static let doneLate = ReasonCode("done_late")
    package static let notYetDue = ReasonCode("not_yet_due")
    package static let overdue = ReasonCode("overdue")
    /// An assessor's verdict, or none yet, or one that is not met/partial/unmet.
    package static let verdictMet = ReasonCode("verdict_met")
    package static let verdictPartial = ReasonCode("verdict_partial")
    package static let verdictUnmet = ReasonCode("verdict_unmet")
    package static let verdictMissing = ReasonCode("verdict_missing")
    package static let verdictInvalid = ReasonCode("verdict_invalid")
    /// An expression true or false.
    package static let expressionTrue = ReasonCode("expression_true")
    package static let expressionFalse = ReasonCode("expression_false")
    /// Decided by the scorer before the check: an exemption, an `appliesTo` that excludes the unit,
    /// an attribute `appliesTo` needs and the unit does not give.
    package static let exempted = ReasonCode("exempted")
    /// A points item (`deductions`): full points, some deducted, all deducted.
    package static let fullPoints = ReasonCode("full_points")
    package static let pointsDeducted = ReasonCode("points_deducted")
    package static let notApplicable = ReasonCode("not_applicable")
    package static let attributeMissing = ReasonCode("attribute_missing")
}

/// Evidence a check refuses: which slot, and why.
package struct EvidenceProblem: Sendable {
    package var slot: Int
    package var message: String
    package init(slot: Int, message: String) {
        self.slot = slot
        self.message = message
    }
}

/// One unit's facts, in the plan's fixed slots. Values are integers:
/// - numbers are `FixedPoint.raw` (rates as fractions of one: 95% is 950_000);
/// - assessor verdicts are `Verdict.rawValue`;
/// - event dates are days since 1970-01-01;
/// - attributes used by `appliesTo` are interned codes.
/// A missing value is `UnitFacts.missing`.
public struct UnitFacts: Sendable {
    public static let missing = Int64.min
    public var values: [Int64]
    /// The evaluation date, in days since 1970-01-01 (decides deadline checks).
    package var asOfDay: Int

    package init(slotCount: Int, asOfDay: Int) {
        values = [Int64](repeating: UnitFacts.missing, count: slotCount)
        self.asOfDay = asOfDay
    }

    @inlinable public subscript(slot: Int) -> Int64 {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    @inlinable public func has(_ slot: Int) -> Bool { values[slot] != UnitFacts.missing }
}

/// An assessor's verdict on a qualitative indicator.
public enum Verdict: Int64, Sendable, CaseIterable {
    case unmet = 0, partial = 1, met = 2

    package init?(text: String) {
        switch text {
        case "met", "达到", "完成", "是": self = .met
        case "partial", "部分达到", "部分完成": self = .partial
        case "unmet", "未达到", "未完成", "否": self = .unmet
        default: return nil
        }
    }

    /// The word evidence files use: met, partial, unmet (what `"\(verdict)"` gives, without the
    /// runtime's reflection).
    package var word: String {
        switch self {
        case .met: "met"
        case .partial: "partial"
        case .unmet: "unmet"
        }
    }
}
