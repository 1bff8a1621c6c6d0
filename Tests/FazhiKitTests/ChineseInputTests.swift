@testable import FazhiCore
import FazhiKit
import Testing

/// What offices type: levels in Chinese (县, 部门) and yes/no as 1/0 in YAML evidence, and a batch handed
/// to an analysis (an in-memory CSV, as an upload would be) read as the same units.
struct ChineseInputTests {
    static func yaml(_ level: String, _ named: String) -> EvidenceSource {
        .source(SourceFile(name: "u.yaml", text: "fazhi: 1\nunit: { id: u, name: 某县, level: \(level), attributes: { named_regional_demonstration_area: \(named) } }\nverdicts: { gy-2: met }\n"))
    }

    static func states(_ evaluation: Evaluation) -> [String] {
        evaluation.results.flatMap { r in r.indicators.map { "\($0.outcome.state)" } + [r.grade] }
    }

    @Test func chineseLevelsAndYesNoInYAML() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let chinese = try workspace.evaluate(plan, evidence: [Self.yaml("县", "1")])
        let english = try workspace.evaluate(plan, evidence: [Self.yaml("county", "true")])
        let other = try workspace.evaluate(plan, evidence: [Self.yaml("部门", "否")])
        #expect(chinese.evidence[0].unit.level == "county")
        #expect(chinese.evidence[0].unit.attributes["named_regional_demonstration_area"] == "true")
        #expect(Self.states(chinese) == Self.states(english))
        #expect(Self.states(other) != Self.states(english))  // gy-1 and gy-2 do not apply to a department
        // A yes/no attribute the ruleset tests refuses anything else, saying what it accepts.
        let bad = problems { () throws(DiagnosticList) in try workspace.evaluate(plan, evidence: [Self.yaml("县", "有")]) }
        #expect(bad.first?.message.contains("expected true or false (是 / 否, 1 / 0), since the ruleset's appliesTo tests it") == true, "\(bad)")
    }

    @Test func regionReadsAnInMemoryBatch() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let csv = EvidenceSource.source(SourceFile(name: "u.csv", text: "unit_id,单位名称,层级,named_regional_demonstration_area,gy-2\r\nu,某县,县,1,met\r\n"))
        let fromCSV = try workspace.region(plan, evidence: [csv])
        let fromYAML = try workspace.region(plan, evidence: [Self.yaml("county", "true")])
        #expect(fromCSV.units.count == 1)
        #expect(fromCSV.units.map { $0.result.indicators.map { "\($0.outcome.state)" } } == fromYAML.units.map { $0.result.indicators.map { "\($0.outcome.state)" } })
        #expect(fromCSV.units.map(\.result.grade) == fromYAML.units.map(\.result.grade))
        // The verdict is cited at its cell.
        let cited = fromCSV.units[0].result.indicators.flatMap(\.sources).map(\.location.description)
        #expect(cited.contains("u.csv:2:10"), "\(cited)")
    }
}
