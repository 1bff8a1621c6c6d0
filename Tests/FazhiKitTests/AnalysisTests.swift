import FazhiKit
import Testing

/// The analyses a user runs over several units, rulesets or years: `compare`, `region`, `crosswalk`.
struct AnalysisTests {
    @Test func regionHasEveryUnit() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let region = try workspace.region(plan, evidence: [example("guyuan-region-2023.yaml")])
        #expect(region.units.count == 6)
        #expect(region.units.contains { $0.result.unit.id == "guyuan" })
    }

    /// Progress reports each stage from 0 to its total, reading by source and scoring by unit.
    @Test func progressCountsSourcesThenUnits() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        var seen: [Progress] = []
        _ = try workspace.region(plan, evidence: [example("guyuan-region-2023.yaml")]) { seen.append($0) }
        #expect(seen.first == Progress(stage: .reading, done: 0, total: 1))
        #expect(seen.contains(Progress(stage: .reading, done: 1, total: 1)))
        #expect(seen.filter { $0.stage == .scoring }.map(\.done) == Array(0...6))
    }

    @Test func compareUnitsRanksThem() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let comparison = try workspace.compareUnits(plan, evidence: [example("guyuan-region-2023.yaml")])
        #expect(comparison.rows.count == 6)
    }

    /// A unit given twice across sources is refused, at the second, with a note at the first.
    @Test func repeatedUnitAcrossSourcesIsRefused() throws {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        let file = root + "/examples/ningcheng-2023.yaml"
        let found = problems { () throws(DiagnosticList) in try workspace.compareUnits(plan, evidence: [.file(file), .file(file)]) }
        #expect(found.count == 1)
        #expect(found.first?.location?.file == file)
        #expect(found.first?.message == "duplicate unit id \"ningcheng\" across the evidence files; expected each unit once")
        #expect(found.first?.notes.first?.message == "first given here")
    }

    @Test func oneUnitUnderTwoRulesets() throws {
        let comparison = try workspace.compareRulesets(["ningxia-2023-eight-actions", "zhongwei-2022-points"],
                                                       unit: example("ningcheng-2023.yaml"))
        #expect(comparison.columns.map(\.plan.ruleset.id) == ["ningxia-2023-eight-actions", "zhongwei-2022-points"])
        #expect(comparison.columns[0].result.grade == "不达标")
    }

    @Test func rulesetComparisonNeedsOneUnit() {
        let found = problems { () throws(DiagnosticList) in
            try workspace.compareRulesets(["ningxia-2023-eight-actions", "guyuan-2023-2025-creation"], unit: example("guyuan-region-2023.yaml"))
        }
        #expect(found.first?.message.contains("this file holds 6 units") == true)
    }

    @Test func changesBetweenTwoYears() throws {
        let plan = try workspace.plan("guyuan-2023-2025-creation")
        let changes = try workspace.compareChanges(before: (plan, [example("guyuan-region-2023.yaml")]),
                                                   after: (plan, [example("guyuan-region-2024.yaml")]))
        #expect(!changes.units.isEmpty)
    }

    @Test func crosswalkLinesRulesetsUp() throws {
        let crosswalk = try workspace.crosswalk(["ningxia-2023-eight-actions", "zhongwei-2022-points"])
        #expect(crosswalk.plans.count == 2)
        #expect(!crosswalk.lines.isEmpty)
    }
}
