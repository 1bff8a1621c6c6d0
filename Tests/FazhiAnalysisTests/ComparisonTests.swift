import FazhiAnalysis
import FazhiCore
import FazhiTestSupport
import FazhiBase
import Foundation
import Testing

struct FractionTests {
    @Test func exactComparisonAndText() {
        #expect(Fraction(9, 10) == Fraction(18, 20))
        #expect(Fraction(9, 10) > Fraction(8999, 10000))
        #expect(Fraction(2, 3).percentText == "66.7%")
        #expect(Fraction(1, 8).percentText == "12.5%")
        #expect(Fraction(46, 55).percentText == "83.6%")
        #expect(Fraction(5, 6).percentText(places: 0) == "83%")
        #expect(Fraction(0, 0).percentText == "—")
        #expect(Fraction(0, 0) < Fraction(0, 5))
        #expect(Fraction(9, 10).atLeast(raw: 900_000, scale: 1_000_000))
        #expect(!Fraction(8, 9).atLeast(raw: 900_000, scale: 1_000_000))
    }
}

struct UnitsComparisonTests {
    /// Four units, worked out by hand:
    /// u1 9/10 (b-6 unmet) 示范; u2 9/10 (a-1 unmet) 示范, tied with u1 → both rank 1;
    /// u3 6/10 (b-3 unmet, b-4 no evidence, b-5 partial, b-6 unmet) 达标, rank 3;
    /// u4 5/10 (a-3, a-4, b-4, b-5, b-6 unmet) 不达标, rank 4.
    @Test func matrixRanksDifferencesAndGaps() throws {
        let s = Scratch()
        let plan = try s.plan("ten.yaml", tenIndicators())
        var u3 = met(["a-1", "a-2", "a-3", "a-4", "b-1", "b-2"])
        u3["b-4"] = nil
        u3["b-5"] = "partial"
        let batch = unit("u1", "甲县", verdicts: met(allTen.filter { $0 != "b-6" }))
            + unit("u2", "乙县", verdicts: met(allTen.filter { $0 != "a-1" }))
            + unit("u3", "丙县", verdicts: u3)
            + unit("u4", "丁县", verdicts: met(["a-1", "a-2", "b-1", "b-2", "b-3"]))
        let c = UnitsComparison(plan: plan, results: try s.score(plan, batch).results)

        #expect(c.rows.map(\.result.grade) == ["示范", "示范", "达标", "不达标"])
        #expect(c.rows.map(\.rank) == [1, 1, 3, 4])
        #expect(c.ranked.map(\.result.unit.id) == ["u1", "u2", "u3", "u4"])
        // Group cells: met / counted per first-level group.
        #expect(c.rows.map { $0.cells.map { "\($0.tally.met)/\($0.counted)" } } == [
            ["4/4", "5/6"], ["3/4", "6/6"], ["4/4", "2/6"], ["2/4", "3/6"],
        ])
        #expect(c.rows[2].cells[1].completion == Fraction(1, 3))
        // Indicators where the units differ: a-2, b-1, b-2 are met by all.
        #expect(c.differences.map { plan.indicators[$0.position].indicator.id } == ["a-1", "a-3", "a-4", "b-3", "b-4", "b-5", "b-6"])
        #expect(c.differences.first { plan.indicators[$0.position].indicator.id == "b-4" }?.states == [.met, .met, .noEvidence, .unmet])

        // Gaps: u1, u2 hold the top grade; u3 needs 9 of 10: 3 more, missing evidence first, then the
        // partial one, then the unmet one; u4 needs 6 of 10 for 达标: 1 more, the first unmet in order.
        #expect(c.rows[0].gap == nil && c.rows[1].gap == nil)
        let g3 = try #require(c.rows[2].gap)
        #expect(g3.target == "示范")
        #expect(g3.steps.map { plan.indicators[$0.position].indicator.id } == ["b-4", "b-5", "b-3"])
        #expect(g3.candidates == 4)
        #expect(g3.summary == "再达到 3 项 → 示范")
        let g4 = try #require(c.rows[3].gap)
        #expect(g4.target == "达标")
        #expect(g4.steps.map { plan.indicators[$0.position].indicator.id } == ["a-3"])
        #expect(plan.indicators[g4.steps[0].position].indicator.lead == [])
    }

    /// With excluded no-evidence and half-credit partial results the cheapest step is not the first in
    /// effort order: 6 met, 2 partial, 2 without evidence (excluded) is 14 halves of 16 = 87.5%.
    /// Meeting a partial one gives 15/16 = 93.75% (示范); meeting a no-evidence one only 16/18 = 88.9%.
    @Test func gapPicksTheLargestExactGain() throws {
        let s = Scratch()
        let plan = try s.plan("half.yaml", tenIndicators(id: "half", scoring: "scoring: { noEvidence: excluded, partial: half }"))
        var v = met(["a-1", "a-2", "a-3", "a-4", "b-1", "b-2"])
        v["b-3"] = "partial"
        v["b-4"] = "partial"
        v["b-5"] = nil
        v["b-6"] = nil
        let r = try s.score(plan, unit("u", "甲县", verdicts: v)).results[0]
        #expect(r.score.numerator == 14 && r.score.denominator == 16)
        #expect(r.grade == "达标")
        let gap = try #require(GapAnalysis.toNextGrade(r, plan: plan))
        #expect(gap.steps.map { plan.indicators[$0.position].indicator.id } == ["b-3"])
        #expect(gap.steps[0].gainText == "+0.5 项")
    }

    /// A veto that caps the grade holds it down whatever the score: the gap says so and lists nothing.
    @Test func vetoCapHoldsTheGrade() throws {
        let s = Scratch()
        let scoring = """
            scoring:
              vetoes:
                - { id: v-cap, text: 发生重大事件的，不得评为示范, when: { kind: assessed }, effect: cap, grade: 达标 }
            """
        let plan = try s.plan("veto.yaml", tenIndicators(id: "veto", scoring: scoring))
        let r = try s.score(plan, unit("u", "甲县", verdicts: met(allTen), extra: "  v-cap: met\n")).results[0]
        #expect(r.gradeBeforeVetoes == "示范" && r.grade == "达标")
        let gap = try #require(GapAnalysis.toNextGrade(r, plan: plan))
        #expect(gap.steps.isEmpty && gap.reachable)
        #expect(gap.cappedBy == ["v-cap"])
        #expect(gap.summary == "得分已够“示范”，但被否决项 v-cap 封顶")
    }

    /// Units with nothing left to meet cannot move: the gap says the target is out of reach.
    @Test func unreachableGap() throws {
        let s = Scratch()
        let plan = try s.plan("city.yaml", tenIndicators(id: "city").replacingOccurrences(of: "kind: assessed", with: "kind: assessed, appliesTo: { level: [city] }"))
        // A county: nothing applies, 0/0 counts as 不达标, and there is nothing to meet.
        let r = try s.score(plan, unit("u", "甲县", verdicts: [:])).results[0]
        #expect(r.counted == 0 && r.grade == "不达标")
        let gap = try #require(GapAnalysis.toNextGrade(r, plan: plan))
        #expect(!gap.reachable && gap.candidates == 0)
    }
}

