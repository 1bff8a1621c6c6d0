package import FazhiAnalysis
import FazhiCore
import FazhiBase

/// `fazhi compare --unit EVIDENCE R1 R2 …`: one unit under several rulesets.
package struct RulesetsComparisonReport: Sendable {
    package let comparison: RulesetsComparison

    package init(_ comparison: RulesetsComparison) { self.comparison = comparison }

    var columns: [RulesetsComparison.Column] { comparison.columns }

    func entriesText(_ list: [RulesetsComparison.Entry], _ plan: EvaluationPlan) -> String {
        list.isEmpty ? "—" : list.map { e in
            "\(e.target.text)（\(plan.indicators[e.position].indicator.id)）\(ReportText.of(e.state))"
                + (e.valueMeetsTarget == true && e.state != .met ? "·数值够" : "")
        }.joined(separator: "；")
    }

    func verdictText(_ v: Crosswalk.Verdict) -> String {
        CrosswalkReport.verdictText(v, plans: columns.map(\.plan))
    }

    // MARK: Text

    package func text(color: Bool = false) -> String {
        var out: [String] = []
        let results = columns.map(\.result)
        out.append("同一单位在不同规则集下 — \(comparison.unit.name)（\(comparison.unit.id)）")
        if let file = results.first?.file { out.append("佐证文件 \(file)") }
        if let w = ReportText.inventedWarning(Array(results.prefix(1))) { out.append(w) }
        out.append("")
        var table = TextTable(["规则集", "文号", "达到/计入", "得分", "等级", "距下一等级"], maxWidth: 40)
        for c in columns {
            let r = c.result
            table.add([c.plan.ruleset.id, c.plan.ruleset.documentNumber ?? "—", r.ratioText, Standing.shortScore(r, c.plan.ruleset.scoring), r.grade,
                       c.gap?.summary ?? GapAnalysis.noGapText(r)])
        }
        out.append(table.render(paint: color ? { row, column, text in
            guard column == 4 else { return text }
            let spec = columns[row].plan.ruleset.scoring
            return ReportText.paint(grade: text, rank: spec.grades.firstIndex { $0.name == text } ?? 0, of: spec.grades.count)
        } : nil))
        out.append("")
        let deciding = comparison.lines.filter(\.decides)
        out.append("决定差异的指标（同一指标项，在一个规则集下达到、在另一个下未达到）：\(deciding.count) 个")
        var lines = TextTable(["", "指标项", "本单位数值"] + columns.map(\.plan.ruleset.id) + ["哪个更严"], maxWidth: 40)
        for line in comparison.lines {
            lines.add([line.decides ? "★" : "", "\(line.metric.name)（\(line.metric.id)）", line.value ?? "无"]
                      + line.entries.enumerated().map { r, list in entriesText(list, columns[r].plan) } + [verdictText(line.verdict)])
        }
        out.append(comparison.lines.isEmpty ? "（这些规则集没有共同的指标项）" : lines.render())
        out.append("★ 决定差异。“数值够”：本单位数值已达到该目标，指标的其他部分未达到。" + ReportText.legend)
        out.append("")
        for (r, c) in columns.enumerated() {
            let list = comparison.unmatchedShortfalls[r]
            out.append("\(c.plan.ruleset.id)：另有 \(list.count) 项未达到的指标在其他规则集中没有对应指标项（评定型、时限型或独有的指标项）")
        }
        return out.joined(separator: "\n")
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("command", .string("compare-unit")),
            ("unit", .object([("id", .string(comparison.unit.id)), ("name", .string(comparison.unit.name)), ("level", .text(comparison.unit.level))])),
            ("evidence", .text(columns.first?.result.file)),
            ("invented", .bool(columns.first?.result.invented ?? false)),
            ("rulesets", .array(columns.enumerated().map { r, c in
                .object([("ruleset", ComparisonReport.rulesetJSON(c.plan.ruleset)), ("grade", .string(c.result.grade)),
                         ("score", ComparisonReport.scoreJSON(c.result, c.plan.ruleset.scoring)),
                         ("gap", c.gap.map { ComparisonReport.gapJSON($0, c.plan) } ?? .null),
                         ("unmatchedShortfalls", .strings(comparison.unmatchedShortfalls[r].map { c.plan.indicators[$0].indicator.id }))])
            })),
            ("metrics", .array(comparison.lines.map { line in
                .object([("metric", .string(line.metric.id)), ("name", .string(line.metric.name)), ("value", .text(line.value)),
                         ("decides", .bool(line.decides)), ("verdict", .string(verdictText(line.verdict))),
                         ("indicators", .object(line.entries.enumerated().map { r, list in
                             (columns[r].plan.ruleset.id, .array(list.map { e in
                                 .object([("indicator", .string(columns[r].plan.indicators[e.position].indicator.id)), ("target", .string(e.target.text)),
                                          ("outcome", .string(e.state.description))])
                             }))
                         }))])
            })),
        ]).render() + "\n"
    }

    // MARK: CSV

    package func csv() -> String {
        var rows = [["指标项编号", "指标项", "本单位数值", "决定差异"] + columns.flatMap { ["\($0.plan.ruleset.id) 要求", "\($0.plan.ruleset.id) 结果"] } + ["哪个更严"]]
        rows.append(["（合计）", "得分与等级", "", ""] + columns.flatMap { [Standing.scoreText($0.result, $0.plan.ruleset.scoring), $0.result.grade] } + [""])
        for line in comparison.lines {
            rows.append([line.metric.id, line.metric.name, line.value ?? "", line.decides ? "是" : "否"]
                        + line.entries.enumerated().flatMap { r, list in
                            [list.map { "\($0.target.text)（\(columns[r].plan.indicators[$0.position].indicator.id)）" }.joined(separator: "；"),
                             list.map(\.state.chinese).joined(separator: "；")]
                        } + [verdictText(line.verdict)])
        }
        return CSV.render(rows)
    }

    // MARK: HTML

    package func html() -> String {
        let results = columns.map(\.result)
        var page = HTMLPage(title: "\(comparison.unit.name)：不同规则集下的结果", subtitle: ["佐证文件 \(results.first?.file ?? "")"])
        if let w = ReportText.inventedWarning(Array(results.prefix(1))) { page.add("<p class=\"warning\">\(HTML.escape(w))</p>") }
        page.section("等级", HTML.table(["规则集", "文号", "达到/计入", "得分", "等级", "距下一等级"], columns.map { c in
            [HTML.escape(c.plan.ruleset.id), HTML.escape(c.plan.ruleset.documentNumber ?? "—"), HTML.escape(c.result.ratioText),
             HTML.escape(Standing.shortScore(c.result, c.plan.ruleset.scoring)), "<span class=\"grade\">\(HTML.escape(c.result.grade))</span>",
             HTML.escape(c.gap?.summary ?? GapAnalysis.noGapText(c.result))]
        }, numeric: [2, 3]))
        page.section("按指标项对齐", note: "★ 决定差异：同一指标项在一个规则集下达到、在另一个下未达到。",
                     HTML.table(["", "指标项", "本单位数值"] + columns.map { HTML.escape($0.plan.ruleset.id) } + ["哪个更严"], comparison.lines.map { line in
                         [line.decides ? "★" : "", HTML.escape("\(line.metric.name)（\(line.metric.id)）"), HTML.escape(line.value ?? "无")]
                             + line.entries.enumerated().map { r, list in
                                 list.isEmpty ? "—" : list.map { e in
                                     "<span class=\"\(HTML.stateClass(e.state))\">\(HTML.escape("\(e.target.text)（\(columns[r].plan.indicators[e.position].indicator.id)）\(e.state.chinese)"))</span>"
                                 }.joined(separator: "<br>")
                             } + [HTML.escape(verdictText(line.verdict))]
                     }))
        return page.render()
    }
}
