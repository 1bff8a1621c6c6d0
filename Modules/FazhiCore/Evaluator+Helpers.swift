package import FazhiBase

// Helpers the evaluator families share. They live in the core module because each family depends on
// FazhiCore only. Nothing here changes the contract in Evaluator.swift or PlanContext.swift.

// MARK: Sub-check scopes

extension PlanContext {
    /// Separates a sub-check's position from its indicator's id in verdict and event keys:
    /// the second sub-check of `nx-15` is `nx-15#2`, its first sub-sub-check `nx-15#2#1`.
    package static let subCheckSeparator: Character = "#"

    /// Builds the sub-check at 0-based `index` of the check being compiled, with `indicatorID` scoped to
    /// `ID#n` (n 1-based), so that an `assessed` or `done_by` inside a composite has a verdict or event
    /// of its own. Evidence may give either `ID#n` or the whole indicator's `ID`; the sub-check reads its
    /// own key first and falls back to the indicator's (see `verdictSlots()`).
    package func makeSubCheck(_ check: NodeValue, index: Int, extraKeys: [String] = []) -> (any IndicatorEvaluator)? {
        let saved = indicatorID
        indicatorID = "\(saved)\(PlanContext.subCheckSeparator)\(index + 1)"
        defer { indicatorID = saved }
        return makeEvaluator(check, extraKeys: extraKeys)
    }

    /// The id of the indicator the current check belongs to: `indicatorID` without sub-check positions.
    package var wholeIndicatorID: String {
        guard let cut = indicatorID.firstIndex(of: PlanContext.subCheckSeparator) else { return indicatorID }
        return String(indicatorID[..<cut])
    }

    /// The verdict slots of the current check: its own, and the whole indicator's (equal at top level).
    package func verdictSlots() -> SlotPair {
        SlotPair(own: verdictSlot(), whole: slot(for: .verdict(wholeIndicatorID)))
    }

    /// The event (completion date) slots of the current check: its own, and the whole indicator's.
    package func eventSlots() -> SlotPair {
        SlotPair(own: eventSlot(), whole: slot(for: .event(wholeIndicatorID)))
    }
}

/// A check's own slot and the slot of the indicator it belongs to; reads prefer the own slot.
package struct SlotPair: Sendable, Hashable {
    package var own: Int
    package var whole: Int

    package init(own: Int, whole: Int) {
        self.own = own
        self.whole = whole
    }

    /// The value in the own slot, else in the whole indicator's slot, else `UnitFacts.missing`.
    @inlinable package func read(_ facts: borrowing UnitFacts) -> Int64 {
        let v = facts[own]
        return v != UnitFacts.missing ? v : facts[whole]
    }

    /// The slot `read` took its value from (for provenance).
    @inlinable package func source(_ facts: borrowing UnitFacts) -> Int {
        facts[own] != UnitFacts.missing ? own : whole
    }
}

// MARK: Reading parameters that must all be right

/// The problems an evaluator's `init` finds, collected so that all of them are reported, each once.
///
/// Each parameter is read through `attempt` (with the throwing `requireMetric`, `requireThreshold`, …),
/// so one bad parameter does not hide the next; `finish(reportingTo:)` reports all but the last and
/// throws the last, which `makeEvaluator` (or the loader) reports. Every problem is reported exactly
/// once, in order.
package struct LoadProblems {
    package private(set) var list: [Diagnostic] = []

    package init() {}

    package var isEmpty: Bool { list.isEmpty }

    package mutating func add(_ diagnostic: Diagnostic) { list.append(diagnostic) }
    package mutating func add(_ diagnostics: [Diagnostic]) { list += diagnostics }

    /// The value `body` reads, or nil with its problem kept.
    package mutating func attempt<T>(_ body: () throws(Diagnostic) -> T) -> T? {
        do { return try body() } catch { list.append(error); return nil }
    }

    /// Reports all but the last problem to `context` and throws the last; returns when there are none.
    package func finish(reportingTo context: PlanContext) throws(Diagnostic) {
        guard let last = list.last else { return }
        context.report(Array(list.dropLast()))
        throw last
    }
}

extension PlanContext {
    /// The metric named at `key` of `parameters`, bound to its slot; missing, unknown ("did you mean")
    /// or of the wrong unit is a located error.
    package func requireMetric(_ parameters: NodeValue, key: String = "metric", units: Set<MetricUnit>? = nil) throws(Diagnostic) -> MetricBinding {
        guard let value = parameters[key], !value.isNull else {
            throw Diagnostic.error("\(parameters.path): missing \"\(key)\"; expected a metric id from the catalog",
                                   at: SourceLocation(source: parameters.source, start: parameters.node.start))
        }
        return try requireMetric(named: value, units: units)
    }

    /// Resolves the metric id written at `value`, with "did you mean" and a unit check.
    package func requireMetric(named value: NodeValue, units: Set<MetricUnit>? = nil) throws(Diagnostic) -> MetricBinding {
        let id = try value.text()
        guard let metric = catalog[id] else { throw unknownMetric(id, at: value) }
        if let units, !units.contains(metric.unit) {
            let wanted = units.map(\.rawValue).sorted().joined(separator: " or ")
            throw value.error("metric \"\(id)\" is measured in \(metric.unit.rawValue); this check expects \(wanted)")
        }
        return MetricBinding(metric: metric, slot: slot(for: .metric(id)))
    }

