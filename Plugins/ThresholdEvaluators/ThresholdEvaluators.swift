import FazhiCore
import FazhiBase

// The thresholds family: a metric's value against a target fixed at load time.
//
// Every kind here reads one slot (ratio_at_least two) and compares raw `FixedPoint` integers, so a
// value exactly on its target is decided exactly. A missing value is `noEvidence`.

/// One metric against one target, compared as raw integers. Shared by the threshold kinds.
struct MetricBound: Sendable {
    let binding: MetricBinding
    let limit: FixedPoint
    /// `.atLeast` or `.atMost`.
    let comparison: Target.Comparison
    /// For counts: the period the count is per.
    let per: CountPeriod?

    @inline(__always)
    func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let v = facts[binding.slot]
        if v == UnitFacts.missing { return .noEvidence }
        let ok = comparison == .atLeast ? v >= limit.raw : v <= limit.raw
        return ok ? .met : .unmet
    }

    func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let v = facts[binding.slot]
        guard v != UnitFacts.missing else {
            return Finding(outcome, Metric.request([binding.metric]), slots: [binding.slot], code: .missingFact)
        }
        let op: String
        switch (comparison, outcome.state == .met) {
        case (.atLeast, true): op = v == limit.raw ? "=" : ">"
        case (.atLeast, false): op = "<"
        case (_, true): op = v == limit.raw ? "=" : "<"
        case (_, false): op = ">"
        }
        var reason = "\(binding.metric.name) \(binding.format(v)) \(op) \(binding.metric.unit.format(limit))"
        if let per, per != .period, per != .none { reason += "（\(per.chinese)）" }
        return Finding(outcome, reason, slots: [binding.slot], code: outcome.state == .met ? .targetMet : .targetMissed)
    }

    var target: Target {
        Target(metric: binding.metric.id, comparison: comparison, value: limit, unit: binding.metric.unit, per: per?.rawValue)
    }

    /// "≥ 90%", "≤ 3 个工作日", "每年不少于 4 次".
    var requirement: String {
        guard let per else { return target.text }
        if per == .none { return "\(comparison == .atLeast ? "不少于" : "不超过") \(limit)（人数/数量，不分期间）" }
        return "\(per.chinese)\(comparison == .atLeast ? "不少于" : "不超过") \(limit) 次"
    }

    func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { binding.evidenceProblem(facts) }

    /// `v ≥ limit` or `v ≤ limit` as an interval (the lowest slot value is `UnitFacts.missing`).
    var compiledCheck: CompiledCheck {
        comparison == .atLeast ? .interval(slot: binding.slot, lo: limit.raw, hi: .max)
                               : .interval(slot: binding.slot, lo: UnitFacts.missing + 1, hi: limit.raw)
    }
}

/// The period a count is per (`per:`). The fact is the count in one such period; where the evaluation
/// period holds several (`per: quarter` over a year), evidence gives the smallest of them, since the
/// requirement holds for each.
enum CountPeriod: String, Sendable, CaseIterable {
    case year, half_year, quarter, month, period
    /// Periods longer than a year (每2年, 每3年, 每5年): the fact is the count over that many years.
    case two_years, three_years, five_years
    /// No period: a standing count, such as a headcount (2名以上执法人员, 配备3名法律顾问).
    case none

    var chinese: String {
        switch self {
        case .year: "每年"
        case .half_year: "每半年"
        case .quarter: "每季度"
        case .month: "每月"
        case .period: "评估期内"
        case .two_years: "每2年"
        case .three_years: "每3年"
        case .five_years: "每5年"
        case .none: "人数/数量"
        }
    }

    /// `per:` of a count check; optional, `period` (the whole evaluation period) when absent.
    static func read(_ parameters: NodeValue) throws(Diagnostic) -> CountPeriod {
        guard let value = parameters["per"], !value.isNull else { return .period }
        let text = try value.text()
        guard let per = CountPeriod(rawValue: text) else {
            let names = allCases.map(\.rawValue)
            let hint = Suggest.closest(to: text, among: names).map { "did you mean \"\($0)\"?" }
            throw value.expected("one of \(names.joined(separator: ", "))", hint: hint)
        }
        return per
    }
}

