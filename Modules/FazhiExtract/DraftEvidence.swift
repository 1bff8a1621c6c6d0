import FazhiCore

/// A draft evidence file (docs/evidence-format.md) made from an extraction: every fact with its value,
/// line, quote and a note giving the confidence; the unit's id and name as placeholders the assessor
/// fills in; the figures attached to no metric listed under `notes` (and, in YAML, the other figures
/// of a metric stated twice as comments).
public struct DraftEvidence: Sendable {
    package var extraction: Extraction
    package var unitID: String
    package var unitName: String
    package var unitLevel: String?
    package var period: Int?
    /// The source id facts cite.
    package var sourceID = "report"

    package static let placeholderID = "TODO-unit-id"
    package static let placeholderName = "待填写"

    package init(_ extraction: Extraction, unitID: String? = nil, unitName: String? = nil, unitLevel: String? = nil, period: Int? = nil) {
        self.extraction = extraction
        self.unitID = unitID ?? Self.placeholderID
        self.unitName = unitName ?? Self.placeholderName
        self.unitLevel = unitLevel
        self.period = period ?? extraction.period
    }

    /// The facts in report order.
    package var facts: [ExtractedFact] { extraction.facts.sorted { ($0.line, $0.metric.id) < ($1.line, $1.metric.id) } }

    package func note(_ fact: ExtractedFact) -> String {
        (["置信度 \(fact.confidenceText)（fazhi extract）"] + fact.notes).joined(separator: "；")
    }

    package var sourceNote: String {
        "由 fazhi extract 从报告文本读出（编码 \(extraction.report.encoding.rawValue)），是草稿，每个数字都须对照原文核对。"
    }

    /// The summary and the unattached figures, as evidence `notes`.
    package var notes: [String] {
        let e = extraction
        var out = e.warning.map { ["注意：\($0)。"] } ?? []
        out += ["fazhi extract 草稿：对应到 \(e.facts.count) 个指标；同一指标的其他数字 \(e.alternatives.count) 个；未对应指标的数字 \(e.unattached.count) 个（逐条列在下面，供评估人员核对）。"]
        for u in e.unattached {
            out.append("未对应指标：第\(u.line)行“\(u.written)”——\(u.reasonText)。原句：“\(u.quote)”")
        }
        return out
    }

    // MARK: YAML

    package func yaml() -> String {
        let e = extraction
        var out = """
            # 草稿（DRAFT）：fazhi extract 从 \(e.report.name) 读出的数字，尚未核对。
            # 每个事实的 value 都要对照报告原文（line、quote）核对后才能用于评估；note 写明置信度和读法。
            # unit 的 id、name（和 level）是占位，由评估人员填写，或用 --unit-id、--unit-name、--unit-level 给出。
            # 格式：docs/evidence-format.md。没有读到的指标不是“未完成”，而是报告没有给出数字。

            """
        out += "fazhi: 1\n"
        out += "unit:\n"
        out += "  id: \(Self.quote(unitID))\n"
        out += "  name: \(Self.quote(unitName))\n"
        if let unitLevel { out += "  level: \(unitLevel)\n" } else {
            out += "  # level: county   # nation | region | city | county | township | department\n"
        }
        if let period { out += "period: \(period)\n" } else { out += "# period: 2023   # 报告所述年度（标题中没有读到）\n" }
        out += "invented: false\n"
        out += "sources:\n"
        out += "  - id: \(sourceID)\n"
        out += "    title: \(Self.quote(e.title ?? e.report.name))\n"
        out += "    file: \(Self.quote(e.report.name))\n"
        out += "    note: \(Self.quote(sourceNote))\n"
        let facts = self.facts
        if facts.isEmpty {
            out += "facts: {}   # 报告中没有读到能对应指标的数字\n"
        } else {
            out += "facts:\n"
            for fact in facts {
                out += "  # \(fact.metric.name)\n"
                out += "  \(fact.metric.id):\n"
                out += "    value: \(fact.valueText)\n"
                out += "    source: \(sourceID)\n"
                out += "    line: \(fact.line)\n"
                out += "    quote: \(Self.quote(fact.quote))\n"
                out += "    note: \(Self.quote(note(fact)))\n"
            }
        }
        out += "notes:\n"
        for n in notes { out += "  - \(Self.quote(n))\n" }
        if !e.alternatives.isEmpty {
            out += "# 同一指标在报告中的其他数字（上面的事实取置信度最高者）：\n"
            for a in e.alternatives.sorted(by: { ($0.line, $0.metric.id) < ($1.line, $1.metric.id) }) {
                out += "#   \(a.metric.id): \(a.valueText)  第\(a.line)行  置信度 \(a.confidenceText)  “\(a.quote)”\n"
            }
        }
        return out
    }

    /// A YAML double-quoted scalar.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{FEFF}" {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
