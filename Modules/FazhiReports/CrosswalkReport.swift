package import FazhiAnalysis
import FazhiCore
import FazhiBase

/// `fazhi crosswalk R1 R2 …`: requirements lined up by metric, which is stricter, and coverage.
package struct CrosswalkReport: Sendable {
    package let crosswalk: Crosswalk

    package init(_ crosswalk: Crosswalk) { self.crosswalk = crosswalk }

    var plans: [EvaluationPlan] { crosswalk.plans }

    /// "≥ 100%（nx-15）"; several targets joined with "；".
    func requirementText(_ list: [Crosswalk.Requirement], _ plan: EvaluationPlan) -> String {
        list.map { r in
            let i = plan.indicators[r.position].indicator
            return "\(r.target.text)\(r.target.per.map { " 每\(Self.perText($0))" } ?? "")（\(i.id)\(r.kind == "any_of" ? "，任一" : "")）"
        }.joined(separator: "；")
    }

    static func perText(_ per: String) -> String {
        switch per {
        case "year": "年"
        case "half_year": "半年"
        case "quarter": "季度"
        case "month": "月"
        case "period": "期"
        case "two_years": "2年"
        case "three_years": "3年"
        case "five_years": "5年"
        case "none": "（不分期间）"
        default: per
        }
    }

    package func verdictText(_ v: Crosswalk.Verdict) -> String { Self.verdictText(v, plans: plans) }

    static func verdictText(_ v: Crosswalk.Verdict, plans: [EvaluationPlan]) -> String {
        switch v {
        case .only(let r): return "仅 \(plans[r].ruleset.id) 要求"
        case .same: return "要求相同"
        case .stricter(let list): return "\(list.map { plans[$0].ruleset.id }.joined(separator: "、")) 更严"
        case .incomparable(let why): return "不可比：\(why)"
        }
    }

    static func verdictCode(_ v: Crosswalk.Verdict) -> String {
        switch v {
        case .only: "only"
        case .same: "same"
        case .stricter: "stricter"
        case .incomparable: "incomparable"
        }
    }

    func direction(_ m: Metric) -> String { m.direction == .higher ? "越高越好" : "越低越好" }

    var shared: [Crosswalk.Line] { crosswalk.lines.filter { $0.rulesetsAsking.count > 1 } }
    var single: [Crosswalk.Line] { crosswalk.lines.filter { $0.rulesetsAsking.count == 1 } }

    // MARK: Text

    package func text(color: Bool = false) -> String {
        var out: [String] = []
        out.append("规则集对照（按指标项 metric 对齐）")
        for (i, p) in plans.enumerated() {
            out.append("  [\(i + 1)] \(p.ruleset.id) — \(p.ruleset.title)\(p.ruleset.documentNumber.map { "（\($0)）" } ?? "")，\(p.indicators.count) 项指标")
        }
        out.append("")
        out.append("共同要求的指标项（\(shared.count) 个）")
        var table = TextTable(["指标项", "名称", "方向"] + plans.map(\.ruleset.id) + ["结论"], maxWidth: 48)
        for line in shared {
            table.add([line.metric.id, TextTable.clip(line.metric.name, 24), direction(line.metric)]
                      + line.requirements.enumerated().map { r, list in list.isEmpty ? "—" : requirementText(list, plans[r]) }
                      + [verdictText(line.verdict)])
        }
        let verdictColumn = plans.count + 3
        out.append(shared.isEmpty ? "（没有两个规则集都设了目标的指标项）" : table.render(paint: color ? { _, column, text in
            column == verdictColumn && text.hasSuffix("更严") ? ReportText.bold(text) : text
        } : nil))
        for (r, p) in plans.enumerated() {
            let only = single.filter { $0.rulesetsAsking == [r] }
            out.append("")
            out.append("只有 \(p.ruleset.id) 要求的指标项（\(only.count) 个）")
            if only.isEmpty { continue }
            var t = TextTable(["指标项", "名称", "方向", "要求"], maxWidth: 60)
            for line in only { t.add([line.metric.id, TextTable.clip(line.metric.name, 30), direction(line.metric), requirementText(line.requirements[r], p)]) }
            out.append(t.render())
        }
        out.append("")
        out.append("覆盖（按一级指标）：可量化 = 设有指标项目标的指标；共同 = 其指标项另一规则集也有要求")
        for (r, p) in plans.enumerated() {
            var t = TextTable(["\(p.ruleset.id) 一级指标", "指标", "可量化", "共同"], alignments: [.left, .right, .right, .right], maxWidth: 44)
            for c in crosswalk.coverage[r] {
                t.add([ReportText.groupLabel(p.groups[c.group].group), "\(c.indicators)", "\(c.measurable)", "\(c.shared)"])
            }
            let total = crosswalk.coverage[r].reduce(into: (0, 0, 0)) { $0.0 += $1.indicators; $0.1 += $1.measurable; $0.2 += $1.shared }
            t.add(["合计", "\(total.0)", "\(total.1)", "\(total.2)"])
            out.append(t.render())
            out.append("")
        }
        out.append("评定型（assessed）和时限型（done_by）指标没有指标项，不能按指标项对齐，只计入“指标”一栏。")
        return out.joined(separator: "\n")
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("command", .string("crosswalk")),
            ("rulesets", .array(plans.map { ComparisonReport.rulesetJSON($0.ruleset) })),
            ("metrics", .array(crosswalk.lines.map { line in
                var verdict: [(String, JSONValue)] = [("kind", .string(Self.verdictCode(line.verdict))), ("text", .string(verdictText(line.verdict)))]
                switch line.verdict {
                case .only(let r): verdict.append(("rulesets", .strings([plans[r].ruleset.id])))
                case .stricter(let list): verdict.append(("rulesets", .strings(list.map { plans[$0].ruleset.id })))
                default: verdict.append(("rulesets", .array([])))
                }
                return .object([
                    ("metric", .string(line.metric.id)), ("name", .string(line.metric.name)), ("unit", .string(line.metric.unit.rawValue)),
                    ("direction", .string(line.metric.direction.rawValue)),
                    ("requirements", .object(line.requirements.enumerated().map { r, list in
                        (plans[r].ruleset.id, .array(list.map { req in
                            .object([("indicator", .string(plans[r].indicators[req.position].indicator.id)), ("kind", .string(req.kind)),
                                     ("comparison", .string(req.target.comparison.rawValue)), ("value", .number(req.target.value.doubleValue)),
                                     ("per", .text(req.target.per)), ("text", .string(req.target.text))])
                        }))
                    })),
                    ("verdict", .object(verdict)),
                ])
            })),
            ("coverage", .object(plans.enumerated().map { r, p in
                (p.ruleset.id, .array(crosswalk.coverage[r].map { c in
                    .object([("group", .string(p.groups[c.group].group.id)), ("title", .string(p.groups[c.group].group.title)),
                             ("indicators", .int(c.indicators)), ("measurable", .int(c.measurable)), ("shared", .int(c.shared))])
                }))
            })),
        ]).render() + "\n"
    }

    // MARK: CSV

    package func csv() -> String {
        var rows = [["指标项编号", "指标项", "方向"] + plans.map { "\($0.ruleset.id) 要求" } + ["结论"]]
        for line in crosswalk.lines {
            rows.append([line.metric.id, line.metric.name, direction(line.metric)]
                        + line.requirements.enumerated().map { r, list in requirementText(list, plans[r]) } + [verdictText(line.verdict)])
        }
        return CSV.render(rows)
    }

    // MARK: HTML

    package func html() -> String {
        var page = HTMLPage(title: "规则集对照", subtitle: plans.map { "\($0.ruleset.id) — \($0.ruleset.title)\($0.ruleset.documentNumber.map { "（\($0)）" } ?? "")" })
        let rows = shared.map { line in
            ["\(HTML.escape(line.metric.name))<br><span class=\"cite\">\(HTML.escape(line.metric.id))</span>",
             "<span class=\"nowrap\">\(HTML.escape(direction(line.metric)))</span>"]
                + line.requirements.enumerated().map { r, list in list.isEmpty ? "—" : HTML.escape(requirementText(list, plans[r])) }
                + ["<b>\(HTML.escape(verdictText(line.verdict)))</b>"]
        }
        page.section("共同要求的指标项（\(shared.count) 个）", HTML.table(["指标项", "方向"] + plans.map { HTML.escape($0.ruleset.id) } + ["结论"], rows))
        for (r, p) in plans.enumerated() {
            let only = single.filter { $0.rulesetsAsking == [r] }
            page.section("只有 \(p.ruleset.id) 要求的指标项（\(only.count) 个）", HTML.table(["指标项", "方向", "要求"], only.map { line in
                ["\(HTML.escape(line.metric.name))<br><span class=\"cite\">\(HTML.escape(line.metric.id))</span>",
                 "<span class=\"nowrap\">\(HTML.escape(direction(line.metric)))</span>", HTML.escape(requirementText(line.requirements[r], p))]
            }))
        }
        for (r, p) in plans.enumerated() {
            page.section("覆盖：\(p.ruleset.id)", note: "可量化 = 设有指标项目标的指标；共同 = 其指标项另一规则集也有要求。",
                         HTML.table(["一级指标", "指标", "可量化", "共同"], crosswalk.coverage[r].map { c in
                             [HTML.escape(ReportText.groupLabel(p.groups[c.group].group)), "\(c.indicators)", "\(c.measurable)", "\(c.shared)"]
                         }, numeric: [1, 2, 3]))
        }
        return page.render()
    }
}
