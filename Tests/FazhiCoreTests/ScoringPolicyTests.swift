import FazhiBase
@testable import FazhiCore
import FazhiYAML
import Testing

/// The policy on its own numbers: the rules every front end reads, at their edges.
struct ScoringPolicyTests {
    func policy(_ model: ScoringSpec.Model = .completion, noEvidence: ScoringSpec.NoEvidencePolicy = .unmet,
                partial: ScoringSpec.PartialPolicy = .unmet, bonusCap: Int64? = nil, penaltyCap: Int64? = nil) -> ScoringPolicy {
        var spec = ScoringSpec()
        spec.model = model
        spec.noEvidence = noEvidence
        spec.partial = partial
        spec.bonusCap = bonusCap.map { FixedPoint(raw: $0 * FixedPoint.scale) }
        spec.penaltyCap = penaltyCap.map { FixedPoint(raw: $0 * FixedPoint.scale) }
        return ScoringPolicy(spec)
    }

    /// No evidence stays in the denominator unless excluded; partials earn a half only when the ruleset says so.
    @Test func countedAndHalves() {
        let t = Tally(met: 3, partial: 2, unmet: 1, notApplicable: 4, noEvidence: 5, error: 1)
        #expect(policy().counted(t) == 12)
        #expect(policy(noEvidence: .excluded).counted(t) == 7)
        #expect(policy().halves(t) == 6)
        #expect(policy(partial: .half).halves(t) == 8)
        #expect(policy(partial: .half).halvesGained(meeting: .partial) == 1)
        #expect(policy().halvesGained(meeting: .partial) == 2)
        #expect(policy(noEvidence: .excluded).isExcluded(.noEvidence))
        #expect(!policy().isExcluded(.noEvidence))
        #expect(policy().isExcluded(.notApplicable))
    }

    /// Completion bands compare integers: 9 of 10 is exactly 90%, 8.5 of 10 (halves 17 of 20) is not.
    /// Nothing counted earns only a band whose minimum is 0.
    @Test func exactCompletionBands() {
        let p = policy()
        #expect(p.band(numerator: 18, denominator: 20, value: 0.9, adjustment: 0) == 0)
        #expect(p.band(numerator: 17, denominator: 20, value: 0.85, adjustment: 0) == 1)
        #expect(p.band(numerator: 0, denominator: 0, value: 0, adjustment: 0) == 2)
        // With an adjustment the score is a double, compared with the tolerance.
        #expect(p.band(numerator: 17, denominator: 20, value: 0.85, adjustment: 0.05 - 1e-10) == 0)
    }

    /// Weighted and points scores within 1e-9 below a band's minimum earn it; further below do not.
    @Test func toleranceForWeighted() {
        let p = policy(.weighted)
        #expect(p.band(numerator: 0, denominator: 0, value: 0.9 - 1e-10, adjustment: 0) == 0)
        #expect(p.band(numerator: 0, denominator: 0, value: 0.9 - 1e-8, adjustment: 0) == 1)
        #expect(ScoringPolicy.tie(0.5, 0.5 + 1e-10))
        #expect(!ScoringPolicy.tie(0.5, 0.5 + 1e-8))
    }

    /// Ranks: bands by position, any other name (a veto's title) below them all.
    @Test func ranks() {
        let p = policy()
        #expect(p.rank(of: "示范") == 0)
        #expect(p.rank(of: "不达标") == 2)
        #expect(p.rank(of: "撤销") == 3)
        #expect(ScoringPolicy.rank(of: "达标", in: ScoringSpec()) == 1)
        #expect(p.grade(for: Score(numerator: 12, denominator: 20, value: 0.6, adjustment: 0)) == "达标")
    }

    /// Bonuses and penalties are capped separately; completion adjustments are percentage points.
    @Test func adjustmentsAndCaps() {
        let p = policy(bonusCap: 4, penaltyCap: 1)
        #expect(p.cappedBonus(5) == 4)
        #expect(p.cappedBonus(3) == 3)
        #expect(p.cappedPenalty(1.5) == 1)
        #expect(p.adjustment(cappedBonus: 4, cappedPenalty: 1) == 0.03)
        #expect(policy(.points).adjustment(cappedBonus: 4, cappedPenalty: 1) == 3)
        #expect(p.inPoints(0.03) == 3)
        #expect(policy(.points).inPoints(3) == 3)
    }

    /// `when` triggers on met, `unless` on unmet or error; a cap only ever lowers the grade.
    @Test func vetoes() {
        #expect(ScoringPolicy.vetoTriggers(unless: false, .met))
        #expect(!ScoringPolicy.vetoTriggers(unless: false, .noEvidence))
        #expect(ScoringPolicy.vetoTriggers(unless: true, .error))
        #expect(ScoringPolicy.vetoTriggers(unless: true, .unmet))
        #expect(!ScoringPolicy.vetoTriggers(unless: true, .noEvidence))
        #expect(ScoringPolicy.vetoTriggers(gradeRank: 2, belowRank: 1))
        #expect(!ScoringPolicy.vetoTriggers(gradeRank: 1, belowRank: 1))
        #expect(ScoringPolicy.capLowers(gradeRank: 0, capRank: 1))
        #expect(!ScoringPolicy.capLowers(gradeRank: 2, capRank: 1))
    }

    /// Partial credit for weighted and points: half when the ruleset says so, else the evaluator's own credit.
    @Test func credit() {
        #expect(policy(partial: .half).credit(.partial, raw: 300_000) == 0.5)
        #expect(policy().credit(.partial, raw: 300_000) == 0.3)
        #expect(policy().credit(.partial, raw: 0) == 0)
        #expect(policy().credit(.met, raw: FixedPoint.scale) == 1)
        let weighted = ScoringPolicy.weighGroup(weight: 60, earned: 1, possible: 2)
        #expect([weighted.earned, weighted.possible] == [30, 60])
        let empty = ScoringPolicy.weighGroup(weight: 60, earned: 0, possible: 0)
        #expect([empty.earned, empty.possible] == [0, 0])
        let plain = ScoringPolicy.weighGroup(weight: nil, earned: 1, possible: 2)
        #expect([plain.earned, plain.possible] == [1, 2])
    }
}
