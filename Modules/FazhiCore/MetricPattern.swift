package import FazhiBase

/// How a metric's figure is recognised in a narrative annual report (`patterns:` on a metric in
/// `rulesets/metrics.yaml`; read by `fazhi extract`). A pattern is data, so a new metric needs YAML,
/// not Swift. See docs/ruleset-format.md, "Recognition patterns".
///
///     patterns:
///       - near: [规范性文件合法性审查, 规范性文件合法性审核]   # the words that name the figure
///         counters: [件]                                    # the measure word the number carries
///       - near: [法定期限内审结]
///         context: [复议]
///         form: all                                         # 所有复议案件均在法定期限内审结 → 100%
package struct MetricPattern: Sendable {
    /// Where the naming word stands relative to the number.
    package enum Side: String, Sendable, CaseIterable {
        /// 出庭率 100%, 审查 53 件: the word, then the number.
        case before
        /// 60 本行政执法案卷, 1758 项行政审批及公共服务事项: the number, then the noun.
        case after
        case either
    }

    /// What shape the statement takes.
    package enum Form: String, Sendable, CaseIterable {
        /// A number with its unit: 100%, 53 件, 三个工作日.
        case figure
        /// No number, but every case (所有/全部/均/一律/无一例外): 100%. Percent metrics only.
        case all
        /// No number, but nothing happened (未发生/没有发生/无/零): 0. Count and percent metrics only.
        case none
    }

    /// Words that name the figure; one must stand next to the number (within `within` characters).
    package var near: [String]
    package var side: Side
    /// The most characters between the naming word and the number.
    package var within: Int
    /// Words of which one must appear somewhere in the same sentence (empty: no condition).
    package var context: [String]
    /// Words that must not appear in the figure's clause.
    package var exclude: [String]
    /// The measure words the number must carry (件, 次, 本 …). Percent metrics read `%`, `％` and
    /// 百分之…; duration and score metrics default to their unit's words.
    package var counters: [String]
    package var form: Form
    /// The starting confidence of a figure this pattern finds, before deductions (approximate, bound …).
    package var confidence: Double
    package var location: SourceLocation?

    package init(near: [String], side: Side = .before, within: Int = MetricPattern.defaultWithin, context: [String] = [],
                exclude: [String] = [], counters: [String], form: Form = .figure, confidence: Double? = nil,
                location: SourceLocation? = nil) {
        self.near = near
        self.side = side
        self.within = within
        self.context = context
        self.exclude = exclude
        self.counters = counters
        self.form = form
        self.confidence = confidence ?? MetricPattern.defaultConfidence(form)
        self.location = location
    }

    package static let defaultWithin = 16
    package static let maxWithin = 60
    package static let allowedKeys = ["near", "side", "within", "context", "exclude", "counters", "form", "confidence"]

    package static func defaultConfidence(_ form: Form) -> Double { form == .figure ? 0.9 : 0.75 }

    /// The measure words a unit's figures carry when a pattern names none.
    package static func defaultCounters(for unit: MetricUnit) -> [String] {
        switch unit {
        case .working_days: ["个工作日", "工作日"]
        case .days: ["个自然日", "自然日", "日", "天"]
        case .hours: ["个小时", "小时"]
        case .minutes: ["分钟"]
        case .score: ["分"]
        case .percent, .count, .boolean: []
        }
    }

    /// Reads a metric's `patterns:` list, adding every problem to `problems`.
    static func parse(_ value: NodeValue?, unit: MetricUnit, problems: inout [Diagnostic]) -> [MetricPattern] {
        guard let value, !value.isNull else { return [] }
        if unit == .boolean {
            problems.append(value.error("patterns are not read for boolean metrics; expected no \"patterns\" on a yes/no metric"))
            return []
        }
        let items: [NodeValue]
        do { items = try value.list() } catch {
            problems.append(error)
            return []
        }
        var out: [MetricPattern] = []
        for item in items {
            guard item.isMapping else {
                problems.append(item.expected("a pattern mapping such as { near: [出庭率], side: before }"))
                continue
            }
            let before = problems.count
            problems += item.unknownKeys(allowed: allowedKeys, context: "a recognition pattern")
            let near = words("near", in: item, required: true, problems: &problems)
            let context = words("context", in: item, required: false, problems: &problems)
            let exclude = words("exclude", in: item, required: false, problems: &problems)
            var side = Side.before
            if let s = item["side"] {
                if let text = try? s.text(), let parsed = Side(rawValue: text) { side = parsed } else {
                    problems.append(s.expected("before, after or either"))
                }
            }
            var form = Form.figure
            if let f = item["form"] {
                if let text = try? f.text(), let parsed = Form(rawValue: text) { form = parsed } else {
                    problems.append(f.expected("figure, all or none"))
                }
            }
            var within = defaultWithin
            if let w = item["within"] {
                if let n = try? w.int(), n >= 0, n <= maxWithin { within = n } else {
                    problems.append(w.expected("a whole number of characters from 0 to \(maxWithin)"))
                }
            }
            var confidence: Double?
            if let c = item["confidence"] {
                if let n = try? c.number(), n > .zero, n <= .one { confidence = n.doubleValue } else {
                    problems.append(c.expected("a confidence above 0 and at most 1, e.g. 0.8"))
                }
            }
            var counters = words("counters", in: item, required: false, problems: &problems)
            switch (form, unit) {
            case (.all, let u) where u != .percent:
                problems.append(item["form"]!.error("form \"all\" reads 100% and fits percent metrics only; this metric is in \(unit.rawValue)"))
            case (.none, let u) where u != .count && u != .percent:
                problems.append(item["form"]!.error("form \"none\" reads 0 and fits count and percent metrics only; this metric is in \(unit.rawValue)"))
            default: break
            }
            if unit == .percent, let c = item["counters"] {
                problems.append(c.error("a percent metric reads % and 百分之…; expected no \"counters\" here"))
            } else if unit == .count, form == .figure, counters.isEmpty, item["counters"] == nil {
                problems.append(Diagnostic.error("\(item.path): missing \"counters\"; expected the measure words a count carries, e.g. counters: [件, 次]",
                                                 at: item.location))
            }
            if counters.isEmpty { counters = defaultCounters(for: unit) }
            if problems.count == before {
                out.append(MetricPattern(near: near, side: side, within: within, context: context, exclude: exclude,
                                         counters: counters, form: form, confidence: confidence, location: item.location))
            }
        }
        return out
    }

    /// A list (or one) of non-empty words without digits or spaces.
    private static func words(_ key: String, in item: NodeValue, required: Bool, problems: inout [Diagnostic]) -> [String] {
        guard let value = item[key], !value.isNull else {
            if required {
                problems.append(Diagnostic.error("\(item.path): missing \"\(key)\"; expected the words that name the figure, e.g. \(key): [出庭率]",
                                                 at: item.location))
            }
            return []
        }
        let items: [NodeValue]
        do { items = try value.listOrSingle() } catch {
            problems.append(error)
            return []
        }
        var out: [String] = []
        let before = problems.count
        for v in items {
            guard let text = try? v.text(), !text.isEmpty else {
                problems.append(v.expected("a word"))
                continue
            }
            if text.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }) {
                problems.append(v.error("\"\(text)\" holds a space; expected a word as printed (spaces in the report are skipped when matching)"))
                continue
            }
            out.append(text)
        }
        if required, out.isEmpty, problems.count == before {
            problems.append(value.expected("at least one word"))
        }
        return out
    }
}
