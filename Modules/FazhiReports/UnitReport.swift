package import FazhiCore
import FazhiBase
import FazhiAnalysis

/// Renders unit results. Every format reads the same `UnitResult`s, from the same scoring core.
package struct UnitReport: Sendable {
    package let plan: EvaluationPlan
    package let results: [UnitResult]
    /// The ruleset's scoring rules: what counts, and what the adjustments are in.
    let policy: ScoringPolicy
    /// Further fields for a unit's JSON object, by unit id (e.g. `questions` for a unit read from a report).
    package var unitExtras: [String: [(String, JSONValue)]] = [:]

    package init(plan: EvaluationPlan, results: [UnitResult]) {
        self.plan = plan
        self.results = results
        policy = ScoringPolicy(plan.ruleset.scoring)
    }

    var ruleset: Ruleset { plan.ruleset }

    package static func percent(_ fraction: Double) -> String {
        let v = (fraction * 10000).rounded() / 100
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    func scoreText(_ r: UnitResult) -> String {
        switch ruleset.scoring.model {
        case .completion:
            var s = "\(r.ratioText) = \(Self.percent(r.score.value))"
            if r.score.adjustment != 0 { s += "，附加项 \(r.score.adjustment > 0 ? "+" : "")\(Self.points(policy.inPoints(r.score.adjustment))) 个百分点 → \(Self.percent(r.score.final))" }
            return s
        case .weighted:
            var s = Self.percent(r.score.value)
            if r.score.adjustment != 0 { s += " → \(Self.percent(r.score.final))" }
            return s
        case .points:
            var s = "\(Self.points(r.score.value)) 分"
            if r.score.adjustment != 0 { s += "，附加项 \(r.score.adjustment > 0 ? "+" : "")\(Self.points(policy.inPoints(r.score.adjustment))) → \(Self.points(r.score.final)) 分" }
            return s
        }
    }

    static func points(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    // MARK: Text

    /// The units as text. `width`: the terminal's columns; every line then fits (the table's reasons,
    /// titles and citations wrapped, below 100 columns one indicator to a block of lines); nil for a file
    /// or a pipe, which gets every reason whole on one line. Paths are shown relative to `workingDirectory`.
    package func text(color: Bool = false, width: Int? = nil) -> String {
        results.map { unitText($0, color: color, width: width) }.joined(separator: "\n\n")
    }

    /// The folder paths are shown relative to (the command's working directory); nil: as given.
    package var workingDirectory: String?

    func paint(_ s: String, _ state: OutcomeState, _ color: Bool) -> String {
        color ? ReportText.paint(s, state) : s
    }

    /// Where an indicator's facts came from, for the table: the cited document, page, line and quote; for a
    /// fact with no citation, its line in the unit's evidence file (named once, above the table) or the
    /// file and line elsewhere.
    func evidenceText(_ ir: IndicatorResult, _ r: UnitResult) -> String {
        ir.sources.map { s in
            guard s.document == nil, s.page == nil, s.line == nil, s.quote == nil else { return s.citation }
            guard s.location.file == r.file else { return ReportText.relative(s.location.description, to: workingDirectory) }
            if s.location.sheet == nil { return "佐证文件第\(s.location.start.line)行" }
            return String(s.location.description.dropFirst(s.location.file.count + 1))
        }.joined(separator: "；")
    }

    func unitText(_ r: UnitResult, color: Bool, width: Int?) -> String {
        var out: [String] = []
        out.append("\(r.unit.name)（\(r.unit.id)）— \(ruleset.title)\(ruleset.documentNumber.map { "（\($0)）" } ?? "")")
        out.append("规则集 \(ruleset.id) · 评估日期 \(r.asOf) · 佐证文件 \(ReportText.relative(r.file, to: workingDirectory))")
        if r.invented {
            out.append("【注意】本单位的佐证材料为虚构示例数据，评估结果不反映真实情况。\(r.inventedNote.map { "（\($0)）" } ?? "")")
        }
        out = out.flatMap { ReportText.wrapLine($0, width: width) }
        out.append("")
        out.append(indicatorsText(r, color: color, width: width))
        out.append("")
        out.append("分组小计")
        let pointsModel = ruleset.scoring.model == .points
        var groups = pointsModel
            ? TextTable(["分组", "得分", "满分", "满分项", "扣分项", "不适用", "无佐证"], alignments: [.left, .right, .right, .right, .right, .right, .right])
            : TextTable(["分组", "达到", "计入", "不适用", "无佐证", "完成率"], alignments: [.left, .right, .right, .right, .right, .right])
        for g in r.groups {
            let pg = plan.groups[g.position]
            let counted = policy.counted(g.tally)
            let indent = String(repeating: "  ", count: pg.depth)
            let name = indent + [pg.group.number, pg.group.title].compactMap { $0 }.joined(separator: " ")
            if pointsModel {
                groups.add([name, Self.points(g.points), Self.points(g.maxPoints), "\(g.tally.met)", "\(g.tally.partial + g.tally.unmet + g.tally.error)",
                            "\(g.tally.notApplicable)", "\(g.tally.noEvidence)"])
            } else {
                groups.add([name, "\(g.tally.met)", "\(counted)", "\(g.tally.notApplicable)", "\(g.tally.noEvidence)", g.completion.map(Self.percent) ?? "—"])
            }
        }
        out.append(groups.render(width: width, wrapping: [0]))
        out.append("")
        var footer: [String] = []
        let t = r.tally
        var excluded: [String] = []
        if t.notApplicable > 0 {
            var policyText = ""
            if pointsModel {
                switch ruleset.scoring.notApplicable {
                case .excluded: policyText = "，不计分"
                case .full: policyText = "，按满分计"
                case .prorata: policyText = "，按比例折算"
                }
            }
            excluded.append("不适用 \(t.notApplicable) 项（含豁免 \(t.exempted) 项）\(policyText)")
        }
        if t.noEvidence > 0 {
            excluded.append(policy.noEvidenceCounted ? "无佐证 \(t.noEvidence) 项按未达到计入" : "无佐证 \(t.noEvidence) 项不计入")
        }
        // Points items (deductions) earn their own points; the partial policy is for the others.
        let deducted = r.indicators.filter { $0.earnedPoints != nil && $0.outcome.state != .met }.count
        let partial = t.partial - r.indicators.filter { $0.earnedPoints != nil && $0.outcome.state == .partial }.count
        if deducted > 0 { excluded.append("扣分 \(deducted) 项") }
        if partial > 0 { excluded.append("部分达到 \(partial) 项\(policy.partialHalf ? "按半项计" : "按未达到计")") }
        if t.error > 0 { excluded.append("错误 \(t.error) 项按未达到计入") }
        let unmet = t.unmet - r.indicators.filter { $0.earnedPoints != nil && $0.outcome.state == .unmet }.count
        footer.append("合计：\(scoreText(r))（共 \(t.total) 项指标；\(pointsModel ? "满分" : "达到") \(t.met)，未达到 \(unmet)\(excluded.isEmpty ? "" : "；" + excluded.joined(separator: "；"))）")
        for a in r.adjustments {
            let kind = a.spec.type == .bonus ? "加分项" : "减分项"
            footer.append("\(kind) \(a.spec.number ?? a.spec.id)：\(a.applies ? "适用" : "不适用")\(a.points != 0 ? "（\(a.points > 0 ? "+" : "")\(Self.points(a.points))）" : "")— \(a.reason)")
        }
        for v in r.vetoes where v.triggered {
            let effect: String
            switch v.spec.effect {
            case .cap: effect = "等级最高为“\(v.spec.grade)”"
            case .revoke: effect = "已取得“\(v.spec.grade)”命名的，撤销命名"
            case .notify: effect = "通报"
            case .ungraded: effect = "不参加等次评定（\(v.spec.grade)）"
            }
            footer.append("否决项 \(v.spec.id)：触发（\(v.reason)）→ \(effect)")
        }
        for w in r.warnings { footer.append("提示：\(w)") }
        out += footer.flatMap { ReportText.wrapLine($0, width: width) }
        var gradeLine = "等级：\(color ? ReportText.paint(grade: r.grade, rank: ScoringPolicy.rank(of: r.grade, in: ruleset.scoring), of: ruleset.scoring.grades.count) : r.grade)"
        if r.grade != r.gradeBeforeVetoes { gradeLine += "（否决前为“\(r.gradeBeforeVetoes)”）" }
        out.append(gradeLine)
        out += nextGradeLines(r, width: width)
        return out.joined(separator: "\n")
    }

    /// "距下一等级：再达到 3 项 → 示范", then the fewest indicators that get there, with their lead units.
    func nextGradeLines(_ r: UnitResult, width: Int?) -> [String] {
        guard let gap = GapAnalysis.toNextGrade(r, plan: plan) else { return ["距下一等级：\(GapAnalysis.noGapText(r))"] }
        return (["距下一等级：\(gap.summary)"] + ReportText.stepLines(gap, plan: plan)).flatMap { ReportText.wrapLine($0, width: width) }
    }

    /// The indicators: a table (at 100 columns and more, or with no width), else a block of lines each.
    func indicatorsText(_ r: UnitResult, color: Bool, width: Int?) -> String {
        let pointsModel = ruleset.scoring.model == .points
        let resultColumn = 2
        var table = TextTable(["编号", "指标", "结果"] + (pointsModel ? ["得分"] : []) + ["理由", "佐证", "牵头单位"], maxWidth: 48)
        for ir in r.indicators {
            let p = plan.indicators[ir.position]
            table.add([p.indicator.number ?? p.indicator.id, p.indicator.title, ir.outcome.state.chinese] + (pointsModel ? [pointsText(ir)] : [])
                      + [ir.reason, evidenceText(ir, r), p.indicator.lead.joined(separator: "、")])
        }
        let reasonColumn = pointsModel ? 4 : 3
        // Colour the result column after widths are measured, so escape codes never count toward them.
        let paintCell: (Int, Int, String) -> String = { row, column, text in
            column == resultColumn ? paint(text, r.indicators[row].outcome.state, color) : text
        }
        if width.map({ $0 >= 100 }) ?? true,
           let fitted = table.fitted(width: width, wrapping: [1, reasonColumn, reasonColumn + 1, reasonColumn + 2], minimum: 10, paint: paintCell) {
            return fitted
        }
        return stackedText(r, color: color, width: width ?? 80)
    }

    /// One indicator to a block: "编号  结果  指标", then its reason, citation and lead units indented below.
    func stackedText(_ r: UnitResult, color: Bool, width: Int) -> String {
        let pointsModel = ruleset.scoring.model == .points
        let numbers = r.indicators.map { plan.indicators[$0.position].indicator.number ?? plan.indicators[$0.position].indicator.id }
        let numberWidth = numbers.map { DisplayWidth.of($0) }.max() ?? 0
        let resultWidth = r.indicators.map { DisplayWidth.of($0.outcome.state.chinese) }.max() ?? 0
        let indent = String(repeating: " ", count: min(numberWidth + 2, 8))
        var lines: [String] = []
        for (ir, number) in zip(r.indicators, numbers) {
            let p = plan.indicators[ir.position].indicator
            let state = ir.outcome.state.chinese
            var head = pad(number, numberWidth) + "  " + paint(state, ir.outcome.state, color) + String(repeating: " ", count: resultWidth - DisplayWidth.of(state)) + "  "
            var headWidth = numberWidth + resultWidth + 4
            if pointsModel {
                let points = pointsText(ir)
                head += points + "  "
                headWidth += DisplayWidth.of(points) + 2
            }
            let titleLines = TextTable.wrap(p.title, width: max(10, width - headWidth))
            lines.append(head + titleLines[0])
            lines += titleLines.dropFirst().map { String(repeating: " ", count: headWidth) + $0 }
            for (label, text) in [("理由", ir.reason), ("佐证", evidenceText(ir, r)), ("牵头", p.lead.joined(separator: "、"))] where !text.isEmpty {
                let body = TextTable.wrap(text, width: max(10, width - DisplayWidth.of(indent) - 6))
                lines.append(indent + label + "  " + body[0])
                lines += body.dropFirst().map { indent + "      " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) }

    /// "2.5/3" for an item of the points model, "—" for one left out of the possible points.
    func pointsText(_ ir: IndicatorResult) -> String {
        guard let got = ir.points, let possible = ir.possiblePoints else { return "—" }
        return "\(Self.points(got))/\(Self.points(possible))"
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("ruleset", .object([("id", .string(ruleset.id)), ("title", .string(ruleset.title)),
                                 ("documentNumber", .text(ruleset.documentNumber)), ("model", .string(ruleset.scoring.model.rawValue))])),
            ("units", .array(results.map(unitJSON))),
        ]).render() + "\n"
    }

    func unitJSON(_ r: UnitResult) -> JSONValue {
        guard case .object(let fields) = unitFieldsJSON(r) else { return .null }
        return .object(fields + (unitExtras[r.unit.id] ?? []))
    }

    func unitFieldsJSON(_ r: UnitResult) -> JSONValue {
        .object([
            ("unit", .object([("id", .string(r.unit.id)), ("name", .string(r.unit.name)), ("level", .text(r.unit.level)), ("parent", .text(r.unit.parent))])),
            ("evidence", .string(r.file)),
            ("invented", .bool(r.invented)),
            ("asOf", .string(r.asOf.description)),
            ("grade", .string(r.grade)),
            ("gradeBeforeVetoes", .string(r.gradeBeforeVetoes)),
            ("score", .object([("value", .number(r.score.value)), ("adjustment", .number(r.score.adjustment)), ("final", .number(r.score.final)),
                               ("met", .int(r.tally.met)), ("counted", .int(r.counted))])),
            ("tally", tallyJSON(r.tally)),
            ("indicators", .array(r.indicators.map { ir in
                let p = plan.indicators[ir.position].indicator
                // The points model: what the item earned and could earn (null when left out).
                let points: [(String, JSONValue)] = ruleset.scoring.model == .points
                    ? [("points", ir.points.map { .number($0) } ?? .null), ("possiblePoints", ir.possiblePoints.map { .number($0) } ?? .null)] : []
                return .object([
                    ("id", .string(p.id)), ("number", .text(p.number)), ("title", .string(p.title)),
                    ("outcome", .string(ir.outcome.state.description)), ("credit", .number(ir.outcome.credit.doubleValue))] + points + [
                    ("reason", .string(ir.reason)), ("reasonCode", .string(ir.code.rawValue)), ("excluded", .text(ir.excludedBecause)),
                    ("sources", .array(ir.sources.map { s in
                        .object([("citation", .string(s.citation)), ("evidenceLocation", .string(s.location.description)),
                                 ("document", .text(s.document)), ("line", s.line.map { .int($0) } ?? .null), ("quote", .text(s.quote))])
                    })),
                    ("lead", .strings(p.lead)),
                ])
            })),
            ("groups", .array(r.groups.map { g in
                let pg = plan.groups[g.position].group
                return .object([("id", .string(pg.id)), ("number", .text(pg.number)), ("title", .string(pg.title)),
                                ("tally", tallyJSON(g.tally)), ("completion", g.completion.map { .number($0) } ?? .null),
                                ("points", .number(g.points)), ("maxPoints", .number(g.maxPoints))])
            })),
            ("adjustments", .array(r.adjustments.map { a in
                .object([("id", .string(a.spec.id)), ("type", .string(a.spec.type.rawValue)), ("applies", .bool(a.applies)),
                         ("points", .number(a.points)), ("reason", .string(a.reason))])
            })),
            ("vetoes", .array(r.vetoes.map { v in
                .object([("id", .string(v.spec.id)), ("triggered", .bool(v.triggered)), ("effect", .string(v.spec.effect.rawValue)),
                         ("grade", .string(v.spec.grade)), ("reason", .string(v.reason))])
            })),
            ("revoked", .strings(r.revoked)),
            ("warnings", .strings(r.warnings)),
            // The way to the next grade, as `compare` gives it (null at the top grade).
            ("gap", GapAnalysis.toNextGrade(r, plan: plan).map { ComparisonReport.gapJSON($0, plan) } ?? .null),
        ])
    }

    func tallyJSON(_ t: Tally) -> JSONValue {
        .object([("met", .int(t.met)), ("partial", .int(t.partial)), ("unmet", .int(t.unmet)), ("notApplicable", .int(t.notApplicable)),
                 ("noEvidence", .int(t.noEvidence)), ("error", .int(t.error))])
    }

    // MARK: CSV

    /// One row per unit and indicator, UTF-8 with a byte order mark so Excel and WPS read the Chinese.
    /// The last column, 下一等级所需, names the next grade on the rows of the fewest indicators that reach
    /// it (the list evaluate's table ends with), so a filter on it gives the unit's next steps.
    package func csv() -> String {
        let pointsModel = ruleset.scoring.model == .points
        // Each row written as it is made: half a million rows at 10,000 units are never held as arrays.
        var rows = CSV.Writer()
        rows.append(["单位编号", "单位名称", "指标编号", "序号", "指标", "结果", "结果代码"] + (pointsModel ? ["得分", "分值"] : [])
                    + ["理由", "佐证", "牵头单位", "等级", "下一等级所需"])
        // The units' rows made on every core, 16 units at a time, and joined in their order: a store's
        // 10,000 units are 560,000 rows, which took a second and a half on one core.
        let results = self.results, plan = self.plan
        let batches = stride(from: 0, to: results.count, by: 16).map { $0..<min($0 + 16, results.count) }
        let parts = (try? batches.parallelMap { range -> [UInt8] in
            var part = CSV.Writer(byteOrderMark: false)
            for r in results[range] {
                let gap = GapAnalysis.toNextGrade(r, plan: plan)
                let steps = Set(gap?.steps.map(\.position) ?? [])
                for ir in r.indicators {
                    let p = plan.indicators[ir.position].indicator
                    let points = pointsModel ? [ir.points.map(Self.points) ?? "", ir.possiblePoints.map(Self.points) ?? ""] : []
                    part.append([r.unit.id, r.unit.name, p.id, p.number ?? "", p.title, ir.outcome.state.chinese, ir.outcome.state.description] + points
                                + [ir.reason, ir.sources.map(\.citation).joined(separator: "；"), p.lead.joined(separator: "、"), r.grade,
                                   steps.contains(ir.position) ? gap?.target ?? "" : ""])
                }
            }
            return part.bytes
        }) ?? []
        rows.bytes.reserveCapacity(rows.bytes.count + parts.reduce(0) { $0 + $1.count })
        for part in parts { rows.bytes += part }
        return rows.text
    }
}

package enum CSV {
    /// RFC 4180 rows with CRLF line ends and a UTF-8 byte order mark.
    package static func render(_ rows: [[String]]) -> String {
        var writer = Writer()
        writer.bytes.reserveCapacity(rows.count * 160)
        for row in rows { writer.append(row) }
        return writer.text
    }

    /// The same text as `render`, a row at a time, as bytes into one buffer: a report of 10,000 units
    /// has half a million rows.
    package struct Writer {
        var bytes: [UInt8]
        var rows = 0

        /// A writer whose text starts with the byte order mark (a whole file), or without (a part of one).
        package init(byteOrderMark: Bool = true) {
            bytes = byteOrderMark ? Array("\u{FEFF}".utf8) : []
        }

        package mutating func append(_ row: [String]) {
            for (i, cell) in row.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                CSV.append(cell, to: &bytes)
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
            rows += 1
        }

        /// The rows with a byte order mark, each ended by CRLF (with none, the mark and a CRLF).
        package var text: String {
            String(decoding: rows == 0 ? bytes + [0x0D, 0x0A] : bytes, as: UTF8.self)
        }
    }

    /// `field(s)`'s bytes, appended.
    static func append(_ s: String, to out: inout [UInt8]) {
        let utf8 = s.utf8
        // Most cells need no quotes: their bytes copied whole.
        let copied = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            if bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true { return }
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: utf8)
            return
        }
        // A quote that could be part of a larger character (non-ASCII text around it) is left to `field`,
        // which doubles only the quotes that are characters of their own.
        if utf8.contains(0x22), utf8.contains(where: { $0 >= 0x80 }) {
            out.append(contentsOf: field(s).utf8)
            return
        }
        out.append(0x22)
        for byte in utf8 {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    static func field(_ s: String) -> String {
        // Bytes, not Characters: a report of 10,000 units has millions of cells.
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return s
    }
}
