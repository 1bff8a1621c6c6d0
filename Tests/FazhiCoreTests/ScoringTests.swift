import FazhiYAML
import FazhiCore
import FazhiEvaluators
import FazhiTestSupport
import FazhiBase
import Foundation
import Testing

/// Writes files into a fresh temporary directory and loads rulesets and evidence from it.
final class Workspace: TemporaryFolder {
    init() { super.init(prefix: "fazhi-test") }

    func plan(_ name: String) throws -> EvaluationPlan { try loader().load(directory + "/" + name) }

    /// The rendered problems of a ruleset that must fail to load.
    func problems(_ name: String) throws -> [String] {
        let loader = loader()
        do {
            _ = try loader.load(directory + "/" + name)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func evaluate(_ plan: EvaluationPlan, _ evidence: String, asOf: CalendarDate? = nil) throws -> UnitResult {
        let path = write("evidence-\(UUID().uuidString).yaml", evidence)
        let units = try EvidenceReader(plan: plan, asOf: asOf).read(path: path)
        return Scorer(plan: plan).evaluate(units[0])
    }
}

/// A ruleset header with the given scoring and groups.
func ruleset(id: String = "test", scoring: String = "", groups: String) -> String {
    """
    fazhi: 1
    id: \(id)
    title: 测试指标体系
    jurisdiction: { name: 测试市, level: city }
    issuer: 测试市人民政府
    period: 2023
    source: { file: test.txt }
    \(scoring)
    groups:
    \(groups)
    """
}

/// `n` assessed indicators t-1 … t-n in one group.
func assessedGroup(_ n: Int, id: String = "g1", prefix: String = "t", extra: [Int: String] = [:]) -> String {
    var out = "  - id: \(id)\n    title: 第一组\n    indicators:\n"
    for i in 1...n {
        out += "      - { id: \(prefix)-\(i), text: 任务\(i), kind: assessed\(extra[i].map { ", " + $0 } ?? "") }\n"
    }
    return out
}

func verdicts(_ list: [(String, String)]) -> String {
    "verdicts:\n" + list.map { "  \($0.0): \($0.1)\n" }.joined()
}

let unitHeader = """
    fazhi: 1
    unit: { id: u1, name: 测试县, level: county, attributes: { has_legislative_power: false } }
    period: 2023

    """

struct ScoringTests {
    /// 9 of 10 met is exactly 90%: 示范 (integers, not floats, decide the boundary).
    @Test func completionOnTheBoundary() throws {
        let w = Workspace()
        w.write("r.yaml", ruleset(groups: assessedGroup(10)))
        let plan = try w.plan("r.yaml")
        let nine = try w.evaluate(plan, unitHeader + verdicts((1...10).map { ("t-\($0)", $0 == 10 ? "unmet" : "met") }))
        #expect(nine.tally.met == 9)
        #expect(nine.counted == 10)
        #expect(nine.grade == "示范")
        let six = try w.evaluate(plan, unitHeader + verdicts((1...10).map { ("t-\($0)", $0 <= 6 ? "met" : "unmet") }))
        #expect(six.grade == "达标")
        let five = try w.evaluate(plan, unitHeader + verdicts((1...10).map { ("t-\($0)", $0 <= 5 ? "met" : "unmet") }))
        #expect(five.grade == "不达标")
    }

    /// Not applicable leaves the denominator; no evidence counts as unmet by default, or leaves it when excluded.
    @Test func notApplicableAndNoEvidence() throws {
        let w = Workspace()
        let groups = assessedGroup(10, extra: [10: "appliesTo: { has_legislative_power: true }"])
        w.write("r.yaml", ruleset(groups: groups))
        w.write("x.yaml", ruleset(id: "x", scoring: "scoring: { noEvidence: excluded }", groups: groups))
        // 8 met, t-9 without evidence, t-10 not applicable to a county without legislative power.
        let evidence = unitHeader + verdicts((1...8).map { ("t-\($0)", "met") })
        let r = try w.evaluate(try w.plan("r.yaml"), evidence)
        #expect(r.tally.notApplicable == 1)
        #expect(r.tally.noEvidence == 1)
        #expect(r.counted == 9)        // 8/9 = 88.9%
        #expect(r.grade == "达标")
        let x = try w.evaluate(try w.plan("x.yaml"), evidence)
        #expect(x.counted == 8)        // 8/8
        #expect(x.grade == "示范")
    }

    @Test func partialCountsHalfWhenTheRulesetSaysSo() throws {
        let w = Workspace()
        w.write("r.yaml", ruleset(scoring: "scoring: { partial: half }", groups: assessedGroup(10)))
        // 8 met + 2 partial = 9/10 = 90%.
        let r = try w.evaluate(try w.plan("r.yaml"), unitHeader + verdicts((1...10).map { ("t-\($0)", $0 <= 8 ? "met" : "partial") }))
        #expect(r.score.numerator == 18)
        #expect(r.score.denominator == 20)
        #expect(r.grade == "示范")
    }

    /// A veto caps the grade whatever the score; a revocation is reported.
    @Test func vetoCapsAndRevokes() throws {
        let w = Workspace()
        let scoring = """
            scoring:
              vetoes:
                - id: v-incident
                  text: 发生重大违法行政事件的，一票否决
                  unless: { kind: no_incident, metric: example_incidents }
                  effect: cap
                  grade: 不达标
                - id: v-revoke
                  text: 未完成60%指标任务的，已取得示范命名的，撤销命名
                  when: { gradeBelow: 达标 }
                  effect: revoke
                  grade: 示范
            """
        w.write("r.yaml", ruleset(scoring: scoring, groups: assessedGroup(4)))
        let plan = try w.plan("r.yaml")
        let allMet = verdicts((1...4).map { ("t-\($0)", "met") })
        let clean = try w.evaluate(plan, unitHeader + allMet + "facts: { example_incidents: 0 }\n")
        #expect(clean.grade == "示范")
        #expect(clean.revoked.isEmpty)
        let incident = try w.evaluate(plan, unitHeader + allMet + "facts: { example_incidents: 1 }\n")
        #expect(incident.gradeBeforeVetoes == "示范")
        #expect(incident.grade == "不达标")
        let low = try w.evaluate(plan, unitHeader + verdicts([("t-1", "met")]) + "facts: { example_incidents: 0 }\n")
        #expect(low.grade == "不达标")
        #expect(low.revoked == ["示范"])
    }

    /// Points: weights × credit, bonuses and penalties each capped.
    @Test func pointsWithCappedAdjustments() throws {
        let w = Workspace()
        let scoring = """
            scoring:
              model: points
              grades: [{ name: 优秀, min: 90 }, { name: 良好, min: 80 }, { name: 一般, min: 60 }, { name: 较差, min: 0 }]
              adjustments:
                bonusCap: 4
                penaltyCap: 1
                items:
                  - { id: b1, type: bonus, text: 国家级表彰, points: 3, kind: assessed }
                  - { id: b2, type: bonus, text: 省级表彰, points: 2, kind: assessed }
                  - { id: p1, type: penalty, text: 通报批评, points: 0.5, kind: assessed }
                  - { id: p2, type: penalty, text: 未完成任务, points: 0.5, kind: assessed }
                  - { id: p3, type: penalty, text: 结业率不达标, points: 0.5, kind: assessed }
            """
        let groups = """
              - id: g1
                title: 综合评价
                indicators:
                  - { id: s-1, text: 民主测评, kind: weighted_score, parts: [{ metric: example_score_a, weight: 100% }], weight: 60 }
                  - { id: s-2, text: 考核组评价, kind: weighted_score, parts: [{ metric: example_score_b, weight: 100% }], weight: 40 }
            """
        w.write("r.yaml", ruleset(scoring: scoring, groups: groups))
        let plan = try w.plan("r.yaml")
        // 60 × 0.8 + 40 × 0.75 = 78; +min(5, 4) bonus; −min(1.5, 1) penalty = 81 → 良好
        let r = try w.evaluate(plan, unitHeader + "facts: { example_score_a: 80, example_score_b: 75 }\n"
            + verdicts([("b1", "met"), ("b2", "met"), ("p1", "met"), ("p2", "met"), ("p3", "met")]))
        #expect(abs(r.score.value - 78) < 1e-9)
        #expect(abs(r.score.adjustment - 3) < 1e-9)
        #expect(r.grade == "良好")
        let none = try w.evaluate(plan, unitHeader + "facts: { example_score_a: 80, example_score_b: 75 }\n")
        #expect(none.grade == "一般")
    }

    /// Weighted: a first-level group's weight is shared among its applicable indicators.
    @Test func weightedGroups() throws {
        let w = Workspace()
        let groups = """
              - id: a
                title: 甲
                weight: 60
                indicators:
                  - { id: a-1, text: 甲一, kind: assessed }
                  - { id: a-2, text: 甲二, kind: assessed }
              - id: b
                title: 乙
                weight: 40
                indicators:
                  - { id: b-1, text: 乙一, kind: assessed }
                  - { id: b-2, text: 乙二, kind: assessed, appliesTo: { has_legislative_power: true } }
            """
        w.write("r.yaml", ruleset(scoring: "scoring: { model: weighted }", groups: groups))
        // a: 1 of 2 → 30 of 60; b: b-2 not applicable, b-1 met → 40 of 40. 70/100.
        let r = try w.evaluate(try w.plan("r.yaml"), unitHeader + verdicts([("a-1", "met"), ("a-2", "unmet"), ("b-1", "met")]))
        #expect(abs(r.score.value - 0.7) < 1e-9)
        #expect(r.grade == "达标")
    }

    @Test func deadlinesDependOnTheEvaluationDate() throws {
        let w = Workspace()
        w.write("r.yaml", ruleset(groups: """
              - id: g
                title: 组
                indicators:
                  - { id: d-1, text: 6月底前完成, kind: done_by, deadline: 2023-06-30 }
            """))
        let plan = try w.plan("r.yaml")
        let early = try w.evaluate(plan, unitHeader, asOf: CalendarDate(year: 2023, month: 5, day: 1))
        #expect(early.indicators[0].outcome.state == .notApplicable)   // not yet due: excluded
        #expect(early.counted == 0)
        let overdue = try w.evaluate(plan, unitHeader, asOf: CalendarDate(year: 2023, month: 12, day: 31))
        #expect(overdue.indicators[0].outcome.state == .noEvidence)   // past due, no record: counted as unmet, shown apart
        #expect(overdue.counted == 1)
        let onTime = try w.evaluate(plan, unitHeader + "events: { d-1: 2023-06-20 }\n")
        #expect(onTime.indicators[0].outcome.state == .met)
        let late = try w.evaluate(plan, unitHeader + "events: { d-1: 2023-07-02 }\n")
        #expect(late.indicators[0].outcome.state == .unmet)
    }

    @Test func exemptionsLeaveTheDenominatorUntilTheyExpire() throws {
        let w = Workspace()
        w.write("r.yaml", ruleset(groups: assessedGroup(2)))
        let plan = try w.plan("r.yaml")
        let exempt = unitHeader + verdicts([("t-1", "met")]) + "exemptions:\n  t-2: { justification: 本县无此职能, expires: 2024-12-31 }\n"
        let r = try w.evaluate(plan, exempt)
        #expect(r.indicators[1].outcome.state == .notApplicable)
        #expect(r.counted == 1)
        let expired = try w.evaluate(plan, exempt, asOf: CalendarDate(year: 2025, month: 1, day: 1))
        #expect(expired.counted == 2)
        #expect(expired.warnings.count == 1)
    }
}

struct InheritanceTests {
    func base(_ w: Workspace) {
        w.write("base.yaml", ruleset(id: "base", groups: """
              - id: g
                title: 组
                indicators:
                  - { id: b-1, text: 出庭率100%, kind: rate_at_least, metric: example_rate, min: 100% }
                  - { id: b-2, text: 任务二, kind: assessed }
                  - { id: b-3, text: 任务三, kind: assessed }
            """))
    }

    @Test func overridesChangeMarkAndDrop() throws {
        let w = Workspace()
        base(w)
        w.write("child.yaml", """
            fazhi: 1
            id: child
            title: 子规则集
            extends: base
            overrides:
              - { id: b-1, set: { min: 90% } }
              - { id: b-2, notApplicable: 本市不适用 }
              - { id: b-3, drop: true }
            groups:
              - id: c
                title: 本市任务
                indicators:
                  - { id: c-1, text: 本市任务, kind: assessed }
            """)
        let plan = try w.plan("child.yaml")
        #expect(plan.indicators.map(\.indicator.id) == ["b-1", "b-2", "c-1"])
        #expect(plan.ruleset.ancestors == ["base"])
        #expect(plan.planned("b-1")?.evaluator.targets.first?.value == FixedPoint(raw: 900_000))
        let r = try w.evaluate(plan, unitHeader + "facts: { example_rate: 95% }\n" + verdicts([("c-1", "met")]))
        #expect(r.indicators[0].outcome.state == .met)           // 95% ≥ 90% after the override
        #expect(r.indicators[1].outcome.state == .notApplicable)
        #expect(r.grade == "示范")
    }

    @Test func overrideOfUnknownIdIsAnError() throws {
        let w = Workspace()
        base(w)
        let path = w.write("child.yaml", """
            fazhi: 1
            id: child
            extends: base
            overrides:
              - { id: b-4, drop: true }
            """)
        let problems = try w.problems("child.yaml")
        #expect(problems == ["""
            \(path):5:11: error: overrides[0].id: override of unknown indicator "b-4"; expected an id of the extended ruleset; did you mean "b-1"?
              - { id: b-4, drop: true }
                      ^~~
            """])
    }

    @Test func extendsCycleIsAnError() throws {
        let w = Workspace()
        w.write("a.yaml", ruleset(id: "a", groups: assessedGroup(1)).replacingOccurrences(of: "period: 2023", with: "period: 2023\nextends: b"))
        w.write("b.yaml", ruleset(id: "b", groups: assessedGroup(1, id: "g2", prefix: "u")).replacingOccurrences(of: "period: 2023", with: "period: 2023\nextends: a"))
        let problems = try w.problems("a.yaml")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("error: extends: extends cycle: a.yaml → b.yaml → a.yaml; expected a chain that ends") == true)
    }
}

struct ValidationTests {
    @Test func everyProblemInOneRun() throws {
        let w = Workspace()
        let path = w.write("r.yaml", ruleset(scoring: """
            scoring:
              grades: [{ name: 示范, min: 90% }, { name: 达标, min: 95% }]
            """, groups: """
              - id: g
                title: 组
                indicators:
                  - { id: a-1, text: 甲, kind: rate_at_least, metirc: example_rate, min: 100% }
                  - { id: a-2, text: 乙, kind: rate_at_leest, metric: example_rate, min: 100% }
                  - { id: a-1, text: 丙, kind: rate_at_least, metric: exmple_rate, min: 100% }
            """))
        let problems = try w.problems("r.yaml").joined(separator: "\n")
        #expect(problems.contains("\(path):9:53: error: scoring.grades[1].min: grade bands overlap: \"达标\" starts at 95%, not below the band above it (90%); expected bands from the highest down"))
        #expect(problems.contains("error: scoring.grades[1]: grade bands leave a gap: scores below 95% get no grade; expected the lowest band to start at 0"))
        #expect(problems.contains("unknown key \"metirc\" in a rate_at_least check; did you mean \"metric\"?"))
        #expect(problems.contains("unknown evaluator kind \"rate_at_leest\"; did you mean \"rate_at_least\"?"))
        #expect(problems.contains("unknown metric \"exmple_rate\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_rate\"?"))
        #expect(problems.contains("duplicate id \"a-1\""))
    }
}
