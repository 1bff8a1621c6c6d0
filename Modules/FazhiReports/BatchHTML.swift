package import FazhiCore
package import FazhiAnalysis
import FazhiBase

/// The HTML report of a batch (`compare`, `region`, `results`): a summary page and one page per unit.
///
/// The summary: the invented-data warning, an overview in numbers, the grade distribution (overall and
/// per level), the sections the caller adds (region goals, the creation plan, lead units), the
/// indicators most often not met, the units furthest behind in each level with their gaps, then the
/// ranking of each level on its own, and the issuer and date. A unit's page: its grade, score and rank
/// in its level, its profile across the first-level groups, its gap to the next grade, and every
/// indicator with the reason and the evidence cited.
package struct BatchHTML: Sendable {
    package let comparison: UnitsComparison
    package let issue: ReportIssue
    /// The title of the summary, e.g. "区域视图：…".
    package var title: String
    /// How many units per level the "furthest behind" list shows.
    package var behind = 5
    /// The units × indicators heatmap, drawn in the summary up to this many units (it grows with both).
    package var heatmapLimit = 60

    package init(_ comparison: UnitsComparison, title: String, issue: ReportIssue) {
        self.comparison = comparison
        self.title = title
        self.issue = issue
    }

    var plan: EvaluationPlan { comparison.plan }
    var spec: ScoringSpec { plan.ruleset.scoring }
    var results: [UnitResult] { comparison.rows.map(\.result) }

    /// The report, for a summary saved as `summaryName` (its detail folder is named after it).
    /// `extra` adds the caller's sections after the grade distribution.
    package func build(summaryName: String, extra: ((inout HTMLPage) -> Void)? = nil) -> HTMLReport {
        let folder = HTMLReport.folderName(forSummary: summaryName)
        let levels = LevelRanking(comparison)
        let summary = summaryPage(folder: folder, levels: levels, extra: extra)
        var pages: [(name: String, text: String)] = []
        pages.reserveCapacity(comparison.rows.count)
        for i in comparison.rows.indices {
            pages.append((HTMLReport.pageName(comparison.rows[i].result.unit), unitPage(i, levels: levels, summaryName: summaryName)))
        }
        return HTMLReport(summary: summary.render(), pages: pages)
    }

    /// One unit's page alone, by its file name in the folder (`HTMLReport.pageName`); nil for no such unit.
    package func page(named name: String, summaryName: String) -> String? {
        guard let i = comparison.rows.firstIndex(where: { HTMLReport.pageName($0.result.unit) == name }) else { return nil }
        return unitPage(i, levels: LevelRanking(comparison), summaryName: summaryName)
    }

    // MARK: Summary

    func unitLink(_ row: Int, folder: String) -> String {
        let r = comparison.rows[row].result
        return "<a href=\"\(HTML.escape(HTML.hrefPath(folder) + "/" + HTMLReport.pageName(r.unit)))\">\(HTML.escape(r.unit.name))</a>"
    }

    func summaryPage(folder: String, levels: LevelRanking, extra: ((inout HTMLPage) -> Void)?) -> HTMLPage {
        var page = HTMLPage(title: title, subtitle: ComparisonReport.subtitle(plan, results))
        page.issue = issue
        if let w = ReportText.inventedWarning(results) { page.add("<p class=\"warning\">\(HTML.escape(w))</p>") }

        // Overview in one paragraph.
        let counts = levels.levels.map { "\($0.name) \($0.rows.count) 个" }.joined(separator: "，")
        let grades = spec.grades.map { g in
            let n = results.filter { $0.grade == g.name }.count
            return "\(g.name) \(n) 个（\(Fraction(n, results.count).percentText)）"
        }.joined(separator: "，")
        page.section("概况", id: "overview", "<p>共评估 \(results.count) 个单位（\(HTML.escape(counts))）。其中 \(HTML.escape(grades))。各层级分别排名，不同层级之间不比较。</p>")

        // Distribution: the chart, then grades by level.
        let items = spec.grades.enumerated().map { i, g in
            (label: g.name, count: results.filter { $0.grade == g.name }.count, color: HTML.gradeColor(i, of: spec.grades.count))
        }
        var byLevel: [[String]] = []
        for level in levels.levels {
            let members = level.rows.map { comparison.rows[$0].result }
            byLevel.append([HTML.escape(level.name), "\(members.count)"]
                           + spec.grades.map { g in "\(members.filter { $0.grade == g.name }.count)" })
        }
        page.section("等级分布", id: "grades",
                     "<div class=\"chart\">" + SVGChart.bars(items, total: results.count, caption: "等级分布") + "</div>"
                        + HTML.table(["层级", "单位数"] + spec.grades.map { HTML.escape($0.name) }, byLevel,
                                     numeric: Set(1..<(2 + spec.grades.count))))

        extra?(&page)

        // The indicators most often not met.
        let shortfalls = BatchHTML.commonShortfalls(plan, results, limit: 10)
        if !shortfalls.isEmpty {
            let rows = shortfalls.map { s -> [String] in
                let i = plan.indicators[s.position].indicator
                return [HTML.escape(i.number ?? i.id), HTML.escape(i.title), "\(s.units)", Fraction(s.units, results.count).percentText,
                        HTML.escape(ReportText.leadText(i))]
            }
            page.section("共性问题：未达到最多的指标", id: "common", note: "未达到、部分达到、无佐证和错误都计入；占比为占全部单位。",
                         HTML.table(["编号", "指标", "单位数", "占比", "牵头单位"], rows, numeric: [2, 3]))
        }

        // The units furthest behind, per level.
        var behindHTML = ""
        for level in levels.levels {
            let last = level.rows.suffix(behind).reversed()
            behindHTML += "<h3>\(HTML.escape(level.name))</h3>"
            let rows = last.map { row -> [String] in
                let r = comparison.rows[row]
                let steps = r.result.indicators.filter(Standing.isShortfall).count
                return ["\(level.ranks[row]!)/\(level.rows.count)", unitLink(row, folder: folder), HTML.escape(Standing.shortScore(r.result, spec)),
                        "<span class=\"grade\">\(HTML.escape(r.result.grade))</span>", "\(steps)", HTML.escape(r.gap?.summary ?? GapAnalysis.noGapText(r.result))]
            }
            behindHTML += HTML.table(["名次", "单位", "得分", "等级", "未达到", "距下一等级"], rows, numeric: [0, 2, 4])
        }
        page.section("差距最大的单位", id: "behind", note: "每个层级排名最后的 \(behind) 个单位；“未达到”为未达到（含部分达到、无佐证）的指标项数。", behindHTML)

        // Heatmap, for a small batch.
        if results.count <= heatmapLimit { page.section("单位 × 指标", id: "heatmap", note: "每格为一个单位在一项指标上的结果，按一级指标分段；点击打开该单位的逐项结果。", heatmap(folder: folder)) }

        // Ranking per level.
        var ranking = ""
        for level in levels.levels {
            ranking += "<h3 id=\"\(HTML.anchor("level", level.id.isEmpty ? "none" : level.id))\">\(HTML.escape(level.name))（\(level.rows.count) 个单位）</h3>"
            var rows: [[String]] = []
            rows.reserveCapacity(level.rows.count)
            for row in level.rows {
                let r = comparison.rows[row]
                rows.append(["\(level.ranks[row]!)", "<span id=\"\(HTML.anchor("u", r.result.unit.id))\">\(unitLink(row, folder: folder))</span>",
                             HTML.escape(Standing.shortScore(r.result, spec)), HTML.escape(r.result.grade),
                             HTML.escape(r.gap?.summary ?? "—")])
            }
            ranking += HTML.table(["名次", "单位", "得分", "等级", "距下一等级"], rows, numeric: [0, 2], className: "ranking")
        }
        page.section("排名（按层级）", id: "ranking", note: "名次先比等级，再比得分，相同者名次相同。单位名称链接到该单位的逐项结果与佐证。", ranking)
        return page
    }

    /// Indicators by how many units did not meet them, most first (ties in plan order).
    package static func commonShortfalls(_ plan: EvaluationPlan, _ results: [UnitResult], limit: Int) -> [(position: Int, units: Int)] {
        var counts = [Int](repeating: 0, count: plan.indicators.count)
        for r in results { for ir in r.indicators where Standing.isShortfall(ir) { counts[ir.position] += 1 } }
        return counts.indices.filter { counts[$0] > 0 }.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            .prefix(limit).map { ($0, counts[$0]) }
    }

    func heatmap(folder: String) -> String {
        var groups: [(label: String, columns: Int)] = []
        var order: [Int] = []
        let heads = ComparisonReport.groupHeads(plan, comparison.topGroups)
        for (k, g) in comparison.topGroups.enumerated() {
            let positions = plan.indicators.indices.filter { Standing.topGroup(of: $0, in: plan) == g }
            groups.append((heads[k], positions.count))
            order += positions
        }
        let cells = results.map { r in
            order.map { p in
                let ir = r.indicators[p]
                let i = plan.indicators[p].indicator
                return (state: ir.outcome.state, title: "\(r.unit.name) · \(i.id) \(ReportText.indicatorLabel(i))：\(ir.outcome.state.chinese) — \(ir.reason)",
                        href: HTML.hrefPath(folder) + "/" + HTMLReport.pageName(r.unit) + "#" + HTML.anchor("t", i.id))
            }
        }
        return "<figure>" + SVGChart.heatmap(rows: results.map(\.unit.name), groups: groups, cells: cells, caption: "单位 × 指标结果")
            + "<figcaption>" + HTML.stateLegend + "</figcaption></figure>"
    }

    // MARK: A unit's page

    func unitPage(_ index: Int, levels: LevelRanking, summaryName: String) -> String {
        let row = comparison.rows[index]
        let r = row.result
        let back = "../" + HTML.hrefPath(summaryName)
        var page = HTMLPage(title: "\(r.unit.name)：\(plan.ruleset.title)",
                            subtitle: ["\(r.unit.id) · \(r.unit.level.map(UnitLevel.chinese) ?? "未注明层级") · 评估日期 \(r.asOf) · 佐证文件 \(ReportText.fileName(r.file))"
                                       + (r.invented ? " · 虚构示例数据" : "")])
        page.runningHeader = "\(r.unit.name) · \(plan.ruleset.title)"
        page.issue = issue
        page.add("<nav class=\"back\"><a href=\"\(HTML.escape(back))#\(HTML.anchor("u", r.unit.id))\">← 返回汇总</a></nav>")
        if r.invented { page.add("<p class=\"warning\">\(HTML.escape("【注意】本单位的佐证材料为虚构示例数据，评估结果不反映真实情况。"))</p>") }

        let place = levels.place(of: index)
        var facts = "<table class=\"facts\"><tbody>"
        facts += "<tr><th>等级</th><td><span class=\"grade\">\(HTML.escape(r.grade))</span>\(r.grade != r.gradeBeforeVetoes ? "（否决前为“\(HTML.escape(r.gradeBeforeVetoes))”）" : "")</td></tr>"
        facts += "<tr><th>得分</th><td>\(HTML.escape(Standing.scoreText(r, spec)))</td></tr>"
        if let place { facts += "<tr><th>名次</th><td>\(HTML.escape(place.level.name))第 \(place.rank) 名，共 \(place.level.rows.count) 个</td></tr>" }
        facts += "<tr><th>距下一等级</th><td>\(HTML.escape(row.gap?.summary ?? GapAnalysis.noGapText(r)))</td></tr>"
        facts += "</tbody></table>"
        page.section("结果", id: "result", facts)

        // Profile across the first-level groups.
        let heads = ComparisonReport.groupHeads(plan, comparison.topGroups)
        let thresholds = spec.model == .points ? [] : spec.grades.dropLast().map { (label: $0.name, value: $0.min.doubleValue) }
        let bars = zip(comparison.topGroups, row.cells).enumerated().map { k, pair in
            let (g, c) = pair
            let value: Double? = spec.model == .completion ? (c.completion.isDefined ? c.completion.doubleValue : nil)
                                                            : (c.maxPoints > 0 ? c.points / c.maxPoints : nil)
            return (label: heads[k], title: ReportText.groupLabel(plan.groups[g].group), value: value,
                    detail: spec.model == .completion ? "\(c.tally.met)/\(c.counted) = \(c.completion.percentText)"
                                                      : "\(Standing.points(c.points))/\(Standing.points(c.maxPoints)) 分")
        }
        page.section("一级指标完成率", id: "profile",
                     note: comparison.topGroups.map { ReportText.groupLabel(plan.groups[$0].group) }.joined(separator: "；") + "。虚线为等级门槛。",
                     "<div class=\"profile\">" + SVGChart.profile(bars, thresholds: thresholds, caption: "\(r.unit.name)各一级指标完成率") + "</div>")

        // The gap.
        if let gap = row.gap, !gap.steps.isEmpty {
            var list = "<ul class=\"gap\">"
            for step in gap.steps {
                let i = plan.indicators[step.position].indicator
                let lead = ReportText.leadText(i)
                list += "<li><a href=\"#\(HTML.anchor("t", i.id))\">\(HTML.escape(i.id)) \(HTML.escape(i.title))</a>"
                list += " <span class=\"swatch \(HTML.stateClass(step.state))\"></span>\(HTML.escape(step.state.chinese))，\(HTML.escape(step.gainText))"
                list += (lead == "—" ? "" : " · 牵头：\(HTML.escape(lead))") + "</li>"
            }
            list += "</ul>"
            if gap.candidates > gap.steps.count { list += "<p class=\"note\">\(HTML.escape(ComparisonReport.candidatesNote(gap)))</p>" }
            page.section("距下一等级：\(gap.summary)", id: "gap", list)
        }

        // Every indicator, with reason and evidence.
        var rows: [[String]] = []
        for ir in r.indicators {
            let i = plan.indicators[ir.position].indicator
            let cites = ir.sources.map { source in
                let place = ReportText.shortPlace(source.location)
                return source.citation == source.location.description ? "<span class=\"cite\">\(HTML.escape(place))</span>"
                    : "\(HTML.escape(source.citation)) <span class=\"cite\">（\(HTML.escape(place))）</span>"
            }
            rows.append(["<span id=\"\(HTML.anchor("t", i.id))\">\(HTML.escape(i.number ?? i.id))</span>", HTML.escape(i.title),
                         "<span class=\"\(HTML.stateClass(ir.outcome.state))\">\(HTML.escape(ir.outcome.state.chinese))</span>",
                         HTML.escape(ir.reason), cites.joined(separator: "<br>"), HTML.escape(ReportText.leadText(i))])
        }
        page.section("逐项结果与佐证", id: "items", note: "每项指标的结果、理由和所引佐证（文件:行:列）。",
                     HTML.table(["编号", "指标", "结果", "理由", "佐证", "牵头单位"], rows, className: "evidence",
                                widths: ["9%", "22%", "10%", "28%", "21%", "10%"]))
        return page.render()
    }
}
