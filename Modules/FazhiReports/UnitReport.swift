package import FazhiCore
import FazhiBase

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

    package func text(color: Bool = false) -> String {
        results.map { unitText($0, color: color) }.joined(separator: "\n\n")
    }

    func paint(_ s: String, _ state: OutcomeState, _ color: Bool) -> String {
        guard color else { return s }
        let code: String
        switch state {
        case .met: code = "32"
        case .partial: code = "33"
        case .unmet, .error: code = "31"
        case .noEvidence: code = "35"
        case .notApplicable: code = "90"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    func unitText(_ r: UnitResult, color: Bool) -> String {
        var out: [String] = []
        out.append("\(r.unit.name)（\(r.unit.id)）— \(ruleset.title)\(ruleset.documentNumber.map { "（\($0)）" } ?? "")")
        out.append("规则集 \(ruleset.id) · 评估日期 \(r.asOf) · 佐证文件 \(ReportText.evidencePath(r.file))")
        if r.invented {
            out.append("【注意】本单位的佐证材料为虚构示例数据，评估结果不反映真实情况。\(r.inventedNote.map { "（\($0)）" } ?? "")")
        }
        out.append("")
        let pointsModel = ruleset.scoring.model == .points
        // The points model shows what each item earned of its points (得分/分值).
        var table = TextTable(["编号", "指标", "结果"] + (pointsModel ? ["得分"] : []) + ["理由", "佐证", "牵头单位"], maxWidth: 48)
        for ir in r.indicators {
            let p = plan.indicators[ir.position]
            let resultText = paint(ir.outcome.state.chinese, ir.outcome.state, false)
            table.add([p.indicator.number ?? p.indicator.id, p.indicator.title, resultText] + (pointsModel ? [pointsText(ir)] : [])
                      + [ir.reason, ir.sources.map(\.citation).joined(separator: "；"), p.indicator.lead.joined(separator: "、")])
        }
        var rendered = table.render()
        if color {
            // Colour the result column after alignment, so escape codes never count toward widths.
            for state in OutcomeState.allCases {
                rendered = rendered.replacingOccurrences(of: "  \(state.chinese)  ", with: "  \(paint(state.chinese, state, true))  ")
            }
        }
        out.append(rendered)
        out.append("")
        out.append("分组小计")
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
        out.append(groups.render())
        out.append("")
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
        out.append("合计：\(scoreText(r))（共 \(t.total) 项指标；\(pointsModel ? "满分" : "达到") \(t.met)，未达到 \(unmet)\(excluded.isEmpty ? "" : "；" + excluded.joined(separator: "；"))）")
        for a in r.adjustments {
            let kind = a.spec.type == .bonus ? "加分项" : "减分项"
            out.append("\(kind) \(a.spec.number ?? a.spec.id)：\(a.applies ? "适用" : "不适用")\(a.points != 0 ? "（\(a.points > 0 ? "+" : "")\(Self.points(a.points))）" : "")— \(a.reason)")
        }
        for v in r.vetoes where v.triggered {
            let effect: String
            switch v.spec.effect {
            case .cap: effect = "等级最高为“\(v.spec.grade)”"
            case .revoke: effect = "已取得“\(v.spec.grade)”命名的，撤销命名"
            case .notify: effect = "通报"
            case .ungraded: effect = "不参加等次评定（\(v.spec.grade)）"
            }
            out.append("否决项 \(v.spec.id)：触发（\(v.reason)）→ \(effect)")
        }
        for w in r.warnings { out.append("提示：\(w)") }
        var gradeLine = "等级：\(r.grade)"
        if r.grade != r.gradeBeforeVetoes { gradeLine += "（否决前为“\(r.gradeBeforeVetoes)”）" }
        out.append(gradeLine)
        return out.joined(separator: "\n")
    }

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
        ])
    }

    func tallyJSON(_ t: Tally) -> JSONValue {
        .object([("met", .int(t.met)), ("partial", .int(t.partial)), ("unmet", .int(t.unmet)), ("notApplicable", .int(t.notApplicable)),
                 ("noEvidence", .int(t.noEvidence)), ("error", .int(t.error))])
    }

    // MARK: CSV

    /// One row per unit and indicator, UTF-8 with a byte order mark so Excel and WPS read the Chinese.
    package func csv() -> String {
        let pointsModel = ruleset.scoring.model == .points
        var rows = [["单位编号", "单位名称", "指标编号", "序号", "指标", "结果", "结果代码"] + (pointsModel ? ["得分", "分值"] : []) + ["理由", "佐证", "牵头单位", "等级"]]
        for r in results {
            for ir in r.indicators {
                let p = plan.indicators[ir.position].indicator
                let points = pointsModel ? [ir.points.map(Self.points) ?? "", ir.possiblePoints.map(Self.points) ?? ""] : []
                rows.append([r.unit.id, r.unit.name, p.id, p.number ?? "", p.title, ir.outcome.state.chinese, ir.outcome.state.description] + points
                            + [ir.reason, ir.sources.map(\.citation).joined(separator: "；"), p.lead.joined(separator: "、"), r.grade])
            }
        }
        return CSV.render(rows)
    }
}

package enum CSV {
    /// RFC 4180 rows with CRLF line ends and a UTF-8 byte order mark.
    package static func render(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ s: String) -> String {
        // Bytes, not Characters: a report of 10,000 units has millions of cells.
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return s
    }
}
