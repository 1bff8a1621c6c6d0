package import FazhiCore

/// The numbers comparisons read from one unit's result, exact where the scoring model allows.
package enum Standing {
    /// met / counted as an exact fraction (halves over twice the count, as the policy counts them).
    package static func completion(_ t: Tally, _ policy: ScoringPolicy) -> Fraction {
        Fraction(policy.halves(t), 2 * policy.counted(t))
    }

    /// The unit's score as an exact fraction, when the policy scores it exactly (completion without adjustments).
    package static func exactScore(_ r: UnitResult, _ spec: ScoringSpec) -> Fraction? {
        guard ScoringPolicy.isExact(spec.model, adjustment: r.score.adjustment) else { return nil }
        return Fraction(r.score.numerator, r.score.denominator)
    }

    /// "46/55" (halves shown as .5 when partial results count half).
    package static func ratioText(halves: Int64, counted: Int64) -> String {
        let whole = halves / 2
        return (halves % 2 == 0 ? "\(whole)" : "\(whole).5") + "/\(counted)"
    }

    /// The score in words: "46/55 = 83.6%", "87.5 分", "83.6%".
    package static func scoreText(_ r: UnitResult, _ spec: ScoringSpec) -> String {
        switch spec.model {
        case .completion:
            let exact = Fraction(r.score.numerator, r.score.denominator)
            var s = "\(ratioText(halves: r.score.numerator, counted: r.score.denominator / 2)) = \(exact.percentText)"
            if r.score.adjustment != 0 { s += "（附加项后 \(percent(r.score.final))）" }
            return s
        case .weighted:
            return percent(r.score.final)
        case .points:
            return "\(points(r.score.final)) 分"
        }
    }

    /// The score alone, short: "83.6%" or "87.5".
    package static func shortScore(_ r: UnitResult, _ spec: ScoringSpec) -> String {
        if let exact = exactScore(r, spec) { return exact.percentText }
        return spec.model == .points ? points(r.score.final) : percent(r.score.final)
    }

    package static func percent(_ fraction: Double) -> String {
        let v = (fraction * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    package static func points(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Orders two results: better grade first, then higher score (exact for completion). 0 is a tie.
    package static func order(_ a: UnitResult, _ b: UnitResult, scorer: Scorer) -> Int {
        let ra = scorer.rank(of: a.grade), rb = scorer.rank(of: b.grade)
        if ra != rb { return ra < rb ? -1 : 1 }
        let spec = scorer.plan.ruleset.scoring
        if let fa = exactScore(a, spec), let fb = exactScore(b, spec) {
            return fa == fb ? 0 : (fa > fb ? -1 : 1)
        }
        let da = a.score.final, db = b.score.final
        if ScoringPolicy.tie(da, db) { return 0 }
        return da > db ? -1 : 1
    }

    /// Competition ranks ("1, 2, 2, 4") in input order: units that tie on grade and score share a rank.
    package static func ranks(_ results: [UnitResult], scorer: Scorer) -> [Int] {
        let order = results.indices.sorted { i, j in
            let c = Self.order(results[i], results[j], scorer: scorer)
            return c != 0 ? c < 0 : i < j
        }
        var ranks = [Int](repeating: 0, count: results.count)
        for (place, index) in order.enumerated() {
            if place > 0, Self.order(results[order[place - 1]], results[index], scorer: scorer) == 0 {
                ranks[index] = ranks[order[place - 1]]
            } else {
                ranks[index] = place + 1
            }
        }
        return ranks
    }

    /// True when the state counts as "not met" for gap lists and accountability.
    package static func isShortfall(_ r: IndicatorResult) -> Bool {
        switch r.outcome.state {
        case .unmet, .partial, .error: return true
        case .noEvidence: return true
        case .met, .notApplicable: return false
        }
    }

    /// The first-level groups of a plan, in document order.
    package static func topGroups(_ plan: EvaluationPlan) -> [Int] {
        plan.groups.indices.filter { plan.groups[$0].parent == nil }
    }

    /// The first-level group an indicator sits in.
    package static func topGroup(of position: Int, in plan: EvaluationPlan) -> Int {
        var g = plan.indicators[position].group
        while let parent = plan.groups[g].parent { g = parent }
        return g
    }
}
