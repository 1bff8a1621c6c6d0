package import FazhiAnalysis
import FazhiCore
import FazhiBase

/// `fazhi region --ruleset R BATCH…`: grade shares against region goals and quotas, the creation plan
/// checked, and the lead units owning the most shortfalls.
package struct RegionReport: Sendable {
    package let region: RegionView
    /// How many lead units the accountability list shows in text and HTML (JSON has all).
    package var top: Int

    package init(_ region: RegionView, top: Int = 10) {
        self.region = region
        self.top = top
    }

    var plan: EvaluationPlan { region.plan }
    var results: [UnitResult] { region.units.map(\.result) }

    func name(_ i: Int) -> String { region.units[i].result.unit.name }

    /// "示范及以上 ≥50%", "优秀 ≤30%"
    func requirementText(_ t: RegionTarget) -> String {
        guard !t.assessed, let grade = t.grade else { return "评估认定" }
        let better = plan.ruleset.scoring.grades.first?.name == grade ? grade : "\(grade)及以上"
        var parts: [String] = []
        if let min = t.min { parts.append("≥\(min.percentText)") }
        if let units = t.minUnits { parts.append("≥\(units) 个单位") }
        if let max = t.max { parts.append("≤\(max.percentText)") }
        return "\(better) \(parts.joined(separator: "，"))"
    }

    /// The units a goal counts: "层级为市或县（市、区）" (`Applicability.Condition.chinese`).
    func scopeText(_ t: RegionTarget) -> String {
        t.scope.isEmpty ? "全部单位" : Applicability.Condition.chinese(t.scope)
    }

    func stateText(_ s: RegionView.TargetStatus) -> String {
        switch s.state {
        case .met: return "已达到"
        case .unmet:
            if s.shortBy > 0 { return "未达到：还需 \(s.shortBy) 个单位达到\(s.target.grade ?? "")" }
            return "超出比例：\(s.overBy) 个单位须调出\(s.target.grade ?? "")"
        case .assessed: return "需评估认定"
        case .noUnits: return "批次中没有范围内的单位"
        }
    }

    func yearText(_ t: RegionTarget) -> String {
        guard let year = t.year else { return "—" }
        guard let period = region.period, period != year else { return "\(year)" }
        return "\(year)（佐证 \(period)）"
    }

    func closestText(_ s: RegionView.TargetStatus, limit: Int = 5) -> String {
        if !s.closest.isEmpty {
            return "最接近：" + s.closest.prefix(limit).map { c in
                "\(name(c.unit))（\(c.gap.reachable ? "再达到 \(c.gap.steps.count) 项" : "无法仅靠指标达到")\(c.gap.cappedBy.isEmpty ? "" : "，另有否决项")）"
            }.joined(separator: "、")
        }
        if !s.overQuota.isEmpty {
            return "按得分超出比例（最低分起）：" + s.overQuota.map(name).joined(separator: "、") + (s.tieAtCutoff ? "；比例分界处得分相同，须另行确定" : "")
        }
        return ""
    }

    var measured: [RegionView.TargetStatus] { region.targets.filter { $0.state != .assessed } }
    var assessed: [RegionView.TargetStatus] { region.targets.filter { $0.state == .assessed } }

    func planStateText(_ s: RegionView.PlanCheck.State) -> String {
        switch s {
        case .met: "达到"
        case .unmet: "未达到"
        case .cannotCheck: "无法核对"
        case .otherYear: "他年佐证"
        }
    }

    func owner(_ l: RegionView.LeadLoad) -> String { l.isGroupFallback ? "\(l.lead)（未列牵头单位）" : l.lead }

    // MARK: Text

    /// `width`: the terminal's columns; every line then fits (long cells wrapped). Nil: whole lines.
    package func text(color: Bool = false, width: Int? = nil) -> String {
        var out: [String] = []
        out.append("区域视图 — \(plan.ruleset.title)\(plan.ruleset.documentNumber.map { "（\($0)）" } ?? "")")
        out.append("规则集 \(plan.ruleset.id) · \(results.count) 个单位\(region.period.map { " · 佐证年份 \($0)" } ?? "")")
        if let w = ReportText.inventedWarning(results) { out.append(w) }
        out.append("")
        out.append("等级分布")
        var dist = TextTable(["等级", "单位数", "占比", "单位"], alignments: [.left, .right, .right, .left], maxWidth: 70)
        for d in region.distribution {
            dist.add([d.grade, "\(d.count)", Fraction(d.count, results.count).percentText,
                      results.filter { $0.grade == d.grade }.map(\.unit.name).joined(separator: "、")])
        }
        out.append(dist.render(width: width, wrapping: [3]))
        out.append("")
        out.append("区域目标")
        if measured.isEmpty { out.append("（规则集没有可由等级计算的区域目标）") }
        var targets = TextTable(["目标", "年份", "要求", "范围", "范围内", "达到", "占比", "结论"],
                                alignments: [.left, .left, .left, .left, .right, .right, .right, .left], maxWidth: 40)
        for s in measured {
            targets.add([s.target.id, yearText(s.target), requirementText(s.target), scopeText(s.target), "\(s.inScope.count)",
                         "\(s.atOrAbove.count)", s.share.percentText, stateText(s)])
        }
        if !measured.isEmpty {
            out.append(targets.render(width: width, wrapping: [2, 3, 7], paint: color ? { _, column, text in
                guard column == 7 else { return text }
                return text == "已达到" ? "\u{1B}[32m\(text)\u{1B}[0m" : text.hasPrefix("未达到") || text.hasPrefix("超出") ? "\u{1B}[31m\(text)\u{1B}[0m" : text
            } : nil))
            for s in measured {
                let closest = closestText(s)
                if !closest.isEmpty { out.append("  \(s.target.id) \(closest)") }
                if !s.scopeUnknown.isEmpty {
                    out.append("  \(s.target.id) 范围属性缺失、未计入：\(s.scopeUnknown.map(name).joined(separator: "、"))")
                }
            }
        }
        if !assessed.isEmpty {
            out.append("需评估认定（不能由等级算出）：")
            for s in assessed { out.append("  · \(s.target.id)（\(s.target.year.map(String.init) ?? "—")）\(TextTable.clip(s.target.text, 70))") }
        }
        if !region.planChecks.isEmpty {
            out.append("")
            out.append("创建清单核对")
            var t = TextTable(["年份", "单位", "项目", "结论", "说明"], maxWidth: 72)
            for check in region.planChecks {
                for (k, item) in check.items.enumerated() {
                    t.add([k == 0 ? "\(check.entry.year)" : "", k == 0 ? check.entry.unitName : "", item.what, planStateText(item.state), item.detail])
                }
            }
            out.append(t.render(width: width, wrapping: [2, 4], paint: color ? { _, column, text in
                guard column == 3 else { return text }
                return text == "达到" ? "\u{1B}[32m\(text)\u{1B}[0m" : text == "未达到" ? "\u{1B}[31m\(text)\u{1B}[0m" : text
            } : nil))
        }
        out.append("")
        out.append("牵头单位：未达到的指标（单位 × 指标，含部分达到和无佐证）")
        if region.leads.isEmpty { out.append("（没有未达到的指标）") }
        var leads = TextTable(["牵头单位", "未达到", "最多的指标"], alignments: [.left, .right, .left], maxWidth: 60)
        for l in region.leads.prefix(top) {
            leads.add([owner(l), "\(l.shortfalls)", l.indicators.prefix(4).map { "\(plan.indicators[$0.position].indicator.id)×\($0.units)" }.joined(separator: " ")])
        }
        if !region.leads.isEmpty { out.append(leads.render(width: width, wrapping: [0, 2])) }
        if region.leads.contains(where: \.isGroupFallback) {
            out.append("规则集未给部分指标列出牵头单位，这些指标按所属一级指标汇总。")
        }
        // Lines other than tables (titles, notes, the closest units) broken to the width.
        return out.flatMap { $0.contains("\n") ? [$0] : ReportText.wrapLine($0, width: width) }.joined(separator: "\n")
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("command", .string("region")),
            ("ruleset", ComparisonReport.rulesetJSON(plan.ruleset)),
            ("period", region.period.map { .int($0) } ?? .null),
            ("units", .array(region.units.map { u in
                .object([("unit", ComparisonReport.unitJSON(u.result)), ("evidence", .string(u.result.file)), ("invented", .bool(u.result.invented)),
                         ("grade", .string(u.result.grade)), ("score", ComparisonReport.scoreJSON(u.result, plan.ruleset.scoring))])
            })),
            ("distribution", .array(region.distribution.map { d in
                .object([("grade", .string(d.grade)), ("units", .int(d.count)), ("share", .number(Fraction(d.count, results.count).doubleValue))])
            })),
            ("targets", .array(region.targets.map { s in
                .object([
                    ("id", .string(s.target.id)), ("year", s.target.year.map { .int($0) } ?? .null), ("text", .string(s.target.text)),
                    ("grade", .text(s.target.grade)), ("min", s.target.min.map { .number($0.doubleValue) } ?? .null),
                    ("max", s.target.max.map { .number($0.doubleValue) } ?? .null), ("state", .string(s.state.rawValue)),
                    ("inScope", .int(s.inScope.count)), ("scopeUnknown", .strings(s.scopeUnknown.map { region.units[$0].result.unit.id })),
                    ("atOrAbove", .int(s.atOrAbove.count)), ("share", s.inScope.isEmpty ? .null : .number(s.share.doubleValue)),
                    ("required", s.required.map { .int($0) } ?? .null), ("allowed", s.allowed.map { .int($0) } ?? .null),
                    ("shortBy", .int(s.shortBy)), ("overBy", .int(s.overBy)),
                    ("closest", .array(s.closest.map { c in
                        .object([("unit", .string(region.units[c.unit].result.unit.id)), ("gap", ComparisonReport.gapJSON(c.gap, plan))])
                    })),
                    ("overQuota", .strings(s.overQuota.map { region.units[$0].result.unit.id })), ("tieAtCutoff", .bool(s.tieAtCutoff)),
                ])
            })),
            ("plan", .array(region.planChecks.map { c in
                .object([("year", .int(c.entry.year)), ("unitName", .string(c.entry.unitName)),
                         ("unit", c.unit.map { .string(region.units[$0].result.unit.id) } ?? .null), ("types", .strings(c.entry.types)),
                         ("applyBy", .text(c.entry.applyBy?.description)),
                         ("checks", .array(c.items.map { .object([("what", .string($0.what)), ("state", .string($0.state.rawValue)), ("detail", .string($0.detail))]) }))])
            })),
            ("leads", .array(region.leads.map { l in
                .object([("lead", .string(l.lead)), ("groupFallback", .bool(l.isGroupFallback)), ("shortfalls", .int(l.shortfalls)),
                         ("indicators", .array(l.indicators.map { .object([("id", .string(plan.indicators[$0.position].indicator.id)), ("units", .int($0.units))]) }))])
            })),
        ]).render() + "\n"
    }

    // MARK: CSV

    /// One row per region target (measured and assessed).
    package func csv() -> String {
        var rows = [["目标编号", "年份", "原文", "要求", "范围", "范围内单位", "达到单位", "占比", "结论", "还需单位数", "超出单位数", "最接近或超出的单位"]]
        for s in region.targets {
            rows.append([s.target.id, s.target.year.map(String.init) ?? "", s.target.text, requirementText(s.target), scopeText(s.target),
                         s.state == .assessed ? "" : "\(s.inScope.count)", s.state == .assessed ? "" : "\(s.atOrAbove.count)",
                         s.state == .assessed || s.inScope.isEmpty ? "" : s.share.percentText, stateText(s),
                         s.state == .assessed ? "" : "\(s.shortBy)", s.state == .assessed ? "" : "\(s.overBy)", closestText(s, limit: 100)])
        }
        return CSV.render(rows)
    }

    // MARK: HTML

    /// One unit's page of `html(summaryName:issue:)`, by its file name; nil for no such unit.
    package func htmlPage(named name: String, summaryName: String = "report.html", issue: ReportIssue? = nil) -> String? {
        BatchHTML(UnitsComparison(plan: plan, results: results), title: "区域视图：\(plan.ruleset.title)", issue: issue ?? ReportIssue(plan: plan, results: results))
            .page(named: name, summaryName: summaryName)
    }

    /// The summary (saved as `summaryName`) with the region goals, the creation plan and the lead units,
    /// and a page per unit (`BatchHTML`).
    package func html(summaryName: String = "report.html", issue: ReportIssue? = nil) -> HTMLReport {
        let comparison = UnitsComparison(plan: plan, results: results)
        let batch = BatchHTML(comparison, title: "区域视图：\(plan.ruleset.title)", issue: issue ?? ReportIssue(plan: plan, results: results))
        return batch.build(summaryName: summaryName) { page in
            var rows: [[String]] = []
            for s in measured {
                rows.append(["\(HTML.escape(s.target.id))<br>\(HTML.escape(yearText(s.target)))", HTML.escape(s.target.text),
                             "\(HTML.escape(requirementText(s.target)))<br><span class=\"cite\">\(HTML.escape(scopeText(s.target)))</span>",
                             "\(s.atOrAbove.count)/\(s.inScope.count)",
                             s.inScope.isEmpty ? "—" : SVGChart.goal(share: s.share, min: s.target.min?.doubleValue, max: s.target.max?.doubleValue, label: s.target.id),
                             "<span class=\"\(s.state == .met ? "ok" : "bad")\">\(HTML.escape(stateText(s)))</span><br><span class=\"cite\">\(HTML.escape(closestText(s)))</span>"])
            }
            var content = measured.isEmpty ? "<p>规则集没有可由等级计算的区域目标。</p>"
                : HTML.table(["目标、年份", "原文", "要求、范围", "达到", "占比", "结论"], rows, numeric: [3], className: "targets",
                             widths: ["14%", "25%", "14%", "9%", "17%", "21%"])
            if !assessed.isEmpty {
                content += "<h3>需评估认定（不能由等级算出）</h3><ul class=\"gap\">"
                    + assessed.map { "<li>\(HTML.escape($0.target.id))（\($0.target.year.map(String.init) ?? "—")）\(HTML.escape($0.target.text))</li>" }.joined() + "</ul>"
            }
            page.section("区域目标", id: "targets", note: "占比 = 范围内达到该等级（或更高）的单位 ÷ 范围内单位；竖线为目标。", content)
            if !region.planChecks.isEmpty {
                var planRows: [[String]] = []
                for check in region.planChecks {
                    for (k, item) in check.items.enumerated() {
                        let cls = item.state == .met ? "ok" : item.state == .unmet ? "bad" : "unk"
                        planRows.append([k == 0 ? "\(check.entry.year)" : "", k == 0 ? HTML.escape(check.entry.unitName) : "", HTML.escape(item.what),
                                         "<span class=\"\(cls)\">\(HTML.escape(planStateText(item.state)))</span>", HTML.escape(item.detail)])
                    }
                }
                page.section("创建清单核对", id: "plan", HTML.table(["年份", "单位", "项目", "结论", "说明"], planRows, className: "plan"))
            }
            let leadRows = region.leads.prefix(top).map { l in
                [HTML.escape(owner(l)), "\(l.shortfalls)",
                 l.indicators.prefix(6).map { "\(HTML.escape(plan.indicators[$0.position].indicator.id))×\($0.units)" }.joined(separator: " ")]
            }
            page.section("牵头单位：未达到的指标", id: "leads",
                         note: "单位 × 指标计数，含部分达到和无佐证。" + (region.leads.contains(where: \.isGroupFallback) ? "规则集未列牵头单位的指标按所属一级指标汇总。" : ""),
                         HTML.table(["牵头单位", "未达到", "最多的指标（×单位数）"], leadRows, numeric: [1]))
        }
    }
}

extension RegionReport {
    /// A region goal in words, for pages other than this report (the web app's dashboard).
    package struct GoalLine: Sendable {
        package var id: String
        package var text: String
        package var year: String
        package var requirement: String
        package var scope: String
        /// "3 / 6（50.0%）", or "—" for a goal the assessor decides.
        package var reached: String
        package var state: String
        package var met: Bool
        package var closest: String
    }

    package func goalLines() -> [GoalLine] {
        region.targets.map { s in
            GoalLine(id: s.target.id, text: s.target.text, year: yearText(s.target), requirement: requirementText(s.target), scope: scopeText(s.target),
                     reached: s.state == .assessed ? "—" : "\(s.atOrAbove.count) / \(s.inScope.count)（\(s.share.percentText)）",
                     state: stateText(s), met: s.state == .met, closest: closestText(s))
        }
    }
}