struct ChangesTests {
    @Test func newlyMetNewlyUnmetAndGradeMoves() throws {
        let s = Scratch()
        let plan = try s.plan("ten.yaml", tenIndicators())
        let before = try s.score(plan, unit("u1", "甲县", period: 2022, verdicts: met(["a-1", "a-2", "a-3", "a-4", "b-1", "b-2"]))
                                    + unit("u2", "乙县", period: 2022, verdicts: met(allTen))).results
        let after = try s.score(plan, unit("u1", "甲县", verdicts: met(allTen.filter { $0 != "a-4" }))
                                   + unit("u3", "丙县", verdicts: met(allTen))).results
        let c = Changes(before: before, beforePlan: plan, after: after, afterPlan: plan)
        #expect(c.units.map(\.unit.id) == ["u1", "u3", "u2"])
        let u1 = c.units[0]
        #expect(u1.before?.grade == "达标" && u1.after?.grade == "示范")
        #expect(u1.gradeMove == 1)
        #expect(u1.newlyMet.map { plan.indicators[$0].indicator.id } == ["b-3", "b-4", "b-5", "b-6"])
        #expect(u1.newlyUnmet.map { plan.indicators[$0].indicator.id } == ["a-4"])
        #expect(c.units[1].before == nil && c.units[1].gradeMove == nil)
        #expect(c.units[2].after == nil)
    }

    /// Under two versions of a ruleset, indicators are matched by id; one the old version lacks is new.
    @Test func twoVersionsOfARuleset() throws {
        let s = Scratch()
        let old = try s.plan("old.yaml", tenIndicators(id: "old"))
        let new = try s.plan("new.yaml", tenIndicators(id: "new").replacingOccurrences(of: "{ id: b-6,", with: "{ id: b-7,"))
        let before = try s.score(old, unit("u1", "甲县", verdicts: met(allTen))).results
        let afterText = unit("u1", "甲县", verdicts: met(allTen)).replacingOccurrences(of: "b-6: met", with: "b-7: met")
        let after = try s.score(new, afterText).results
        let c = Changes(before: before, beforePlan: old, after: after, afterPlan: new)
        #expect(c.units[0].newlyMet.map { new.indicators[$0].indicator.id } == ["b-7"])
        #expect(c.units[0].added.map { new.indicators[$0].indicator.id } == ["b-7"])
        #expect(c.units[0].newlyUnmet.isEmpty)
        #expect(c.units[0].gradeMove == 0)
    }
}
