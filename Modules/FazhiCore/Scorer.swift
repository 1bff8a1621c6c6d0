import FazhiBase

/// Scores units against a plan. One code path feeds every report format.
package struct Scorer: Sendable {
    package let plan: EvaluationPlan
    /// The ruleset's scoring rules, which every front end shares.
    package let policy: ScoringPolicy

    package init(plan: EvaluationPlan) {
        self.plan = plan
        policy = ScoringPolicy(plan.ruleset.scoring)
    }

    package func evaluate(_ evidence: UnitEvidence) -> UnitResult {
        let facts = evidence.facts
        let ruleset = plan.ruleset
        let spec = ruleset.scoring
        var warnings: [String] = []
        var results: [IndicatorResult] = []
        results.reserveCapacity(plan.indicators.count)
        var tally = Tally()

        for (position, planned) in plan.indicators.enumerated() {
            let id = planned.indicator.id
            var finding: Finding
            var excluded: String?
            if let exemption = evidence.exemptions[id] {
                if let expires = exemption.expires, expires < evidence.asOf {
                    warnings.append("\(id)：豁免已于 \(expires) 到期，不再适用（\(exemption.location)）")
                    finding = planned.evaluator.explain(facts)
                } else {
                    finding = Finding(.notApplicable, "豁免：\(exemption.justification)", code: .exempted)
                    excluded = "exempted"
                }
            } else {
                switch applies(planned.applicability, facts) {
                case .yes:
                    finding = planned.evaluator.explain(facts)
                case .no(let reason):
                    finding = Finding(.notApplicable, reason, code: .notApplicable)
                    excluded = "not applicable"
                case .unknown(let attribute):
                    finding = Finding(.noEvidence, "请提供单位属性 \(attribute)（unit.attributes），以判断本项是否适用", code: .attributeMissing)
                }
            }
            if policy.isExcluded(finding.outcome.state), excluded == nil {
                excluded = finding.outcome.state == .notApplicable ? "not applicable" : "no evidence (excluded by the ruleset)"
            }
            tally.add(finding.outcome.state)
            if excluded == "exempted" { tally.exempted += 1 }
            results.append(IndicatorResult(position: position, outcome: finding.outcome, reason: finding.reason,
                                           sources: finding.slots.compactMap { evidence.sources[$0] }, excludedBecause: excluded, code: finding.code,
                                           earnedPoints: finding.points))
        }

        // Groups: tallies and points over their descendants.
        var groupResults = plan.groups.enumerated().map { GroupResult(position: $0.offset, tally: Tally(), completion: nil, points: 0, maxPoints: 0) }
        for result in results {
            var g: Int? = plan.indicators[result.position].group
            while let index = g {
                groupResults[index].tally.add(result.outcome.state)
                g = plan.groups[index].parent
            }
        }
        for i in groupResults.indices {
            let t = groupResults[i].tally
            let counted = policy.counted(t)
            if counted > 0 { groupResults[i].completion = policy.completion(halves: policy.halves(t), counted: counted) }
        }
        var topPoints = 0.0, topMax = 0.0, topAll = 0.0
        for (index, group) in plan.groups.enumerated() where group.parent == nil {
            let (p, m, a) = points(group: index, results: &results, into: &groupResults)
            topPoints += p
            topMax += m
            topAll += a
        }

        // The score.
        let counted = policy.counted(tally)
        var score: Score
        switch spec.model {
        case .completion:
            let halves = policy.halves(tally)
            score = Score(numerator: Int64(halves), denominator: Int64(2 * counted), value: policy.completion(halves: halves, counted: counted), adjustment: 0)
        case .weighted, .points:
            var value = policy.value(points: topPoints, maxPoints: topMax)
            // 按比例折算: the points earned on the applicable items, scaled up to the full total.
            if spec.model == .points, spec.notApplicable == .prorata, topMax > 0, topAll != topMax { value = topPoints * topAll / topMax }
            score = Score(numerator: 0, denominator: 0, value: value, adjustment: 0)
        }

        // Adjustments (附加项): bonuses and penalties, each side capped.
        var adjustments: [AdjustmentResult] = []
        var bonus = 0.0, penalty = 0.0
        for planned in plan.adjustments {
            if let count = planned.count {
                // Per count: `each` points for every one counted, at most `cap`.
                let pts = facts.has(count.slot) ? planned.perCountPoints(count: facts[count.slot]).doubleValue : 0
                if planned.spec.type == .bonus { bonus += pts } else { penalty += pts }
                let reason = facts.has(count.slot)
                    ? "\(count.metric.name) \(FixedPoint(raw: facts[count.slot]))，每个\(planned.spec.type == .bonus ? "加" : "减")\(planned.spec.each ?? .zero)分" + (planned.spec.cap.map { "，最多\($0)分" } ?? "")
                    : "\(count.metric.name) 无佐证，不计分"
                adjustments.append(AdjustmentResult(spec: planned.spec, applies: pts > 0, reason: reason,
                                                    points: planned.spec.type == .bonus ? pts : -pts))
                continue
            }
            let finding = planned.evaluator.explain(facts)
            let applies = ScoringPolicy.adjustmentApplies(finding.outcome.state)
            var pts = 0.0
            if applies, let p = planned.spec.points { pts = p.doubleValue }
            if planned.spec.type == .bonus { bonus += pts } else { penalty += pts }
            adjustments.append(AdjustmentResult(spec: planned.spec, applies: applies,
                                                reason: applies && planned.spec.points == nil ? "\(finding.reason)（原文未规定分值，不计分）" : finding.reason,
                                                points: planned.spec.type == .bonus ? pts : -pts))
        }
        let cappedBonus = policy.cappedBonus(bonus), cappedPenalty = policy.cappedPenalty(penalty)
        if cappedBonus != bonus { warnings.append("加分已达上限 \(cappedBonus)") }
        if cappedPenalty != penalty { warnings.append("减分已达上限 \(cappedPenalty)") }
        score.adjustment = policy.adjustment(cappedBonus: cappedBonus, cappedPenalty: cappedPenalty)

        var grade = policy.grade(for: score)
        let gradeBeforeVetoes = grade

        // Vetoes: caps and revocations.
        var vetoes: [VetoResult] = []
        var revoked: [String] = []
        for planned in plan.vetoes {
            var triggered = false
            var reason = ""
            switch planned.spec.trigger {
            case .gradeBelow(let g):
                triggered = ScoringPolicy.vetoTriggers(gradeRank: rank(of: gradeBeforeVetoes), belowRank: rank(of: g))
                reason = triggered ? "等级“\(gradeBeforeVetoes)”低于“\(g)”" : "等级“\(gradeBeforeVetoes)”不低于“\(g)”"
            case .when:
                let finding = planned.evaluator!.explain(facts)
                triggered = ScoringPolicy.vetoTriggers(unless: false, finding.outcome.state)
                reason = finding.reason
            case .unless:
                let finding = planned.evaluator!.explain(facts)
                triggered = ScoringPolicy.vetoTriggers(unless: true, finding.outcome.state)
                reason = finding.reason
            }
            if triggered {
                switch planned.spec.effect {
                case .cap:
                    if ScoringPolicy.capLowers(gradeRank: rank(of: grade), capRank: rank(of: planned.spec.grade)) { grade = planned.spec.grade }
                case .revoke:
                    revoked.append(planned.spec.grade)
                case .ungraded:
                    grade = planned.spec.grade
                case .notify:
                    break
                }
            }
            vetoes.append(VetoResult(spec: planned.spec, triggered: triggered, reason: reason))
        }

        // A unit that does not give an attribute `appliesTo` reads is not graded: which items apply
        // to it is unknown, so any grade would be a guess (its rows say which attribute is missing).
        let missing = plan.missingAttributes(facts)
        if !missing.isEmpty {
            grade = EvaluationPlan.ungradedGrade
            warnings.insert("未评定：缺少单位属性 \(missing.joined(separator: "、"))，无法判断哪些指标适用；请在佐证的 unit.attributes（批量表的同名列）中填写", at: 0)
        }

        return UnitResult(unit: evidence.unit, asOf: evidence.asOf, invented: evidence.invented, inventedNote: evidence.inventedNote,
                          file: evidence.file, indicators: results, groups: groupResults, tally: tally, counted: counted, score: score,
                          adjustments: adjustments, vetoes: vetoes, gradeBeforeVetoes: missing.isEmpty ? gradeBeforeVetoes : grade, grade: grade,
                          revoked: revoked, warnings: warnings + evidence.warnings.map(\.message))
    }

    /// The band a score falls in (see `ScoringPolicy.band`: exact integers for completion).
    package func grade(for score: Score) -> String { policy.grade(for: score) }

    /// 0 for the highest band.
    package func rank(of grade: String) -> Int { policy.rank(of: grade) }

    enum Applies { case yes, no(String), unknown(String) }

    func applies(_ applicability: PlannedApplicability, _ facts: UnitFacts) -> Applies {
        switch applicability {
        case .always: return .yes
        case .never(let reason): return .no(reason)
        case .when(let conditions):
            for condition in conditions {
                let value = facts[condition.slot]
                if value == UnitFacts.missing {
                    if case .attribute(let name) = plan.slots[condition.slot] { return .unknown(name) }
                    return .unknown("?")
                }
                if !condition.codes.contains(value) {
                    if case .attribute(let name) = plan.slots[condition.slot] {
                        let wanted = plan.attributeCodes[name]?.filter { condition.codes.contains($0.value) }.map(\.key).sorted() ?? []
                        return .no("不适用：仅适用于\(Applicability.Condition(attribute: name, values: wanted).chinese)的单位")
                    }
                    return .no("不适用")
                }
            }
            return .yes
        }
    }

    /// Points earned and possible for a group, and possible had every item applied (for `prorata`): a
    /// weighted group shares its weight among its applicable children in proportion to their own
    /// points; an unweighted one adds them up. A points item (`deductions`) adds its exact points; in
    /// the points model a not applicable item earns its full points when the ruleset says `full`.
    func points(group index: Int, results: inout [IndicatorResult], into groupResults: inout [GroupResult]) -> (Double, Double, Double) {
        let group = plan.groups[index]
        let pointsModel = plan.ruleset.scoring.model == .points
        let fullWhenNotApplicable = pointsModel && plan.ruleset.scoring.notApplicable == .full
        var earned = 0.0, possible = 0.0, all = 0.0
        for i in group.childIndicators {
            let r = results[i]
            let w = plan.indicators[i].indicator.weight?.doubleValue ?? 1
            all += w
            guard r.excludedBecause == nil else {
                if fullWhenNotApplicable, r.outcome.state == .notApplicable {
                    // 不适用项目不扣分: the item counts as earned in full.
                    earned += w
                    possible += w
                    if pointsModel { (results[i].points, results[i].possiblePoints) = (w, w) }
                }
                continue
            }
            let e = r.earnedPoints.map(\.doubleValue) ?? w * policy.credit(r.outcome.state, raw: r.outcome.credit.raw)
            earned += e
            possible += w
            if pointsModel { (results[i].points, results[i].possiblePoints) = (e, w) }
        }
        for g in group.childGroups {
            let (e, p, a) = points(group: g, results: &results, into: &groupResults)
            earned += e
            possible += p
            all += a
        }
        let weight = group.group.weight?.doubleValue
        (earned, possible) = ScoringPolicy.weighGroup(weight: weight, earned: earned, possible: possible)
        if let weight { all = weight }
        groupResults[index].points = earned
        groupResults[index].maxPoints = possible
        return (earned, possible, all)
    }
}
