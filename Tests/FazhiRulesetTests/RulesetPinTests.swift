import FazhiCore
import FazhiEvaluators
import FazhiBase
import FazhiYAML
import Foundation
import Testing

/// The repository root, found from this file.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let rulesetsDirectory = repositoryRoot + "/rulesets"
let fixturesDirectory = repositoryRoot + "/Tests/FazhiRulesetTests/Fixtures"

func loader() throws -> RulesetLoader {
    let catalog = try MetricCatalog.load(path: rulesetsDirectory + "/metrics.yaml")
    return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [rulesetsDirectory]))
}

/// Every `*.expect.yaml` pins one ruleset: written from a second reading of the paper document.
let expectFiles: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory)) ?? [])
    .filter { $0.hasSuffix(".expect.yaml") }.sorted()

func loadExpect(_ file: String) throws -> NodeValue {
    try YAMLParser.singleDocument(in: SourceFile(contentsOfFile: fixturesDirectory + "/" + file)).value
}

/// A pinned value in its unit: "100%" as a rate, "30" as a number.
func pinnedValue(_ v: NodeValue) throws -> FixedPoint {
    let text = try v.text()
    return text.contains("%") ? try v.rate() : try v.number()
}

struct RulesetPinTests {
    @Test func everyRulesetHasAnExpectFile() throws {
        let rulesets = try FileManager.default.contentsOfDirectory(atPath: rulesetsDirectory)
            .filter { $0.hasSuffix(".yaml") && $0 != "metrics.yaml" }.map { String($0.dropLast(5)) }.sorted()
        let pinned = expectFiles.map { String($0.dropLast(".expect.yaml".count)) }.sorted()
        #expect(rulesets == pinned)
        #expect(rulesets.count >= 4)
    }