    /// Binds a catalog metric to its slot (for evaluators that find metric ids inside a scalar).
    package func bind(_ metric: Metric) -> MetricBinding {
        MetricBinding(metric: metric, slot: slot(for: .metric(metric.id)))
    }

    /// "unknown metric" at `value`, with a hint: the id a Chinese name belongs to, or the closest id.
    package func unknownMetric(_ id: String, at value: NodeValue) -> Diagnostic {
        unknownMetric(id, path: value.path, location: value.location)
    }

    /// "unknown metric" at any location (the expression evaluator points inside a scalar).
    package func unknownMetric(_ id: String, path: NodePath, location: SourceLocation) -> Diagnostic {
        let hint = catalog.lookup(id).map { "\"\(id)\" is the name of metric \"\($0.id)\"; use the id" }
            ?? Suggest.closest(to: id, among: catalog.ids).map { "did you mean \"\($0)\"?" }
        return Diagnostic.error("\(path): unknown metric \"\(id)\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there)", at: location, hint: hint)
    }

    /// A target in the metric's unit: a rate for `percent`, a whole number for `count`, a non-negative
    /// number for durations, 0–100 for scores, true/false for `boolean`.
    package func requireThreshold(_ parameters: NodeValue, _ key: String, unit: MetricUnit) throws(Diagnostic) -> FixedPoint {
        try unit.read(parameters.required(key, "a target in \(unit.rawValue)"))
    }
}

extension PlanContext {
    /// Units a duration check accepts.
    package static let durationUnits: Set<MetricUnit> = [.days, .working_days, .hours, .minutes]

    /// Reads a duration check (`duration_at_most`, `duration_at_least`, `published_within`): its metric,
    /// its `unit:`, which must agree with the metric's unit (a mismatch is reported at the `unit:` line,
    /// never converted: a working day is not a fixed number of days), and its target at `key`.
    package func requireDuration(_ parameters: NodeValue, key: String) throws(Diagnostic) -> (MetricBinding, FixedPoint) {
        var problems = LoadProblems()
        let binding = problems.attempt { () throws(Diagnostic) in try requireMetric(parameters, units: PlanContext.durationUnits) }
        let unit = problems.attempt { () throws(Diagnostic) -> MetricUnit in
            let value = try parameters.required("unit", "the unit of the target (days, working_days, hours or minutes)")
            let text = try value.text()
            let names = ["days", "working_days", "hours", "minutes"]
            guard names.contains(text), let unit = MetricUnit(rawValue: text) else {
                let hint = Suggest.closest(to: text, among: names).map { "did you mean \"\($0)\"?" }
                throw value.expected("one of \(names.joined(separator: ", "))", hint: hint)
            }
            if let binding, binding.metric.unit != unit {
                throw value.error("unit \"\(text)\" does not agree with metric \"\(binding.metric.id)\", which is measured in \(binding.metric.unit.rawValue)",
                                  hint: "write unit: \(binding.metric.unit.rawValue), or choose a metric measured in \(text)")
            }
            return unit
        }
        let limit = problems.attempt { () throws(Diagnostic) in
            try requireThreshold(parameters, key, unit: binding?.metric.unit ?? unit ?? .days)
        }
        try problems.finish(reportingTo: self)
        return (binding!, limit!)
    }
}

// MARK: Values of a bound metric

extension MetricBinding {
    /// A raw slot value in the metric's unit as people write it ("95%", "3 个工作日").
    package func format(_ raw: Int64) -> String { metric.unit.format(FixedPoint(raw: raw)) }

    /// Why a value cannot be a value of this metric (a rate above 100%, a negative count), or nil.
    /// Missing values are not a problem here: checks report them as `noEvidence`.
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        let v = facts[slot]
        guard v != UnitFacts.missing, let why = metric.unit.problem(withRaw: v) else { return nil }
        return EvidenceProblem(slot: slot, message: "\(metric.id)（\(metric.name)）的值 \(FixedPoint(raw: v)) \(why)")
    }
}

extension MetricUnit {
    /// Why `raw` (a `FixedPoint.raw`) is not a value in this unit, or nil when it is.
    package func problem(withRaw raw: Int64) -> String? {
        switch self {
        case .percent:
            return raw < 0 || raw > FixedPoint.scale ? "不在 0%–100% 之间" : nil
        case .count:
            if raw < 0 { return "是负数，次数不能为负" }
            return raw % FixedPoint.scale != 0 ? "不是整数，次数应为整数" : nil
        case .score:
            return raw < 0 || raw > 100 * FixedPoint.scale ? "不在 0–100 分之间" : nil
        case .boolean:
            return raw != 0 && raw != FixedPoint.scale ? "不是 是/否" : nil
        case .days, .working_days, .hours, .minutes:
            return raw < 0 ? "是负数，时长不能为负" : nil
        }
    }
}

extension Metric {
    /// What a check lacking figures asks the unit for, in words: "请提供 行政机关负责人出庭应诉率
    /// （court_appearance_rate）及出处" (the id in parentheses, for the batch column or evidence key).
    package static func request(_ metrics: [Metric]) -> String {
        "请提供 " + metrics.map { "\($0.name)（\($0.id)）" }.joined(separator: "、") + "及出处"
    }
}
