import FazhiKit
import Foundation
import Testing

/// A county 考核评分细则 in points with deductions (`Fixtures/county-points`, written for these tests):
/// the scores below are computed by hand from the document's rules, item by item.
struct PointsRulesetTests {
    static let folder = root + "/Tests/FazhiKitTests/Fixtures/county-points/"
    static let rulesetPath = folder + "yangli-2024-assessment.yaml"
    static let unitsPath = folder + "units-2024.yaml"

    /// The fixture ruleset (its folder has no metrics.yaml: the bundled catalog comes from the path).
    func plan() throws -> EvaluationPlan { try workspace.plan(Self.rulesetPath) }

    /// The fixture ruleset, edited, written to a fresh folder.
    func plan(_ edit: (String) -> String) throws -> EvaluationPlan {
        try workspace.plan(try edited(edit))
    }

    func edited(_ edit: (String) -> String) throws -> String {
        let text = try String(contentsOfFile: Self.rulesetPath, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the edit changed nothing")
        return try temporaryFile("yangli-2024-assessment.yaml", Array(edited.utf8))
    }

    func problemsOf(_ edit: @escaping (String) -> String) throws -> [Diagnostic] {
        let path = try edited(edit)
        return problems { () throws(DiagnosticList) in try workspace.plan(path) }
    }

    func results(_ plan: EvaluationPlan) throws -> [String: UnitResult] {
        let evaluation = try workspace.evaluate(plan, evidence: [.file(Self.unitsPath)])
        return Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.unit.id, $0) })
    }

    func points(_ r: UnitResult, _ plan: EvaluationPlan) -> [String: Double?] {
        Dictionary(uniqueKeysWithValues: r.indicators.map { (plan.indicators[$0.position].indicator.id, $0.points) })
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    /// 甲镇: 1 学法 2 of 3 (−0.5), plan made → 2.5; 2 → 1; 3 one failed file (−0.5) and 4 unlicensed
    /// (4 × 0.3 = 1.2, capped 0.9) → 2 − 1.4 = 0.6; 4 → 1; 6 not applicable, full marks → 1; 5 one lost
    /// lawsuit (−1) → 1. 7.1 points, bonus 3 × 0.5 capped at 1 → 8.1, 良好.
    /// 乙局: 1 no sessions (−1.5) and no plan (−1) → 0.5; 2, 4 → 0; 3 five failed files (−2.5, the
    /// item's 2 at most) → 0; 6 partial → 0; 5 three overturned decisions → 0. 0.5, 通报 −2 → −1.5, 不合格.
    /// 丙镇: as 甲镇 but 3 has no count of unlicensed enforcement → no evidence, 0; 6 met → 1; no count
    /// of commendations → no bonus. 6.5, 合格.
    @Test func scoresAsComputedByHand() throws {
        let plan = try plan()
        let r = try results(plan)
        let jia = try #require(r["jia"]), yi = try #require(r["yi"]), bing = try #require(r["bing"])

        #expect(Self.close(jia.score.value, 7.1))
        #expect(Self.close(jia.score.adjustment, 1))
        #expect(Self.close(jia.score.final, 8.1))
        #expect(jia.grade == "良好")
        let expected: [String: Double] = ["yl-1": 2.5, "yl-2": 1, "yl-3": 0.6, "yl-4": 1, "yl-6": 1, "yl-5": 1]
        for (id, p) in points(jia, plan) { #expect(Self.close(p ?? -1, expected[id] ?? -2), "\(id)") }
        #expect(jia.groups.map(\.points).enumerated().allSatisfy { Self.close($0.element, [3.5, 2.6, 1][$0.offset]) })
        #expect(jia.groups.map(\.maxPoints) == [4, 4, 2])
        let item1 = try #require(jia.indicators.first)
        #expect(item1.outcome.state == .partial)
        #expect(item1.reason.hasPrefix("得2.5/3分"))
        #expect(item1.code.rawValue == "points_deducted")

        #expect(Self.close(yi.score.value, 0.5))
        #expect(Self.close(yi.score.final, -1.5))
        #expect(yi.grade == "不合格")
        #expect(Self.close(points(yi, plan).values.compactMap { $0 }.reduce(0, +), 0.5))

        #expect(Self.close(bing.score.value, 6.5))
        #expect(bing.score.adjustment == 0)
        #expect(bing.grade == "合格")
        let item3 = try #require(bing.indicators.first { plan.indicators[$0.position].indicator.id == "yl-3" })
        #expect(item3.outcome.state == .noEvidence)
        #expect(item3.points == 0)
    }

    /// 不适用 in the points model, as the ruleset chooses: 甲镇's item 6 (1 point) earns it in full, is
    /// left out (6.1 + 1 = 7.1, 合格), or the rest is scaled up (6.1 × 10/9 + 1 = 7.78, 合格).
    @Test func notApplicableAsTheRulesetSays() throws {
        let excluded = try results(try plan { $0.replacingOccurrences(of: "notApplicable: full", with: "notApplicable: excluded") })["jia"]!
        #expect(Self.close(excluded.score.value, 6.1))
        #expect(excluded.grade == "合格")
        #expect(excluded.groups[1].maxPoints == 3)
        let prorata = try results(try plan { $0.replacingOccurrences(of: "notApplicable: full", with: "notApplicable: prorata") })["jia"]!
        #expect(Self.close(prorata.score.value, 6.1 * 10 / 9))
        #expect(prorata.grade == "合格")
        let wrong = try problemsOf { $0.replacingOccurrences(of: "notApplicable: full", with: "notApplicable: ful") }
        #expect(wrong.map(\.message) == ["scoring.notApplicable: expected excluded, full, prorata, found \"ful\""] || wrong.first?.hint == "did you mean \"full\"?")
    }

    /// The bulk scorer does not compile deductions: it says so and scores each unit through `Scorer`,
    /// giving the rows the YAML evidence gives.
    @Test func batchGivesTheSameRows() throws {
        let plan = try plan()
        let csv = """
            id,name,level,has_enforcement_powers,pre_meeting_law_study_sessions,failed_enforcement_files,unlicensed_enforcement_instances,court_appearance_rate,overturned_review_decisions,lost_administrative_lawsuits,rule_of_law_commendations,yl-1,yl-2,yl-6,yl-penalty-1
            jia,甲镇,township,false,2,1,4,100%,0,1,3,met,met,,unmet
            yi,乙局,department,true,0,5,0,80%,3,0,0,unmet,unmet,partial,met
            bing,丙镇,township,true,2,1,,100%,0,1,,met,met,met,unmet

            """
        let input = try temporaryFile("units.csv", Array(csv.utf8))
        let batch = try workspace.batch(plan, inputs: [input], format: .csv, jobs: 2)
        #expect(batch.generalReason?.contains("yl-1") == true)
        var fromCSV: [UInt8] = []
        _ = try batch.run { fromCSV += $0 }
        var fromYAML: [UInt8] = []
        _ = try workspace.batch(plan, inputs: [Self.unitsPath], format: .csv, jobs: 1).run { fromYAML += $0 }
        // The YAML rows name the units' invented note; the rest is the same.
        let strip = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") } }
        #expect(strip(fromCSV) == strip(fromYAML))
        #expect(strip(fromCSV).contains("jia,甲镇,7.1,,,+1,良好,yl-1 yl-3 yl-5,,"))
        // A ruleset without the new forms keeps the compiled loop.
        #expect(try workspace.batch(try workspace.plan("xixia-2020-leadership-assessment"), inputs: [input]).generalReason == nil)
    }

    /// A points ruleset without grades would be graded by the completion bands read as points.
    @Test func pointsWithoutGradesIsRefused() throws {
        let found = try problemsOf { text in
            text.replacingOccurrences(of: #"  grades:\n(    - .*\n)+"#, with: "", options: .regularExpression)
        }
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("scoring.model: a points ruleset needs its own grades in points") == true)
        #expect(found.first?.location?.start.line == 32)
    }

    @Test func ownMetricsJoinTheCatalogForThisRulesetOnly() throws {
        let plan = try plan()
        #expect(plan.catalog["failed_enforcement_files"]?.name == "评查不合格行政执法案卷数")
        #expect(try workspace.plan("zhongwei-2022-points").catalog["failed_enforcement_files"] == nil)
        // An id the catalog has, and a name another metric has, are refused where they are written.
        let clash = try problemsOf {
            $0.replacingOccurrences(of: "  - id: failed_enforcement_files\n", with: "  - id: court_appearance_rate\n    name: 出庭率x\n    unit: percent\n  - id: failed_enforcement_files\n")
        }
        #expect(clash.map(\.message) == ["metrics[0].id: metric \"court_appearance_rate\" is already defined; expected a new id (a metric the catalog has is used without declaring it)"])
        #expect(clash.first?.location?.start.line == 11)
        #expect(clash.first?.notes.first?.location?.file.hasSuffix("rulesets/metrics.yaml") == true)
        let name = try problemsOf { $0.replacingOccurrences(of: "name: 行政诉讼败诉案件数", with: "name: 行政机关负责人出庭应诉率") }
        #expect(name.first?.message.contains("the name \"行政机关负责人出庭应诉率\" is used by metrics \"court_appearance_rate\" and \"lost_administrative_lawsuits\"") == true)
        // The unknown-metric error says where a new one goes.
        let unknown = try problemsOf { $0.replacingOccurrences(of: "metric: overturned_review_decisions", with: "metric: overturned_decisions") }
        #expect(unknown.first?.message.contains("or the ruleset's own metrics:") == true)
    }

    @Test func deductionsMisuseIsLocated() throws {
        let completion = try problemsOf { $0.replacingOccurrences(of: "model: points", with: "model: completion")
            .replacingOccurrences(of: #"  grades:\n(    - .*\n)+"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: "notApplicable: full", with: "notApplicable: excluded") }
        #expect(completion.count == 3)
        #expect(completion.allSatisfy { $0.message.contains("only the points model adds up") })
        let nested = try problemsOf {
            $0.replacingOccurrences(of: "        kind: rate_at_least\n        metric: court_appearance_rate\n        min: 100%\n",
                                    with: "        kind: all_of\n        of: [{ kind: deductions, points: 1, deduct: [{ metric: failed_enforcement_files, each: 1 }] }]\n")
        }
        #expect(nested.map(\.message) == ["groups[1].indicators[1].of[0].kind: deductions is an item's own kind; expected it directly on an indicator, not inside of:, an adjustment or a veto"])
        let noEach = try problemsOf { $0.replacingOccurrences(of: "metric: overturned_review_decisions, each: 1", with: "metric: overturned_review_decisions") }
        #expect(noEach.first?.message.contains("missing \"each\"") == true)
        let bigCap = try problemsOf { $0.replacingOccurrences(of: "        points: 2\n        deduct:\n          - { title: 复议纠错", with: "        points: 2\n        cap: 3\n        deduct:\n          - { title: 复议纠错") }
        #expect(bigCap.first?.message.contains("at most the item's 2 points") == true)
        let both = try problemsOf { $0.replacingOccurrences(of: "        kind: assessed\n        points: 1\n", with: "        kind: assessed\n        points: 1\n        weight: 1\n") }
        #expect(both.first?.message.contains("\"weight\" or \"points\", not both") == true)
    }
}

/// A ruleset in a folder of its own that declares every metric it reads needs no catalog anywhere.
struct SelfContainedRulesetTests {
    @Test func noCatalogNeeded() throws {
        let folder = NSTemporaryDirectory() + "fazhi-alone-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ruleset = """
            fazhi: 1
            id: alone
            title: 自足县考核细则
            jurisdiction: { name: 自足县, level: county }
            issuer: 自足县人民政府
            period: 2024
            source: { file: alone.txt }
            metrics:
              - { id: alone_sessions, name: 自足学法次数, unit: count, direction: higher }
            scoring:
              model: points
              grades: [{ name: 合格, min: 1 }, { name: 不合格, min: 0 }]
            groups:
              - id: g1
                title: 第一组
                indicators:
                  - { id: a-1, text: 每年学法不少于2次，每少一次扣0.5分。（1分）, kind: deductions, points: 1,
                      deduct: [{ metric: alone_sessions, min: 2, each: 0.5 }] }
            """
        try ruleset.write(toFile: folder + "/alone.yaml", atomically: true, encoding: .utf8)
        try "fazhi: 1\nunit: { id: u, name: 单位 }\nperiod: 2024\nfacts: { alone_sessions: 1 }\n"
            .write(toFile: folder + "/u.yaml", atomically: true, encoding: .utf8)
        let nowhere = Workspace(searchPath: [folder + "/no-such-folder"])
        let plan = try nowhere.plan(folder + "/alone.yaml")
        let result = try nowhere.evaluate(plan, evidence: [.file(folder + "/u.yaml")]).results[0]
        #expect(result.score.value == 0.5)
        #expect(result.grade == "不合格")
        guard case .ruleset = try nowhere.validate(folder + "/alone.yaml") else { Issue.record("not valid"); return }
        // One that reads a metric nobody declares gets that problem and the folders looked in.
        try ruleset.replacingOccurrences(of: "metric: alone_sessions", with: "metric: court_appearance_rate")
            .write(toFile: folder + "/alone.yaml", atomically: true, encoding: .utf8)
        let found = problems { () throws(DiagnosticList) in try nowhere.plan(folder + "/alone.yaml") }.map(\.message)
        #expect(found.contains { $0.hasPrefix("no metric catalog (metrics.yaml) in ") })
        #expect(found.contains { $0.contains("unknown metric \"court_appearance_rate\"") })
    }

    /// A printed number given to two indicators is not silently the first.
    @Test func ambiguousPrintedNumber() throws {
        let plan = try workspace.plan(PointsRulesetTests.rulesetPath)
        #expect(try workspace.indicator("3", of: plan).indicator.id == "yl-3")
        #expect(try workspace.indicator("（三）", of: plan).indicator.id == "yl-3")
        let twice = try PointsRulesetTests().plan { $0.replacingOccurrences(of: "number: \"4\"", with: "number: \"3\"") }
        let found = problems { () throws(DiagnosticList) in try workspace.indicator("3", of: twice) }
        #expect(found.map(\.message) == ["ruleset yangli-2024-assessment prints the number \"3\" on 2 indicators: yl-3 (3 执法案卷与持证执法), yl-4 (3 负责人出庭应诉); give one of their ids"])
    }
}