    @Test(arguments: expectFiles)
    func metadataAndCounts(_ file: String) throws {
        let expect = try loadExpect(file)
        let id = try expect.required("ruleset", "id").text()
        let plan = try loader().load(id)
        #expect(plan.ruleset.id == id)
        if let j = expect["jurisdiction"] {
            #expect(plan.ruleset.jurisdiction.name == (try j.required("name", "").text()))
            #expect(plan.ruleset.jurisdiction.level == (try j.required("level", "").text()))
        }
        if let n = expect["documentNumber"] { #expect(plan.ruleset.documentNumber == (try n.text())) }
        if let d = expect["issued"] { #expect(plan.ruleset.issued == (try d.date())) }

        let counts = try expect.required("counts", "counts")
        let resolved = counts["resolved"] ?? counts
        let indicators = try resolved.required("indicators", "the indicator count").int()
        #expect(plan.indicators.count == indicators, "\(id): indicators")
        if let groups = resolved["groups"] {
            if let l1 = groups["level1"] { #expect(plan.groups.filter { $0.depth == 0 }.count == (try l1.int()), "\(id): first-level groups") }
            if let l2 = groups["level2"] { #expect(plan.groups.filter { $0.depth == 1 }.count == (try l2.int()), "\(id): second-level groups") }
        }
        if let a = counts["adjustments"] { #expect(plan.adjustments.count == (try a.int()), "\(id): adjustments") }
        if let v = counts["vetoes"] { #expect(plan.vetoes.count == (try v.int()), "\(id): vetoes") }
        if let r = counts["regionTargets"] { #expect(plan.ruleset.regionTargets.count == (try r.int()), "\(id): region targets") }
        for (key, perGroup) in [("indicatorsPerGroup", counts["indicatorsPerGroup"] ?? counts["own"]?["indicatorsPerGroup"]),
                                ("indicatorsPerSubgroup", counts["indicatorsPerSubgroup"])] {
            guard let perGroup else { continue }
            for entry in try perGroup.entries() {
                guard let g = plan.groups.firstIndex(where: { $0.group.id == entry.key }) else {
                    Issue.record("\(id): \(key) names group \(entry.key), which the ruleset lacks")
                    continue
                }
                let count = plan.indicators.filter { p in
                    var x: Int? = p.group
                    while let i = x { if i == g { return true }; x = plan.groups[i].parent }
                    return false
                }.count
                #expect(count == (try entry.value.int()), "\(id): indicators in \(entry.key)")
            }
        }
    }

    /// Every quantitative target the document sets is in the ruleset, and the ruleset sets no other.
    @Test(arguments: expectFiles)
    func quantitativeTargets(_ file: String) throws {
        let expect = try loadExpect(file)
        let id = try expect.required("ruleset", "id").text()
        let plan = try loader().load(id)
        guard let targets = expect["targets"] else { return }
        var pinned: Set<String> = []
        for t in try targets.list() {
            guard let metric = t["metric"] ?? t["numerator"] else { continue }  // a ratio names its numerator; weighted parts have none
            let indicator = try t.required("indicator", "").text()
            let value = try pinnedValue(t.required("value", ""))
            let unit = try t.required("unit", "").text()
            let key = "\(indicator) \(try metric.text()) \(value.raw) \(unit)"
            pinned.insert(key)
            guard let planned = plan.planned(indicator) else {
                Issue.record("\(id): pinned indicator \(indicator) is missing")
                continue
            }
            let metricID = try metric.text()
            let found = planned.evaluator.targets.contains { $0.metric == metricID && $0.value == value && $0.unit.rawValue == unit }
            let sets = planned.evaluator.targets.map { "\($0.metric) \($0.text)" }
            #expect(found, "\(id): \(indicator) should set \(metricID) \(value) \(unit); it sets \(sets)")
        }
        for planned in plan.indicators where planned.indicator.origin == id {
            for target in planned.evaluator.targets {
                let key = "\(planned.indicator.id) \(target.metric) \(target.value.raw) \(target.unit.rawValue)"
                #expect(pinned.contains(key), "\(id): \(planned.indicator.id) sets \(target.metric) \(target.text), which no pinned target names")
            }
        }
    }

    @Test(arguments: expectFiles)
    func applicabilityAndAssessedItems(_ file: String) throws {
        let expect = try loadExpect(file)
        let id = try expect.required("ruleset", "id").text()
        let plan = try loader().load(id)
        if let a = expect["applicability"] {
            for never in try a["never"]?.list() ?? [] {
                let p = try #require(plan.planned(try never.text()))
                #expect(p.indicator.appliesTo == .never, "\(p.indicator.id) is marked 和我区无关")
            }
            for legislative in try a["hasLegislativePower"]?.list() ?? [] {
                let p = try #require(plan.planned(try legislative.text()))
                #expect(p.indicator.appliesTo == .when([.init(attribute: "has_legislative_power", values: ["true"])]), "\(p.indicator.id) 适用于有立法权的市")
            }
        }
        for assessed in try expect["assessedIndicators"]?.list() ?? [] {
            let p = try #require(plan.planned(try assessed.text()))
            #expect(p.indicator.kind == "assessed", "\(p.indicator.id) should be assessor-judged")
        }
    }

    @Test func guyuanInheritsTheRegionalSystem() throws {
        let loader = try loader()
        let ningxia = try loader.load("ningxia-2023-eight-actions")
        let guyuan = try loader.load("guyuan-2023-2025-creation")
        #expect(guyuan.ruleset.ancestors == ["ningxia-2023-eight-actions"])
        let regional = ningxia.indicators.map(\.indicator.id)
        let resolved = guyuan.indicators.map(\.indicator.id)
        #expect(Array(resolved.prefix(regional.count)) == regional)
        #expect(resolved.dropFirst(regional.count).allSatisfy { $0.hasPrefix("gy-") })
        #expect(resolved.count > regional.count)
        #expect(guyuan.indicators.first { $0.indicator.id == "nx-37" }?.indicator.origin == "ningxia-2023-eight-actions")
        #expect(!guyuan.ruleset.plan.entries.isEmpty)
        #expect(guyuan.ruleset.plan.types.map(\.name).contains("综合示范创建"))
    }

    @Test func ningxiaGradingRule() throws {
        let plan = try loader().load("ningxia-2023-eight-actions")
        #expect(plan.indicators.count == 50)
        #expect(plan.groups.count == 8)
        #expect(plan.ruleset.scoring.grades.map(\.name) == ["示范", "达标", "不达标"])
        #expect(plan.ruleset.scoring.grades.map(\.min.percentText) == ["90%", "60%", "0%"])
        #expect(plan.vetoes.contains { $0.spec.effect == .revoke && $0.spec.grade == "示范" })
    }
}
