import FazhiCore
package import FazhiAnalysis
import FazhiBase

/// `fazhi compare --ruleset R EVIDENCE…`: units side by side under one ruleset, in every format.
package struct ComparisonReport: Sendable {
    package let comparison: UnitsComparison

    package init(_ comparison: UnitsComparison) { self.comparison = comparison }

    var plan: EvaluationPlan { comparison.plan }
    var ruleset: Ruleset { plan.ruleset }
    var spec: ScoringSpec { ruleset.scoring }
    var results: [UnitResult] { comparison.rows.map(\.result) }

    func gradeRank(_ grade: String) -> Int { ScoringPolicy.rank(of: grade, in: spec) }

    func cellText(_ c: UnitsComparison.Cell) -> String {
        spec.model == .completion ? c.completion.percentText(places: 0)
                                  : (c.maxPoints > 0 ? "\(Standing.points(c.points))/\(Standing.points(c.maxPoints))" : "—")
    }

    // MARK: Text

    /// `width`: the terminal's columns. A matrix wider than that is cut into blocks of columns that
    /// fit, each repeating the units; the indicators where units differ are then turned (one row per
    /// unit, a column per indicator) and cut the same way. Nil (a file, a pipe): one table each, whole.
    package func text(color: Bool = false, width: Int? = nil) -> String {
        var out: [String] = []
        out.append("单位比较 — \(ruleset.title)\(ruleset.documentNumber.map { "（\($0)）" } ?? "")")
        out.append("规则集 \(ruleset.id) · \(results.count) 个单位 · 评估日期 \(Set(results.map(\.asOf.description)).sorted().joined(separator: "、"))")
        if let w = ReportText.inventedWarning(results) { out.append(w) }
        out = out.flatMap { ReportText.wrapLine($0, width: width) }
        out.append("")
        out.append(matrixTable(color: color, width: width))
        out += ReportText.wrapLine("一级指标：" + zip(comparison.topGroups, Self.groupHeads(plan, comparison.topGroups)).map { g, head in
            let group = plan.groups[g].group
            return head == group.number ? ReportText.groupLabel(group) : "\(head) \(ReportText.groupLabel(group))"
        }.joined(separator: "；"), width: width)
        if spec.model == .completion { out += ReportText.wrapLine("各组为完成率（达到 ÷ 计入）；合计按 \(ruleset.id) 的计分规则。名次先比等级，再比得分，相同者名次相同。", width: width) }
        if !comparison.differences.isEmpty {
            out.append("")
            out.append("各单位结果不同的指标（\(comparison.differences.count) 项，共 \(plan.indicators.count) 项）")
            out.append(differencesTable(color: color, width: width))
            out += ReportText.wrapLine(ReportText.legend, width: width)
        } else if results.count > 1 {
            out.append("")
            out.append("各单位在每项指标上的结果都相同。")
        }
        out.append("")
        out.append("距下一等级（最少还需达到的指标）")
        out += gapLines(color: color).flatMap { ReportText.wrapLine($0, width: width) }
        return out.joined(separator: "\n")
    }

    func matrixTable(color: Bool, width: Int?) -> String {
        let heads = Self.groupHeads(plan, comparison.topGroups)
        var table = TextTable(["名次", "单位"] + heads + ["合计", "等级"],
                              alignments: [.right, .left] + heads.map { _ in .right } + [.right, .left])
        for row in comparison.ranked {
            table.add(["\(row.rank)", row.result.unit.name] + row.cells.map(cellText)
                      + [Standing.scoreText(row.result, spec), row.result.grade])
        }
        let gradeColumn = heads.count + 3
        return table.paged(width: width, keep: 2).map { block, columns in
            block.render(paint: color ? { _, column, text in
                columns[column] == gradeColumn ? ReportText.paint(grade: text, rank: gradeRank(text), of: spec.grades.count) : text
            } : nil)
        }.joined(separator: "\n\n")
    }

    func differencesTable(color: Bool, width: Int?) -> String {
        let names = comparison.rows.map(\.result.unit.name)
        var table = TextTable(["编号", "指标"] + names + ["牵头单位"], maxWidth: 30)
        for d in comparison.differences {
            let i = plan.indicators[d.position].indicator
            table.add([i.id, i.title] + d.states.map(ReportText.of) + [ReportText.leadText(i)])
        }
        let paintMark: (Int, Int, String) -> String = { _, _, text in
            guard let s = ReportText.state(ofMark: text) else { return text }
            return ReportText.paint(text, s)
        }
        let stateColumns = 2..<(2 + names.count)
        if table.paged(width: width, keep: 0).count == 1 {
            return table.render(paint: color ? { row, column, text in stateColumns.contains(column) ? paintMark(row, column, text) : text } : nil)
        }
        // Too wide: first the indicators (编号, title, lead), then a row per unit, a column per indicator.
        var key = TextTable(["编号", "指标", "牵头单位"])
        var turned = TextTable(["单位"] + comparison.differences.map { plan.indicators[$0.position].indicator.id })
        for d in comparison.differences {
            let i = plan.indicators[d.position].indicator
            key.add([i.id, i.title, ReportText.leadText(i)])
        }
        for (u, name) in names.enumerated() {
            turned.add([name] + comparison.differences.map { ReportText.of($0.states[u]) })
        }
        let blocks = turned.paged(width: width, keep: 1).map { block, _ in
            block.render(paint: color ? { row, column, text in column > 0 ? paintMark(row, column, text) : text } : nil)
        }
        return ([key.fitted(width: width, wrapping: [1, 2]) ?? key.render()] + blocks).joined(separator: "\n\n")
    }

    func gapLines(color: Bool) -> [String] {
        var out: [String] = []
        for row in comparison.ranked {
            let name = color ? ReportText.bold(row.result.unit.name) : row.result.unit.name
            guard let gap = row.gap else {
                out.append("\(name)（\(row.result.grade)）：已是最高等级")
                continue
            }
            out.append("\(name)（\(row.result.grade)，\(Standing.shortScore(row.result, spec))）：\(gap.summary)")
            out += ReportText.stepLines(gap, plan: plan)
        }
        return out
    }

    static func candidatesNote(_ gap: Gap) -> String {
        gap.deficit == nil ? "（共 \(gap.candidates) 项未达到的指标可选，上列为所需最少项数；无佐证的排在前面：补齐佐证即可）"
                           : "（共 \(gap.candidates) 项指标未得满分，上列为补足差距所需最少项数，按满分时可增加的分值从大到小）"
    }

    /// Column heads for first-level groups: the printed number, or the id where numbers repeat.
    static func groupHeads(_ plan: EvaluationPlan, _ groups: [Int]) -> [String] {
        let numbers = groups.map { plan.groups[$0].group.number }
        return groups.map { g in
            let group = plan.groups[g].group
            guard let n = group.number, numbers.filter({ $0 == n }).count == 1 else { return group.id }
            return n
        }
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("command", .string("compare")),
            ("ruleset", Self.rulesetJSON(ruleset)),
            ("groups", .array(comparison.topGroups.map { g in
                let group = plan.groups[g].group
                return .object([("id", .string(group.id)), ("number", .text(group.number)), ("title", .string(group.title))])
            })),
            ("units", .array(comparison.rows.map(rowJSON))),
            ("differences", .array(comparison.differences.map { d in
                let i = plan.indicators[d.position].indicator
                return .object([("id", .string(i.id)), ("number", .text(i.number)), ("title", .string(i.title)), ("lead", .strings(i.lead)),
                                ("outcomes", .object(zip(comparison.rows, d.states).map { ($0.result.unit.id, .string($1.description)) }))])
            })),
        ]).render() + "\n"
    }

    static func rulesetJSON(_ r: Ruleset) -> JSONValue {
        .object([("id", .string(r.id)), ("title", .string(r.title)), ("documentNumber", .text(r.documentNumber)),
                 ("model", .string(r.scoring.model.rawValue)), ("grades", .strings(r.scoring.grades.map(\.name)))])
    }

    static func unitJSON(_ r: UnitResult) -> JSONValue {
        .object([("id", .string(r.unit.id)), ("name", .string(r.unit.name)), ("level", .text(r.unit.level)), ("parent", .text(r.unit.parent))])
    }

    static func scoreJSON(_ r: UnitResult, _ spec: ScoringSpec) -> JSONValue {
        .object([("text", .string(Standing.scoreText(r, spec))), ("value", .number(r.score.final)),
                 ("met", .int(r.tally.met)), ("counted", .int(r.counted))])
    }

    func rowJSON(_ row: UnitsComparison.Row) -> JSONValue {
        .object([
            ("unit", Self.unitJSON(row.result)),
            ("evidence", .string(row.result.file)),
            ("invented", .bool(row.result.invented)),
            ("rank", .int(row.rank)),
            ("grade", .string(row.result.grade)),
            ("score", Self.scoreJSON(row.result, spec)),
            ("groups", .array(zip(comparison.topGroups, row.cells).map { g, c in
                .object([("id", .string(plan.groups[g].group.id)), ("met", .int(c.tally.met)), ("counted", .int(c.counted)),
                         ("completion", c.completion.isDefined ? .number(c.completion.doubleValue) : .null),
                         ("points", .number(c.points)), ("maxPoints", .number(c.maxPoints))])
            })),
            ("gap", row.gap.map { Self.gapJSON($0, plan) } ?? .null),
        ])
    }

    static func gapJSON(_ gap: Gap, _ plan: EvaluationPlan) -> JSONValue {
        .object([
            ("from", .string(gap.from)), ("target", .string(gap.target)), ("reachable", .bool(gap.reachable)),
            ("needed", gap.reachable ? .int(gap.steps.count) : .null), ("candidates", .int(gap.candidates)),
            ("cappedBy", .strings(gap.cappedBy)), ("summary", .string(gap.summary)),
            ("steps", .array(gap.steps.map { s in
                let i = plan.indicators[s.position].indicator
                return .object([("id", .string(i.id)), ("number", .text(i.number)), ("title", .string(i.title)),
                                ("outcome", .string(s.state.description)), ("gain", .string(s.gainText)), ("lead", .strings(i.lead)),
                                ("responsible", .strings(i.responsible))])
            })),
        ])
    }

    // MARK: CSV

    /// One row per unit: rank, completion per first-level group, totals, grade and the gap list.
    package func csv() -> String {
        let heads = comparison.topGroups.map { ReportText.groupLabel(plan.groups[$0].group) }
        var rows = [["名次", "单位编号", "单位名称"] + heads + ["达到", "计入", "得分", "等级", "下一等级", "还需达到项数", "还需达到的指标", "佐证文件"]]
        for row in comparison.ranked {
            let r = row.result
            let gap = row.gap
            rows.append(["\(row.rank)", r.unit.id, r.unit.name] + row.cells.map(cellText)
                        + ["\(r.tally.met)", "\(r.counted)", Standing.shortScore(r, spec), r.grade, gap?.target ?? "",
                           gap.map { $0.reachable ? "\($0.steps.count)" : "无法达到" } ?? "",
                           gap?.steps.map { plan.indicators[$0.position].indicator.id }.joined(separator: " ") ?? "", r.file])
        }
        return CSV.render(rows)
    }

    // MARK: HTML

    package func html() -> String {
        var page = HTMLPage(title: "单位比较：\(ruleset.title)", subtitle: Self.subtitle(plan, results))
        Self.addBatchSections(&page, comparison: comparison)
        return page.render()
    }

    static func subtitle(_ plan: EvaluationPlan, _ results: [UnitResult]) -> [String] {
        let r = plan.ruleset
        return ["规则集 \(r.id)\(r.documentNumber.map { " · \($0)" } ?? "") · \(r.issuer) · 计分模型 \(r.scoring.model.rawValue)",
                "\(results.count) 个单位 · 评估日期 \(Set(results.map(\.asOf.description)).sorted().joined(separator: "、")) · 佐证文件 \(Set(results.map(\.file)).sorted().joined(separator: "、"))"]
    }

    /// The sections a batch report is made of: warning, matrix, grade distribution, profiles, heatmap,
    /// gap lists and the evidence appendix every number links to.
    static func addBatchSections(_ page: inout HTMLPage, comparison: UnitsComparison, extra: ((inout HTMLPage) -> Void)? = nil) {
        let plan = comparison.plan
        let spec = plan.ruleset.scoring
        let results = comparison.rows.map(\.result)
        let report = ComparisonReport(comparison)
        if let w = ReportText.inventedWarning(results) { page.add("<p class=\"warning\">\(HTML.escape(w))</p>") }

        // Matrix.
        let heads = zip(comparison.topGroups, groupHeads(plan, comparison.topGroups)).map { g, head in
            "<span title=\"\(HTML.escape(ReportText.groupLabel(plan.groups[g].group)))\">\(HTML.escape(head))</span>"
        }
        var rows: [[String]] = []
        for row in comparison.ranked {
            let r = row.result
            let cells = zip(comparison.topGroups, row.cells).map { g, c in
                let detail = "\(ReportText.groupLabel(plan.groups[g].group))：达到 \(c.tally.met)，计入 \(c.counted)（不适用 \(c.tally.notApplicable)，无佐证 \(c.tally.noEvidence)）"
                return "<a href=\"#\(HTML.anchor("u", r.unit.id))\" title=\"\(HTML.escape(detail))\">\(HTML.escape(report.cellText(c)))</a>"
            }
            rows.append(["\(row.rank)", "<a href=\"#\(HTML.anchor("u", r.unit.id))\">\(HTML.escape(r.unit.name))</a>"] + cells
                        + [HTML.escape(Standing.scoreText(r, spec)), "<span class=\"grade\">\(HTML.escape(r.grade))</span>"])
        }
        let numeric = Set([0] + (2..<(2 + heads.count + 1)).map { $0 })
        page.section("总览：各单位按一级指标的完成情况", id: "matrix",
                     note: "一级指标：" + comparison.topGroups.map { ReportText.groupLabel(plan.groups[$0].group) }.joined(separator: "；")
                        + "。名次先比等级再比得分，相同者名次相同。每个数字链接到该单位的逐项佐证（附录）。",
                     HTML.table(["名次", "单位"] + heads + ["合计", "等级"], rows, numeric: numeric, className: "matrix"))

        // Grade distribution.
        let items = spec.grades.enumerated().map { i, g in
            (label: g.name, count: results.filter { $0.grade == g.name }.count, color: HTML.gradeColor(i, of: spec.grades.count))
        }
        page.section("等级分布", id: "grades", "<div class=\"chart\">" + SVGChart.bars(items, total: results.count, caption: "等级分布") + "</div>")

        extra?(&page)

        // Profiles.
        var profiles = "<div class=\"profiles\">"
        let thresholds = spec.model == .points ? [] : spec.grades.dropLast().map { (label: $0.name, value: $0.min.doubleValue) }
        for row in comparison.ranked {
            let bars = zip(comparison.topGroups, row.cells).map { g, c in
                let group = plan.groups[g].group
                let value: Double? = spec.model == .completion ? (c.completion.isDefined ? c.completion.doubleValue : nil)
                                                                : (c.maxPoints > 0 ? c.points / c.maxPoints : nil)
                return (label: groupHeads(plan, comparison.topGroups)[comparison.topGroups.firstIndex(of: g)!], title: ReportText.groupLabel(group), value: value,
                        detail: spec.model == .completion ? "\(c.tally.met)/\(c.counted) = \(c.completion.percentText)"
                                                          : "\(Standing.points(c.points))/\(Standing.points(c.maxPoints)) 分")
            }
            let r = row.result
            profiles += "<div class=\"profile\"><h3>\(HTML.escape(r.unit.name))：\(HTML.escape(r.grade))（\(HTML.escape(Standing.shortScore(r, spec)))）</h3>"
            profiles += SVGChart.profile(bars, thresholds: thresholds, caption: "\(r.unit.name)各一级指标完成率") + "</div>"
        }
        page.section("各单位一级指标完成率", id: "profiles",
                     note: "每根柱为一个一级指标的完成率（达到 ÷ 计入）；虚线为等级门槛。", profiles + "</div>")

        // Heatmap.
        var groups: [(label: String, columns: Int)] = []
        var order: [Int] = []
        for g in comparison.topGroups {
            let positions = plan.indicators.indices.filter { Standing.topGroup(of: $0, in: plan) == g }
            groups.append((groupHeads(plan, comparison.topGroups)[comparison.topGroups.firstIndex(of: g)!], positions.count))
            order += positions
        }
        let cells = results.map { r in
            order.map { p in
                let ir = r.indicators[p]
                let i = plan.indicators[p].indicator
                return (state: ir.outcome.state, title: "\(r.unit.name) · \(i.id) \(ReportText.indicatorLabel(i))：\(ir.outcome.state.chinese) — \(ir.reason)",
                        anchor: HTML.anchor("t", r.unit.id, i.id))
            }
        }
        page.section("单位 × 指标", id: "heatmap",
                     note: "每格为一个单位在一项指标上的结果，按一级指标分段；点击跳到附录中的理由和佐证。",
                     "<figure>" + SVGChart.heatmap(rows: results.map(\.unit.name), groups: groups, cells: cells, caption: "单位 × 指标结果")
                        + "<figcaption>" + HTML.stateLegend + "</figcaption></figure>")

        // Gap lists.
        var gaps = ""
        for row in comparison.ranked {
            let r = row.result
            gaps += "<h3>\(HTML.escape(r.unit.name))（\(HTML.escape(r.grade))，\(HTML.escape(Standing.shortScore(r, spec)))）：\(HTML.escape(row.gap?.summary ?? "已是最高等级"))</h3>"
            guard let gap = row.gap, !gap.steps.isEmpty else { continue }
            gaps += "<ul class=\"gap\">"
            for step in gap.steps {
                let i = plan.indicators[step.position].indicator
                let ir = r.indicators[step.position]
                let lead = ReportText.leadText(i)
                gaps += "<li><a href=\"#\(HTML.anchor("t", r.unit.id, i.id))\">\(HTML.escape(i.id)) \(HTML.escape(i.title))</a>"
                gaps += " <span class=\"swatch \(HTML.stateClass(step.state))\"></span>\(HTML.escape(step.state.chinese))，\(HTML.escape(step.gainText))"
                gaps += (lead == "—" ? "" : " · 牵头：\(HTML.escape(lead))") + " <span class=\"cite\">\(HTML.escape(ir.reason))</span></li>"
            }
            gaps += "</ul>"
            if gap.candidates > gap.steps.count {
                gaps += "<p class=\"note\">\(HTML.escape(candidatesNote(gap)))</p>"
            }
        }
        page.section("距下一等级", id: "gaps", note: "最少还需达到的指标，按完成率模型用整数精确计算。", gaps)

        // Appendix: every indicator of every unit, with its reason and evidence.
        var appendix = ""
        for r in results {
            appendix += "<h3 id=\"\(HTML.anchor("u", r.unit.id))\">\(HTML.escape(r.unit.name))（\(HTML.escape(r.unit.id))）：\(HTML.escape(Standing.scoreText(r, spec)))，\(HTML.escape(r.grade))</h3>"
            appendix += "<p class=\"cite\">佐证文件 \(HTML.escape(r.file)) · 评估日期 \(r.asOf)\(r.invented ? " · 虚构示例数据" : "")</p>"
            var rows: [[String]] = []
            for ir in r.indicators {
                let i = plan.indicators[ir.position].indicator
                let cites = ir.sources.map { source in
                    let place = source.location.description
                    return source.citation == place ? "<span class=\"cite\">\(HTML.escape(place))</span>"
                        : "\(HTML.escape(source.citation)) <span class=\"cite\">（\(HTML.escape(place))）</span>"
                }
                rows.append(["<span id=\"\(HTML.anchor("t", r.unit.id, i.id))\">\(HTML.escape(i.id))</span>", HTML.escape(ReportText.indicatorLabel(i)),
                             "<span class=\"\(HTML.stateClass(ir.outcome.state))\">\(HTML.escape(ir.outcome.state.chinese))</span>",
                             HTML.escape(ir.reason), cites.joined(separator: "<br>"), HTML.escape(ReportText.leadText(i))])
            }
            appendix += HTML.table(["编号", "指标", "结果", "理由", "佐证", "牵头单位"], rows, className: "evidence",
                                   widths: ["10%", "22%", "10%", "27%", "21%", "10%"])
        }
        page.add("<section class=\"appendix\" id=\"appendix\"><h2>附录：逐项结果与佐证</h2>"
                 + "<p class=\"note\">每项指标的结果、理由和所引佐证（文件:行:列），上文每个数字都由这些结果算出。</p>" + appendix + "</section>")
    }
}
