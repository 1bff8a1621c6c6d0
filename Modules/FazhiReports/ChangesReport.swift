package import FazhiAnalysis
import FazhiCore
import FazhiBase

/// `fazhi compare --ruleset R --before OLD --after NEW`: what changed between two evaluations.
package struct ChangesReport: Sendable {
    package let changes: Changes
    /// The evidence files, for the heading.
    package let beforeFiles: [String]
    package let afterFiles: [String]

    package init(_ changes: Changes, beforeFiles: [String], afterFiles: [String]) {
        self.changes = changes
        self.beforeFiles = beforeFiles
        self.afterFiles = afterFiles
    }

    var plan: EvaluationPlan { changes.afterPlan }

    func moveText(_ u: Changes.UnitChange) -> String {
        guard let b = u.before, let a = u.after else { return u.before == nil ? "新增单位" : "本期无佐证" }
        guard let move = u.gradeMove else { return "\(b.grade) → \(a.grade)" }
        return move > 0 ? "↑ \(b.grade) → \(a.grade)" : move < 0 ? "↓ \(b.grade) → \(a.grade)" : "＝ \(a.grade)"
    }

    func ids(_ positions: [Int]) -> String { positions.map { plan.indicators[$0].indicator.id }.joined(separator: " ") }

    func scoreText(_ r: UnitResult?, _ p: EvaluationPlan) -> String { r.map { Standing.shortScore($0, p.ruleset.scoring) } ?? "—" }

    var heading: [String] {
        var out = ["前后比较 — \(plan.ruleset.title)"]
        if changes.beforePlan.ruleset.id != plan.ruleset.id {
            out.append("前：\(changes.beforePlan.ruleset.id)（\(beforeFiles.joined(separator: "、"))）  后：\(plan.ruleset.id)（\(afterFiles.joined(separator: "、"))）")
        } else {
            out.append("规则集 \(plan.ruleset.id) · 前：\(beforeFiles.joined(separator: "、")) · 后：\(afterFiles.joined(separator: "、"))")
        }
        let all = changes.units.flatMap { [$0.before, $0.after].compactMap { $0 } }
        if let w = ReportText.inventedWarning(all) { out.append(w) }
        return out
    }

    // MARK: Text

    package func text(color: Bool = false) -> String {
        var out = heading
        out.append("")
        var table = TextTable(["单位", "前", "后", "等级变化", "新达到", "新未达到"], alignments: [.left, .right, .right, .left, .right, .right])
        for u in changes.units {
            table.add([u.unit.name, scoreText(u.before, changes.beforePlan), scoreText(u.after, plan), moveText(u), "\(u.newlyMet.count)", "\(u.newlyUnmet.count)"])
        }
        out.append(table.render(paint: color ? { _, column, text in
            guard column == 3 else { return text }
            return text.hasPrefix("↑") ? "\u{1B}[32m\(text)\u{1B}[0m" : text.hasPrefix("↓") ? "\u{1B}[31m\(text)\u{1B}[0m" : text
        } : nil))
        for u in changes.units where !u.newlyMet.isEmpty || !u.newlyUnmet.isEmpty {
            out.append("")
            out.append("\(u.unit.name)：\(moveText(u))")
            for p in u.newlyMet {
                let i = plan.indicators[p].indicator
                out.append("  + \(i.id) \(i.title)\(u.added.contains(p) ? "（新增指标）" : "")")
            }
            for p in u.newlyUnmet {
                let i = plan.indicators[p].indicator
                let now = u.after!.indicators[p].outcome.state
                let lead = ReportText.leadText(i)
                out.append("  − \(i.id) \(i.title)［现为\(now.chinese)］\(lead == "—" ? "" : "牵头：\(lead)")")
            }
        }
        return out.joined(separator: "\n")
    }

    // MARK: JSON

    package func json() -> String {
        JSONValue.object([
            ("fazhi", .int(1)),
            ("command", .string("compare-change")),
            ("before", .object([("ruleset", ComparisonReport.rulesetJSON(changes.beforePlan.ruleset)), ("evidence", .strings(beforeFiles))])),
            ("after", .object([("ruleset", ComparisonReport.rulesetJSON(plan.ruleset)), ("evidence", .strings(afterFiles))])),
            ("units", .array(changes.units.map { u in
                .object([
                    ("unit", ComparisonReport.unitJSON((u.after ?? u.before)!)),
                    ("before", u.before.map { .object([("grade", .string($0.grade)), ("score", ComparisonReport.scoreJSON($0, changes.beforePlan.ruleset.scoring))]) } ?? .null),
                    ("after", u.after.map { .object([("grade", .string($0.grade)), ("score", ComparisonReport.scoreJSON($0, plan.ruleset.scoring))]) } ?? .null),
                    ("gradeMove", u.gradeMove.map { .int($0) } ?? .null),
                    ("newlyMet", .strings(u.newlyMet.map { plan.indicators[$0].indicator.id })),
                    ("newlyUnmet", .strings(u.newlyUnmet.map { plan.indicators[$0].indicator.id })),
                    ("addedIndicators", .strings(u.added.sorted().map { plan.indicators[$0].indicator.id })),
                ])
            })),
        ]).render() + "\n"
    }

    // MARK: CSV

    package func csv() -> String {
        var rows = [["单位编号", "单位名称", "前得分", "前等级", "后得分", "后等级", "等级变化", "新达到", "新未达到"]]
        for u in changes.units {
            rows.append([u.unit.id, u.unit.name, scoreText(u.before, changes.beforePlan), u.before?.grade ?? "", scoreText(u.after, plan),
                         u.after?.grade ?? "", u.gradeMove.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "", ids(u.newlyMet), ids(u.newlyUnmet)])
        }
        return CSV.render(rows)
    }

    // MARK: HTML

    package func html() -> String {
        var page = HTMLPage(title: "前后比较：\(plan.ruleset.title)", subtitle: Array(heading.dropFirst().filter { !$0.hasPrefix("【注意】") }))
        if let w = heading.first(where: { $0.hasPrefix("【注意】") }) { page.add("<p class=\"warning\">\(HTML.escape(w))</p>") }
        page.section("等级变化", HTML.table(["单位", "前", "后", "等级变化", "新达到", "新未达到"], changes.units.map { u in
            [HTML.escape(u.unit.name), HTML.escape(scoreText(u.before, changes.beforePlan)), HTML.escape(scoreText(u.after, plan)),
             "<b>\(HTML.escape(moveText(u)))</b>", "\(u.newlyMet.count)", "\(u.newlyUnmet.count)"]
        }, numeric: [1, 2, 4, 5]))
        var details = ""
        for u in changes.units where !u.newlyMet.isEmpty || !u.newlyUnmet.isEmpty {
            details += "<h3>\(HTML.escape(u.unit.name))：\(HTML.escape(moveText(u)))</h3><ul class=\"gap\">"
            for p in u.newlyMet {
                let i = plan.indicators[p].indicator
                details += "<li><span class=\"swatch s-met\"></span>新达到 \(HTML.escape(i.id)) \(HTML.escape(ReportText.indicatorLabel(i)))"
                details += " <span class=\"cite\">\(HTML.escape(u.after!.indicators[p].reason))</span></li>"
            }
            for p in u.newlyUnmet {
                let i = plan.indicators[p].indicator
                let now = u.after!.indicators[p]
                details += "<li><span class=\"swatch \(HTML.stateClass(now.outcome.state))\"></span>新未达到 \(HTML.escape(i.id)) \(HTML.escape(ReportText.indicatorLabel(i)))"
                details += "（现为\(HTML.escape(now.outcome.state.chinese))）牵头：\(HTML.escape(ReportText.leadText(i))) <span class=\"cite\">\(HTML.escape(now.reason))</span></li>"
            }
            details += "</ul>"
        }
        page.section("逐项变化", details.isEmpty ? "<p>没有指标的结果发生变化。</p>" : details)
        return page.render()
    }
}
