package import FazhiAnalysis
package import FazhiCore
import FazhiBase
import Foundation
package import FazhiSheets

/// Results as a workbook (`--format xlsx` on evaluate, compare and region): 排名 (rank, score, grade,
/// counts), 分组 (units × first-level groups), 指标 (units × indicators, each outcome in its colour) and
/// 明细 (every outcome with its reason and evidence). Percentages are numbers under a `%` format, so
/// they sort and sum; headers are frozen and filtered; column widths fit Chinese text (2 units a CJK
/// character).
package struct ResultsWorkbook {
    let comparison: UnitsComparison

    package init(_ comparison: UnitsComparison) { self.comparison = comparison }

    package init(plan: EvaluationPlan, results: [UnitResult]) {
        comparison = UnitsComparison(plan: plan, results: results)
    }

    static let fills: [OutcomeState: String] = [
        .met: "C6EFCE", .partial: "FFEB9C", .unmet: "FFC7CE", .noEvidence: "EDEDED", .notApplicable: "F2F2F2", .error: "FF7C80",
    ]

    /// A score at 12 significant digits: points summed in binary (95.03999999999999) show as 95.04.
    static func clean(_ d: Double) -> Double {
        guard d.isFinite, d != 0 else { return d }
        let scale = pow(10, 11 - floor(log10(abs(d))))
        return (d * scale).rounded() / scale
    }

    package func build() -> Workbook {
        let plan = comparison.plan
        let pointsModel = plan.ruleset.scoring.model == .points
        let book = Workbook()
        let header = CellStyle(bold: true, wrap: true, fill: "D9E1F2", border: true, top: false)
        let percent = CellStyle(format: .percent, border: true)
        let plain = CellStyle(border: true)
        let wrap = CellStyle(wrap: true, border: true)
        func finish(_ sheet: Worksheet, _ rows: [[String]], frozenColumns: Int, cap: Double = 50) {
            sheet.frozenRows = 1
            sheet.frozenColumns = frozenColumns
            sheet.autoFilter = true
            sheet.printTitleRows = 1...1
            var widths: [Double] = []
            for row in rows {
                for (i, text) in row.enumerated() {
                    if widths.count <= i { widths.append(6) }
                    widths[i] = min(cap, max(widths[i], Worksheet.width(of: text)))
                }
            }
            sheet.columnWidths = widths
        }
        func score(_ r: UnitResult) -> Cell {
            pointsModel ? Cell(.number(Self.clean(r.score.final)), plain) : Cell(.number(Self.clean(r.score.final)), percent)
        }

        // 排名
        let ranking = book.addSheet("排名")
        let rankHeader = ["名次", "单位编码", "单位名称", "层级", pointsModel ? "得分" : "完成率", "达到", "部分达到", "未达到", "无佐证", "不适用", "计入", "等级", "撤销命名", "说明"]
        ranking.addRow(rankHeader.map { .text($0, header) }, height: 28)
        var texts = [rankHeader]
        for row in comparison.rows.sorted(by: { ($0.rank, $0.result.unit.id) < ($1.rank, $1.result.unit.id) }) {
            let r = row.result
            let t = r.tally
            let note = r.invented ? "虚构数据" : ""
            ranking.addRow([Cell(.number(Double(row.rank)), plain), .text(r.unit.id, plain), .text(r.unit.name, plain), .text(r.unit.level ?? "", plain), score(r),
                            Cell(.number(Double(t.met)), plain), Cell(.number(Double(t.partial)), plain), Cell(.number(Double(t.unmet)), plain),
                            Cell(.number(Double(t.noEvidence)), plain), Cell(.number(Double(t.notApplicable)), plain), Cell(.number(Double(r.counted)), plain),
                            .text(r.grade, CellStyle(bold: true, border: true)), .text(r.revoked.joined(separator: "、"), plain), .text(note, plain)])
            texts.append(["\(row.rank)", r.unit.id, r.unit.name, r.unit.level ?? "", "100.0%", "\(t.met)", "", "", "", "", "", r.grade, r.revoked.joined(separator: "、"), note])
        }
        finish(ranking, texts, frozenColumns: 3)

        // 分组
        let groups = book.addSheet("分组")
        let groupTitles = comparison.topGroups.map { g in
            let group = plan.groups[g].group
            return [group.number, group.title].compactMap { $0 }.joined(separator: " ")
        }
        let groupHeader = ["单位编码", "单位名称"] + groupTitles + [pointsModel ? "得分" : "合计", "等级"]
        groups.addRow(groupHeader.map { .text($0, header) }, height: 42)
        texts = [groupHeader.map { String($0.prefix(12)) }]
        for row in comparison.rows {
            let r = row.result
            var cells: [Cell?] = [.text(r.unit.id, plain), .text(r.unit.name, plain)]
            for cell in row.cells {
                if pointsModel {
                    cells.append(Cell(.number(Self.clean(cell.points)), plain))
                } else if cell.completion.isDefined {
                    cells.append(Cell(.number(Self.clean(cell.completion.doubleValue)), percent))
                } else {
                    cells.append(.text("—", plain))
                }
            }
            cells.append(score(r))
            cells.append(.text(r.grade, CellStyle(bold: true, border: true)))
            groups.addRow(cells)
            texts.append([r.unit.id, r.unit.name] + row.cells.map { _ in "100.0%" } + ["100.0%", r.grade])
        }
        finish(groups, texts, frozenColumns: 2)

        // 指标
        let matrix = book.addSheet("指标")
        let indicatorHeader = ["单位编码", "单位名称"] + plan.indicators.map { $0.indicator.number ?? $0.indicator.id }
        matrix.addRow(indicatorHeader.map { .text($0, header) }, height: 28)
        texts = [indicatorHeader]
        for row in comparison.rows {
            let r = row.result
            var cells: [Cell?] = [.text(r.unit.id, plain), .text(r.unit.name, plain)]
            var line = [r.unit.id, r.unit.name]
            for ir in r.indicators {
                let state = ir.outcome.state
                cells.append(.text(state.chinese, CellStyle(fill: Self.fills[state], border: true, top: false)))
                line.append(state.chinese)
            }
            matrix.addRow(cells)
            texts.append(line)
        }
        finish(matrix, texts, frozenColumns: 2)
        // Dozens of indicator columns: printed across pages at full size, not shrunk onto one.
        matrix.fitToWidth = false

        // 明细
        let detail = book.addSheet("明细")
        let detailHeader = ["单位编码", "单位名称", "序号", "指标", "结果"] + (pointsModel ? ["得分", "分值"] : []) + ["理由", "佐证", "牵头单位"]
        detail.addRow(detailHeader.map { .text($0, header) }, height: 28)
        texts = [detailHeader]
        for row in comparison.rows {
            let r = row.result
            for ir in r.indicators {
                let p = plan.indicators[ir.position].indicator
                let state = ir.outcome.state
                var cells: [Cell?] = [.text(r.unit.id, plain), .text(r.unit.name, plain), .text(p.number ?? p.id, plain), .text(p.title, wrap),
                                      .text(state.chinese, CellStyle(fill: Self.fills[state], border: true))]
                if pointsModel {
                    cells.append(ir.points.map { Cell(.number(Self.clean($0)), plain) } ?? .blank(plain))
                    cells.append(ir.possiblePoints.map { Cell(.number(Self.clean($0)), plain) } ?? .blank(plain))
                }
                let evidence = ir.sources.map(\.citation).joined(separator: "；")
                cells += [.text(ir.reason, wrap), .text(evidence, wrap), .text(p.lead.joined(separator: "、"), wrap)]
                detail.addRow(cells)
                texts.append([r.unit.id, r.unit.name, p.number ?? p.id, p.title, state.chinese] + (pointsModel ? ["", ""] : []) + [ir.reason, evidence, ""])
            }
        }
        finish(detail, texts, frozenColumns: 3)
        return book
    }
}
