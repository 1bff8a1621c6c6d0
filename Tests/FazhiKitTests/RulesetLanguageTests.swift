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
        #expect(plan.indicators[0].evaluator.requirement.contains("（仅适用于层级为市的单位）"))
        // The bulk scorer calls the composite as it is: the same rows from CSV.
        let csv = "id,name,level,court_appearance_rate,c-1\ncity,市,city,100%,unmet\ncounty,县,county,100%,unmet\ncounty2,县二,county,90%,\n"
        var rows: [UInt8] = []
        _ = try workspace.batch(plan, inputs: [try temporaryFile("u.csv", Array(csv.utf8))], format: .csv, jobs: 1).run { rows += $0 }
        let lines = String(decoding: rows, as: UTF8.self).split(separator: "\r\n").map(String.init)
        #expect(Array(lines.dropFirst()) == ["city,市,0.00%,0,1,,不达标,c-1,,,", "county,县,100.00%,1,1,,示范,,,,", "county2,县二,0.00%,0,1,,不达标,c-1,,,"])
        // A wrong level is located.
        let path = try temporaryFile("lang.yaml", Array(Self.composite.replacingOccurrences(of: "appliesTo: { level: city }", with: "appliesTo: { level: cty }").utf8))
        let found = problems { () throws(DiagnosticList) in try workspace.plan(path) }
        #expect(found.map(\.message) == ["groups[0].indicators[0].of[1].appliesTo.level: unknown level \"cty\"; expected one of nation, region, city, county, township, department (or 国家, 自治区/省, 市, 县/区, 乡镇/街道, 部门)"])
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

    func problemsIn(_ text: String) throws -> [String] {
        let path = try temporaryFile("lang.yaml", Array(text.utf8))
        return problems { () throws(DiagnosticList) in try workspace.plan(path) }.map(\.message)
    }

    /// A document read from a web page with a page missing: the address and the day, what is missing,
    /// and a printed number and text that could not be obtained, marked rather than made up.
    static let partial = """
        fazhi: 1
        id: partial
        title: 某县法治政府建设考核细则
        jurisdiction: { name: 某县, level: county }
        issuer: 某县人民政府办公室
        period: 2024
        source: { url: "https://www.example.gov.cn/zwgk/2024/xize.html", retrieved: 2024-03-05, note: 网页转载，附表为图片 }
        gaps:
          - 附表第2页缺失（网页图片无法打开），第7至9项未能转录。
        groups:
          - id: g1
            title: 第一组
            indicators:
              - { id: p-1, number: "1", text: 建立法律顾问制度。, kind: assessed }
              - { id: p-6, number: { unobtained: 图片模糊，序号不可辨 }, text: { unobtained: 原件缺页 }, title: 执法监督, kind: assessed }
        """

    @Test func partialSources() throws {
        let plan = try plan(Self.partial)
        #expect(plan.ruleset.sourceURL == "https://www.example.gov.cn/zwgk/2024/xize.html")
        #expect(plan.ruleset.sourceRetrieved?.description == "2024-03-05")
        #expect(plan.ruleset.sourceFile == "")
        #expect(plan.ruleset.gaps == ["附表第2页缺失（网页图片无法打开），第7至9项未能转录。"])
        let p6 = plan.indicators[1].indicator
        #expect(p6.text == "【原文未取得：原件缺页】")
        #expect(p6.number == "【原文未取得：图片模糊，序号不可辨】")
        #expect(p6.unobtained == ["text": "原件缺页", "number": "图片模糊，序号不可辨"])
        // A url without the day it was read, an address that is no web address, a marker without a reason.
        #expect(try problemsIn(Self.partial.replacingOccurrences(of: ", retrieved: 2024-03-05", with: "")).contains {
            $0.hasSuffix("a source url needs \"retrieved\"; expected the day it was read (retrieved: YYYY-MM-DD)") })
        #expect(try problemsIn(Self.partial.replacingOccurrences(of: "\"https://www.example", with: "\"www.example")).contains {
            $0.hasPrefix("source.url: expected a web address (http:// or https://)") })
        #expect(try problemsIn(Self.partial.replacingOccurrences(of: "{ unobtained: 原件缺页 }", with: "{ why: 原件缺页 }")).contains {
            $0.contains("expected { unobtained: why it could not be obtained } or the text as printed") })
    }

    /// 通报 and 不予评定: vetoes whose effect is not a cap or a revocation.
    static let vetoes = ruleset("""
          - id: g1
            title: 第一组
            indicators:
              - { id: v-1, text: 建立法律顾问制度。, kind: assessed }
        """, scoring: """
        scoring:
          vetoes:
            - id: v-notify
              text: 发生重大行政执法过错的，予以通报。
              when: { kind: count_at_least, metric: lost_administrative_cases, min: 1, per: year }
              effect: notify
            - id: v-ungraded
              text: 弄虚作假的，不参加等次评定。
              when: { kind: assessed }
              effect: ungraded
        """)

    @Test func vetoesThatNotifyOrLeaveUngraded() throws {
        let text = Self.vetoes.replacingOccurrences(of: "lost_administrative_cases", with: "court_appearance_rate")
            .replacingOccurrences(of: "kind: count_at_least, metric: court_appearance_rate, min: 1, per: year", with: "kind: rate_at_most, metric: court_appearance_rate, max: 50%")
        let plan = try plan(text)
        let units = """
            fazhi: 1
            unit: { id: a, name: 甲 }
            period: 2024
            facts: { court_appearance_rate: 40% }
            verdicts: { v-1: met, v-ungraded: unmet }
            ---
            fazhi: 1
            unit: { id: b, name: 乙 }
            period: 2024
            facts: { court_appearance_rate: 100% }
            verdicts: { v-1: met, v-ungraded: met }

            """
        let r = try evaluate(plan, units)
        #expect(r[0].vetoes.map(\.triggered) == [true, false])
        #expect(r[0].grade == "示范")
        #expect(r[1].vetoes.map(\.triggered) == [false, true])
        #expect(r[1].grade == "不予评定")
        // The bulk scorer gives the same grades (notify goes through the general scorer).
        let csv = "id,name,court_appearance_rate,v-1,v-ungraded\na,甲,40%,met,unmet\nb,乙,100%,met,met\n"
        let batch = try workspace.batch(plan, inputs: [try temporaryFile("u.csv", Array(csv.utf8))], format: .csv, jobs: 1)
        #expect(batch.generalReason == "vetoes that notify (v-notify)")
        var rows: [UInt8] = []
        _ = try batch.run { rows += $0 }
        let lines = String(decoding: rows, as: UTF8.self).split(separator: "\r\n").map(String.init)
        #expect(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[6] } == ["示范", "不予评定"])
        // A notify veto with a grade, an unknown effect, an ungraded label that is a band.
        #expect(try problemsIn(text.replacingOccurrences(of: "effect: notify", with: "effect: notify\n      grade: 示范")).contains {
            $0.hasSuffix("a notify veto changes no grade; expected no \"grade\"") })
        #expect(try problemsIn(text.replacingOccurrences(of: "effect: notify", with: "effect: notfy")).contains {
            $0.hasPrefix("scoring.vetoes[0].effect: expected cap or revoke (or notify, ungraded)") })
        #expect(try problemsIn(text.replacingOccurrences(of: "effect: ungraded", with: "effect: ungraded\n      grade: 达标")).contains {
            $0.hasSuffix("\"达标\" is a band; expected the label of units left ungraded (default 不予评定), or effect: cap") })
    }

    /// 是否建立… + 是否公开… >= 1: booleans count as 1 and 0 in arithmetic.
    @Test func booleansInArithmetic() throws {
        let text = Self.ruleset("""
              - id: g1
                title: 第一组
                indicators:
                  - { id: b-1, text: 建立或公开其一即可。, kind: expression, expr: "own_flag_a + own_flag_b >= 1" }
            """).replacingOccurrences(of: "groups:", with: """
            metrics:
              - { id: own_flag_a, name: 是否建立制度, unit: boolean, direction: higher }
              - { id: own_flag_b, name: 是否公开制度, unit: boolean, direction: higher }
            groups:
            """)
        let plan = try plan(text)
        let r = try evaluate(plan, "fazhi: 1\nunit: { id: a, name: 甲 }\nperiod: 2024\nfacts: { own_flag_a: false, own_flag_b: true }\n---\nfazhi: 1\nunit: { id: b, name: 乙 }\nperiod: 2024\nfacts: { own_flag_a: false, own_flag_b: false }\n")
        #expect(r.map { $0.indicators[0].outcome.state } == [.met, .unmet])
        // A boolean where true/false is wanted stays one, and a number is still no boolean.
        #expect(try problemsIn(text.replacingOccurrences(of: "own_flag_a + own_flag_b >= 1", with: "own_flag_a + 1 and own_flag_b")).contains {
            $0.hasSuffix("\"and\" needs true/false; found a number") })
    }

    /// 每年12月底前向县政府报告 (a deadline every year), 每2年开展一次 (a count over two years) and
    /// 2名以上执法人员 (a headcount, no period).
    static let periods = ruleset("""
          - id: g1
            title: 第一组
            indicators:
              - { id: r-1, text: 每年6月底前向县政府报告上一年度法治政府建设情况。, kind: done_by, every: year, by: 06-30 }
              - { id: r-2, text: 每2年开展一次行政执法案卷评查。, kind: count_at_least, metric: enforcement_case_files_reviewed, min: 1, per: two_years }
              - { id: r-3, text: 执法时执法人员不少于2名。, kind: count_at_least, metric: own_enforcers_present, min: 2, per: none }
        """).replacingOccurrences(of: "groups:", with: """
        metrics:
          - { id: own_enforcers_present, name: 执法人员在场人数, unit: count, direction: higher }
        groups:
        """)

    @Test func recurringDeadlinesLongerPeriodsAndHeadcounts() throws {
        let plan = try plan(Self.periods)
        #expect(plan.indicators.map(\.evaluator.requirement) == ["每年6月30日前完成", "每2年不少于 1 次", "不少于 2（人数/数量，不分期间）"])
        let units = """
            fazhi: 1
            unit: { id: a, name: 甲 }
            period: 2024
            facts: { enforcement_case_files_reviewed: 1, own_enforcers_present: 2 }
            events: { r-1: 2024-06-28 }
            ---
            fazhi: 1
            unit: { id: b, name: 乙 }
            period: 2024
            facts: { enforcement_case_files_reviewed: 0, own_enforcers_present: 1 }
            events: { r-1: 2023-06-28 }

            """
        let r = try evaluate(plan, units)
        #expect(r[0].indicators.map(\.outcome.state) == [.met, .met, .met])
        #expect(r[1].indicators.map(\.outcome.state) == [.noEvidence, .unmet, .unmet])
        #expect(r[1].indicators[0].reason.contains("所给日期 2023-06-28 不在本年度"))
        // Before this year's deadline, last year's report leaves it not yet due.
        let early = try workspace.evaluate(plan, evidence: [.file(try temporaryFile("u.yaml", Array(units.utf8)))],
                                           asOf: CalendarDate(year: 2024, month: 5, day: 1)!).results
        #expect(early[1].indicators[0].outcome.state == .notApplicable)
        #expect(try problemsIn(Self.periods.replacingOccurrences(of: "by: 06-30", with: "by: 13-30")).contains {
            $0.hasPrefix("groups[0].indicators[0].by: expected a month and day MM-DD (e.g. 12-31) for a yearly deadline") })
    }

    /// 到2025年，2个县（区）达到示范: a number of units, not a share.
    @Test func regionGoalsInUnits() throws {
        let text = Self.ruleset("""
              - id: g1
                title: 第一组
                indicators:
                  - { id: u-1, text: 建立法律顾问制度。, kind: assessed }
            """).replacingOccurrences(of: "groups:", with: """
            regionTargets:
              - { id: goal-2, year: 2025, text: 到2025年，2个县（区）达到示范, grade: 示范, units: 2, of: { level: county } }
              - { id: goal-3, year: 2025, text: 到2025年，3个县（区）达到示范, grade: 示范, units: 3, of: { level: county } }
            groups:
            """)
        let plan = try plan(text)
        #expect(plan.ruleset.regionTargets.map(\.minUnits) == [2, 3])
        let units = (1...3).map { i in "fazhi: 1\nunit: { id: c\(i), name: 县\(i), level: county }\nperiod: 2024\nverdicts: { u-1: \(i < 3 ? "met" : "unmet") }\n" }
            .joined(separator: "---\n")
        let region = try workspace.region(plan, evidence: [.file(try temporaryFile("u.yaml", Array(units.utf8)))])
        #expect(region.targets.map(\.state) == [.met, .unmet])
        #expect(region.targets.map(\.required) == [2, 3])
        #expect(region.targets[1].shortBy == 1)
        #expect(try problemsIn(text.replacingOccurrences(of: "units: 2,", with: "units: 2, min: 50%,")).contains {
            $0.hasSuffix("a region target has \"min\" (a share) or \"units\" (a number of units), not both") })
    }
}
