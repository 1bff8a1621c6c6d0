package import FazhiCore
import FazhiBase

/// What stands between a unit and a better grade: the shortest list of indicators that, once met, lift
/// its score into that grade's band.
package struct Gap: Sendable {
    package struct Step: Sendable {
        /// The indicator's position in the plan.
        package var position: Int
        /// Its outcome now.
        package var state: OutcomeState
        /// What meeting it adds: "+1 项", "+2.5 分".
        package var gainText: String
    }

    /// The unit's grade now (after vetoes) and the grade aimed at.
    package var from: String
    package var target: String
    /// The shortest list, best gain first. Empty when the score is already enough (a veto holds the
    /// grade down) or when no list reaches the target.
    package var steps: [Step]
    /// False when even meeting every candidate does not reach the target's band.
    package var reachable: Bool
    /// Indicators not met that count (the pool the steps are drawn from).
    package var candidates: Int
    /// Triggered vetoes that cap the grade below the target whatever the score.
    package var cappedBy: [String]
    /// Weighted and points models: what the score lacks (percentage points or points); nil for completion,
    /// whose steps are whole indicators.
    package var deficit: Double?
    /// "分" or "个百分点" for `deficit`.
    package var deficitUnit: String = ""

    /// "再达到 3 项 → 示范", or why not.
    package var summary: String {
        if !cappedBy.isEmpty && steps.isEmpty && reachable { return "得分已够“\(target)”，但被否决项 \(cappedBy.joined(separator: "、")) 封顶" }
        if let deficit {
            if !reachable { return "还差 \(Standing.points(deficit)) \(deficitUnit)，即使 \(candidates) 项指标全部满分也达不到“\(target)”" }
            return "还差 \(Standing.points(deficit)) \(deficitUnit) → \(target)（至少提高 \(steps.count) 项指标的得分）"
                + (cappedBy.isEmpty ? "" : "（另须消除否决项 \(cappedBy.joined(separator: "、"))）")
        }
        if !reachable { return "即使 \(candidates) 项未达到的指标全部达到，也达不到“\(target)”" }
        var s = "再达到 \(steps.count) 项 → \(target)"
        if !cappedBy.isEmpty { s += "（另须消除否决项 \(cappedBy.joined(separator: "、"))）" }
        return s
    }
}

