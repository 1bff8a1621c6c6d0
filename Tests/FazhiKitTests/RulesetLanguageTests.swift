import FazhiKit
import Foundation
import Testing

/// Forms of the ruleset language for the documents counties write (issue 17), each as a small ruleset.
struct RulesetLanguageTests {
    static func ruleset(_ groups: String, scoring: String = "") -> String {
        """
        fazhi: 1
        id: lang
        title: 语言测试
        jurisdiction: { name: 测试市, level: city }
        issuer: 测试市人民政府
        period: 2024
        source: { file: lang.txt }
        \(scoring)
        groups:
        \(groups)
        """
    }

    func plan(_ text: String) throws -> EvaluationPlan {
        try workspace.plan(try temporaryFile("lang.yaml", Array(text.utf8)))
    }

    func evaluate(_ plan: EvaluationPlan, _ units: String) throws -> [UnitResult] {
        try workspace.evaluate(plan, evidence: [.file(try temporaryFile("units.yaml", Array(units.utf8)))]).results
    }

    /// 负责人出庭应诉率达到100%；市政府每年向市人大常委会报告一次: the second sentence binds the city only.
    static let composite = ruleset("""
          - id: g1
            title: 第一组
            indicators:
              - id: c-1
                text: 行政机关负责人出庭应诉率达到100%，市政府每年向市人大常委会报告法治政府建设情况。
                kind: all_of
                of:
                  - { kind: rate_at_least, metric: court_appearance_rate, min: 100%, title: 出庭率 }
                  - { kind: assessed, title: 向人大报告, appliesTo: { level: city } }
        """)

    @Test func appliesToOnASubCheck() throws {
        let plan = try plan(Self.composite)
        let units = """
            fazhi: 1
            unit: { id: city, name: 市, level: city }
            period: 2024
            facts: { court_appearance_rate: 100% }
            verdicts: { c-1: unmet }
            ---
            fazhi: 1
            unit: { id: county, name: 县, level: county }
            period: 2024
            facts: { court_appearance_rate: 100% }
            verdicts: { c-1: unmet }
            ---
            fazhi: 1
            unit: { id: county2, name: 县二, level: county }
            period: 2024
            facts: { court_appearance_rate: 90% }

            """
        let r = try evaluate(plan, units)
        // The city is bound by both sentences and has not reported; the county only by the first.
        #expect(r.map { $0.indicators[0].outcome.state } == [.unmet, .met, .unmet])
        #expect(r[1].indicators[0].reason == "全部 1 项达到")
        #expect(plan.indicators[0].evaluator.requirement.contains("（仅适用于 level = city）"))
        // The bulk scorer calls the composite as it is: the same rows from CSV.
        let csv = "id,name,level,court_appearance_rate,c-1\ncity,市,city,100%,unmet\ncounty,县,county,100%,unmet\ncounty2,县二,county,90%,\n"
        var rows: [UInt8] = []
        _ = try workspace.batch(plan, inputs: [try temporaryFile("u.csv", Array(csv.utf8))], format: .csv, jobs: 1).run { rows += $0 }
        let lines = String(decoding: rows, as: UTF8.self).split(separator: "\r\n").map(String.init)
        #expect(Array(lines.dropFirst()) == ["city,市,0.00%,0,1,,不达标,c-1,,,", "county,县,100.00%,1,1,,示范,,,,", "county2,县二,0.00%,0,1,,不达标,c-1,,,"])
        // A wrong level is located.
        let path = try temporaryFile("lang.yaml", Array(Self.composite.replacingOccurrences(of: "appliesTo: { level: city }", with: "appliesTo: { level: cty }").utf8))
        let found = problems { () throws(DiagnosticList) in try workspace.plan(path) }
        #expect(found.map(\.message) == ["groups[0].indicators[0].of[1].appliesTo.level: unknown level \"cty\"; expected one of nation, region, city, county, township, department"])
        #expect(found.first?.hint == "did you mean \"city\"?")
    }

    /// 一、…（一）…（二）其中又分 1. 2.…（三）…: an item that is itself a group keeps its place.
    static let ordered = ruleset("""
          - id: g1
            number: 一、
            title: 依法行政
            text: 本部分共三项。
            items:
              - { id: o-1, number: （一）, text: 建立法律顾问制度。, kind: assessed }
              - id: g1-2
                number: （二）
                title: 规范性文件管理
                text: 规范性文件实行统一登记、统一编号、统一发布。
                items:
                  - { id: o-2-1, number: "1", text: 统一登记。, kind: assessed }
                  - { id: o-2-2, number: "2", text: 统一发布。, kind: assessed }
              - { id: o-3, number: （三）, text: 推行行政执法公示制度。, kind: assessed }
        """)

    @Test func oneOrderedListOfChildren() throws {
        let plan = try plan(Self.ordered)
        #expect(plan.indicators.map(\.indicator.id) == ["o-1", "o-2-1", "o-2-2", "o-3"])
        #expect(plan.ruleset.allIndicators.map(\.id) == ["o-1", "o-2-1", "o-2-2", "o-3"])
        #expect(plan.groups.map(\.group.text) == ["本部分共三项。", "规范性文件实行统一登记、统一编号、统一发布。"])
        #expect(plan.groups.map { $0.children.count } == [3, 2])
        // items beside indicators is refused where it is written.
        let both = Self.ordered.replacingOccurrences(of: "    text: 本部分共三项。\n", with: "    text: 本部分共三项。\n    indicators: []\n")
        #expect(both != Self.ordered)
        let path = try temporaryFile("lang.yaml", Array(both.utf8))
        let found = problems { () throws(DiagnosticList) in try workspace.plan(path) }
        #expect(found.map(\.message) == ["groups[0].items: a group lists its children in \"items\" or in \"indicators\"/\"groups\", not both"])
    }
}
