import FazhiKit
import FazhiReports
import FazhiSheets
import Foundation
import Testing

/// The results workbook read back: its sheets, formats and values are those of the comparison.
@Suite struct ResultsWorkbookTests {
    @Test func guyuanComparison() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let comparison = try workspace.compareUnits(plan, evidence: [example("guyuan-region-2023.yaml")])
        let path = NSTemporaryDirectory() + "fazhi-results-\(UUID().uuidString).xlsx"
        try ResultsWorkbook(comparison).build().write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["排名", "分组", "指标", "明细"])
        func rows(_ name: String) throws -> [SheetRow] {
            var out: [SheetRow] = []
            _ = try reader.read(sheet: reader.sheet(named: name)!) { out.append($0) }
            return out
        }
        let ranking = try rows("排名")
        #expect(ranking.count == 1 + comparison.rows.count)
        #expect(ranking[0].cells.prefix(5).compactMap(\.text) == ["名次", "单位编码", "单位名称", "层级", "完成率"])
        // Ranked, with the completion as a fraction under a % format, and the grade as scored.
        let byID = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.result.unit.id, $0) })
        var lastRank = 0.0
        for row in ranking.dropFirst() {
            guard case .number(let rank, _) = row.cells[0].value, let id = row.cells[1].text, let expected = byID[id],
                  case .number(let completion, _) = row.cells[4].value else {
                Issue.record("row \(row.number)")
                continue
            }
            #expect(rank >= lastRank)
            lastRank = rank
            #expect(Int(rank) == expected.rank)
            #expect(row.cells[4].format == .percent)
            #expect(abs(completion - expected.result.score.final) < 1e-9)
            #expect(row.cells[11].text == expected.result.grade)
        }
        let matrix = try rows("指标")
        #expect(matrix[0].cells.count == 2 + plan.indicators.count)
        let first = comparison.rows[0].result
        #expect(matrix[1].cells.dropFirst(2).compactMap(\.text) == first.indicators.map(\.outcome.state.chinese))
        let detail = try rows("明细")
        #expect(detail.count == 1 + comparison.rows.count * plan.indicators.count)
        let groups = try rows("分组")
        #expect(groups[0].cells.count == 2 + comparison.topGroups.count + 2)
        #expect(groups[1].cells[2].format == .percent)
    }
}