package enum GapAnalysis {
    /// The gap to the band just above the unit's grade; nil when it holds the top grade.
    package static func toNextGrade(_ result: UnitResult, plan: EvaluationPlan) -> Gap? {
        // A unit not graded (an attribute its ruleset reads is missing) has no way up to show.
        if result.grade == EvaluationPlan.ungradedGrade { return nil }
        let scorer = Scorer(plan: plan)
        let rank = scorer.rank(of: result.grade)
        guard rank > 0, rank <= plan.ruleset.scoring.grades.count else { return nil }
        return toGrade(plan.ruleset.scoring.grades[rank - 1].name, result, plan: plan)
    }

    /// The gap to `grade` (or better); nil when the unit already holds it.
    package static func toGrade(_ grade: String, _ result: UnitResult, plan: EvaluationPlan) -> Gap? {
        let scorer = Scorer(plan: plan)
        let policy = scorer.policy
        let spec = plan.ruleset.scoring
        let targetRank = scorer.rank(of: grade)
        guard scorer.rank(of: result.grade) > targetRank,
              let band = spec.grades.first(where: { $0.name == grade }) else { return nil }

        // Vetoes that cap the grade below the target stay triggered whatever the indicators do.
        let capped = result.vetoes.filter { v in
            v.triggered && v.spec.effect == .cap && ScoringPolicy.capLowers(gradeRank: targetRank, capRank: scorer.rank(of: v.spec.grade))
        }.map(\.spec.id)

        var candidates = spec.model == .completion ? completionCandidates(result, policy: policy, band: band)
                                                   : pointsCandidates(result, plan: plan, policy: policy)
        candidates.sort { a, b in
            if a.gain != b.gain { return a.gain > b.gain }
            if effort(a.state) != effort(b.state) { return effort(a.state) < effort(b.state) }
            return a.position < b.position
        }

        func reaches(_ score: Score) -> Bool { scorer.rank(of: policy.grade(for: score)) <= targetRank }

        var score = result.score
        var steps: [Gap.Step] = []
        var reached = reaches(score)
        for c in candidates where !reached && c.gain > 0 {
            score.numerator += c.halves
            score.denominator += c.countedHalves
            score.value = spec.model == .completion ? policy.completion(halves: Int(score.numerator), counted: Int(score.denominator / 2))
                                                    : score.value + c.scoreGain
            steps.append(Gap.Step(position: c.position, state: c.state, gainText: c.gainText))
            reached = reaches(score)
        }
        var gap = Gap(from: result.grade, target: grade, steps: reached ? steps : [], reachable: reached,
                      candidates: candidates.count, cappedBy: capped)
        if spec.model != .completion {
            let lack = Swift.max(0, band.min.doubleValue - result.score.final)
            gap.deficit = policy.inPoints(lack)
            gap.deficitUnit = spec.model == .points ? "分" : "个百分点"
        }
        return gap
    }

    /// Which shortfalls to fix first among equal gains: supplying missing evidence is the least work.
    static func effort(_ state: OutcomeState) -> Int {
        switch state {
        case .noEvidence: 0
        case .error: 1
        case .partial: 2
        case .unmet: 3
        case .met, .notApplicable: 4
        }
    }

    struct Candidate {
        var position: Int
        var state: OutcomeState
        /// Comparable gain: for completion, the slack it adds against the band (exact integers).
        var gain: Int128
        var halves: Int64 = 0
        var countedHalves: Int64 = 0
        var scoreGain: Double = 0
        var gainText: String
    }

    /// Completion: meeting an unmet indicator adds 2 halves; a partial one 1 or 2; a no-evidence one that
    /// the ruleset excludes adds 2 halves and enters the denominator. Gains are compared exactly:
    /// `halves × scale − min × countedHalves` (the score reaches the band when the sum covers the deficit).
    static func completionCandidates(_ result: UnitResult, policy: ScoringPolicy, band: GradeBand) -> [Candidate] {
        var out: [Candidate] = []
        for r in result.indicators {
            let halves = Int64(policy.halvesGained(meeting: r.outcome.state))
            var counted: Int64 = 0
            switch r.outcome.state {
            case .unmet, .error, .partial:
                guard r.excludedBecause == nil else { continue }
            case .noEvidence:
                if r.excludedBecause != nil {
                    guard !policy.noEvidenceCounted else { continue }
                    counted = 2
                }
            case .met, .notApplicable:
                continue
            }
            let gain = Int128(halves) * Int128(FixedPoint.scale) - Int128(band.min.raw) * Int128(counted)
            out.append(Candidate(position: r.position, state: r.outcome.state, gain: gain, halves: halves, countedHalves: counted,
                                 gainText: halves == 2 ? "+1 项" : "+0.5 项"))
        }
        return out
    }

    /// Weighted and points models: an indicator short of full credit can add `weight × (1 − credit)`,
    /// scaled by each weighted group above it (its weight over what its children could earn).
    static func pointsCandidates(_ result: UnitResult, plan: EvaluationPlan, policy: ScoringPolicy) -> [Candidate] {
        let spec = plan.ruleset.scoring
        // What each group's children could earn before the group's own weight rescales it.
        var rawPossible = [Double](repeating: 0, count: plan.groups.count)
        for (g, group) in plan.groups.enumerated() {
            var p = 0.0
            for i in group.childIndicators where result.indicators[i].excludedBecause == nil {
                p += plan.indicators[i].indicator.weight?.doubleValue ?? 1
            }
            for c in group.childGroups { p += result.groups[c].maxPoints }
            rawPossible[g] = p
        }
        let topMax = Standing.topGroups(plan).reduce(0.0) { $0 + result.groups[$1].maxPoints }
        var out: [Candidate] = []
        for r in result.indicators where r.excludedBecause == nil && r.outcome.state != .notApplicable {
            let credit = policy.credit(r.outcome.state, raw: r.outcome.credit.raw)
            guard credit < 1 - 1e-12 else { continue }
            var factor = 1.0
            var g: Int? = plan.indicators[r.position].group
            while let index = g {
                if let w = plan.groups[index].group.weight?.doubleValue {
                    factor *= rawPossible[index] > 0 ? w / rawPossible[index] : 0
                }
                g = plan.groups[index].parent
            }
            let points = (plan.indicators[r.position].indicator.weight?.doubleValue ?? 1) * (1 - credit) * factor
            let scoreGain = spec.model == .weighted ? (topMax > 0 ? points / topMax : 0) : points
            guard scoreGain > 1e-12 else { continue }
            let text = spec.model == .weighted ? "+\(Standing.points(scoreGain * 100)) 个百分点" : "+\(Standing.points(scoreGain)) 分"
            out.append(Candidate(position: r.position, state: r.outcome.state, gain: Int128((scoreGain * 1e9).rounded()),
                                 scoreGain: scoreGain, gainText: text))
        }
        return out
    }
}

extension GapAnalysis {
    /// What to say where a unit has no gap to show: it holds the highest grade, or it is not graded.
    package static func noGapText(_ result: UnitResult) -> String {
        result.grade == EvaluationPlan.ungradedGrade ? "未评定：先补充所缺的单位属性" : "已是最高等级"
    }
}
