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
                out.append("\(name)（\(row.result.grade)）：\(GapAnalysis.noGapText(row.result))")
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

    /// The summary (saved as `summaryName`) and a page per unit (`BatchHTML`).
    package func html(summaryName: String = "report.html", issue: ReportIssue? = nil) -> HTMLReport {
        BatchHTML(comparison, title: "单位比较：\(ruleset.title)", issue: issue ?? ReportIssue(plan: plan, results: results)).build(summaryName: summaryName)
    }

    static func subtitle(_ plan: EvaluationPlan, _ results: [UnitResult]) -> [String] {
        let r = plan.ruleset
        return ["规则集 \(r.id)\(r.documentNumber.map { " · \($0)" } ?? "") · \(r.issuer) · \(ReportText.modelName(r.scoring.model))",
                "\(results.count) 个单位 · 评估日期 \(Set(results.map(\.asOf.description)).sorted().joined(separator: "、")) · 佐证文件 \(Set(results.map { ReportText.fileName($0.file) }).sorted().joined(separator: "、"))"]
    }
}
