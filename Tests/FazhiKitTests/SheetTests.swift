import FazhiKit
import FazhiSheets
import Foundation
import Testing

/// The fill-in workbook and its reading back: the same evidence written in YAML and in a workbook gives
/// exactly the same scores, and a bad workbook is refused at its cell.
@Suite struct SheetTests {
    static let pairs: [(ruleset: String, example: String)] = [
        ("ningxia-2023-eight-actions", "ningcheng-2023.yaml"),
        ("guyuan-2023-2025-creation", "guyuan-region-2023.yaml"),
        ("guyuan-2023-2025-creation", "guyuan-region-2024.yaml"),
        ("zhongwei-2022-points", "ningcheng-2023.yaml"),
        ("xixia-2020-demonstration", "ningcheng-2023.yaml"),
        ("xixia-2020-leadership-assessment", "xixia-leadership-2020.yaml"),
    ]

    func folder() throws -> String {
        let f = NSTemporaryDirectory() + "fazhi-sheet-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }

    @Test(arguments: pairs)
    func workbookScoresExactlyAsYAML(ruleset: String, example name: String) throws {
        let plan = try workspace.plan(ruleset)
        let yaml = try workspace.evaluate(plan, evidence: [example(name)])
        let path = try folder() + "/filled.xlsx"
        try workspace.template(plan, filledFrom: [example(name)]).write(to: path)
        let sheet = try workspace.evaluate(plan, evidence: [.file(path)])
        #expect(sheet.results.count == yaml.results.count)
        for (a, b) in zip(yaml.results, sheet.results) {
            #expect(a.unit.id == b.unit.id)
            #expect(a.grade == b.grade, "\(a.unit.id)")
            #expect(a.score == b.score, "\(a.unit.id)")
            #expect(a.counted == b.counted)
            #expect(a.indicators.map(\.outcome.state) == b.indicators.map(\.outcome.state), "\(a.unit.id)")
            #expect(a.indicators.map(\.reason) == b.indicators.map(\.reason), "\(a.unit.id)")
        }
        // Every fact the workbook gave points at its cell.
        let located = sheet.evidence.flatMap { $0.sources.values.map { "\($0.location)" } }
        #expect(!located.isEmpty)
        #expect(located.allSatisfy { $0.hasPrefix(path + ":填报!H") })
    }

    /// The blank template: one unit block, every input of the plan once, and the hidden layout sheet.
    @Test func blankTemplateLayout() throws {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        let path = try folder() + "/t.xlsx"
        try workspace.template(plan).write(to: path)
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["填报说明", "填报", "_fazhi"])
        #expect(reader.sheets.map(\.hidden) == [false, false, true])
        var rows: [SheetRow] = []
        _ = try reader.read(sheet: reader.sheet(named: "填报")!) { rows.append($0) }
        #expect(rows[0].cells.compactMap(\.text) == ["单位编码", "单位名称", "序号", "指标", "填报内容", "计量单位", "目标/要求", "填报值", "佐证材料", "说明", "不适用/豁免理由", "字段"])
        let keys = rows.dropFirst().compactMap { $0.cells.first { $0.column == 12 }?.text }
        #expect(Array(keys.prefix(3)) == ["u:id", "u:name", "u:level"])
        #expect(Set(keys).count == keys.count)
        // Every indicator has a row, in document order.
        let numbers = rows.dropFirst().compactMap { row in row.cells.first { $0.column == 3 }?.text }.filter { $0 != "—" }
        var seen: [String] = []
        for n in numbers where seen.last != n { seen.append(n) }
        #expect(seen == plan.indicators.map { $0.indicator.number ?? $0.indicator.id } + plan.vetoes.map { $0.spec.number ?? $0.spec.id })
    }

    /// A template for listed units: one block each, ids filled in.
    @Test func unitsTemplate() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let units = (1...30).map { UnitInfo(id: "u\($0)", name: "单位\($0)", level: "county") }
        let path = try folder() + "/units.xlsx"
        try workspace.template(plan, units: units).write(to: path)
        let reader = try WorkbookReader(path: path)
        var ids: [String] = []
        _ = try reader.read(sheet: reader.sheet(named: "填报")!) { row in
            if row.number > 1, let id = row.cells.first(where: { $0.column == 1 })?.text, ids.last != id { ids.append(id) }
        }
        #expect(ids == units.map(\.id))
        // Nothing filled in yet: no unit to read.
        let e = problems { () throws(DiagnosticList) in try workspace.evaluate(plan, evidence: [.file(path)]) }
        #expect(e.first?.description.contains("no unit in sheet \"填报\" has any value filled in") == true)
    }
}
