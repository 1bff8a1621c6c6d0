import FazhiBase

/// Scores units against a plan. One code path feeds every report format.
package struct Scorer: Sendable {
    package let plan: EvaluationPlan

    package init(plan: EvaluationPlan) { self.plan = plan }

    /// Tolerance for the weighted and points models, whose weights make exact fractions impractical:
    /// a score within 1e-9 of a band's lower bound earns the band.
    static let epsilon = 1e-9

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
                    finding = Finding(.notApplicable, "豁免：\(exemption.justification)")
                    excluded = "exempted"
                }
            } else {
                switch applies(planned.applicability, facts) {
                case .yes:
                    finding = planned.evaluator.explain(facts)
                case .no(let reason):
                    finding = Finding(.notApplicable, reason)
                    excluded = "not applicable"
                case .unknown(let attribute):
                    finding = Finding(.noEvidence, "单位属性 \(attribute) 未提供，无法判断是否适用")
                }
            }
            if finding.outcome.state == .notApplicable, excluded == nil { excluded = "not applicable" }
            if finding.outcome.state == .noEvidence, spec.noEvidence == .excluded { excluded = "no evidence (excluded by the ruleset)" }
            tally.add(finding.outcome.state)
            if excluded == "exempted" { tally.exempted += 1 }
            results.append(IndicatorResult(position: position, outcome: finding.outcome, reason: finding.reason,
                                           sources: finding.slots.compactMap { evidence.sources[$0] }, excludedBecause: excluded))
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
            let counted = countedCount(t, spec)
            if counted > 0 { groupResults[i].completion = Double(creditHalves(t, spec)) / Double(2 * counted) }
        }
        var topPoints = 0.0, topMax = 0.0
        for (index, group) in plan.groups.enumerated() where group.parent == nil {
            let (p, m) = points(group: index, results: results, spec: spec, into: &groupResults)
            topPoints += p
            topMax += m
        }

        // The score.
        let counted = countedCount(tally, spec)
        var score: Score
        switch spec.model {
        case .completion:
            let halves = Int64(creditHalves(tally, spec))
            score = Score(numerator: halves, denominator: Int64(2 * counted), value: counted == 0 ? 0 : Double(halves) / Double(2 * counted), adjustment: 0)
        case .weighted:
            score = Score(numerator: 0, denominator: 0, value: topMax == 0 ? 0 : topPoints / topMax, adjustment: 0)
        case .points:
            score = Score(numerator: 0, denominator: 0, value: topPoints, adjustment: 0)
        }

        // Adjustments (附加项): bonuses and penalties, each side capped.
        var adjustments: [AdjustmentResult] = []
        var bonus = 0.0, penalty = 0.0
        for planned in plan.adjustments {
            let finding = planned.evaluator.explain(facts)
            let applies = finding.outcome.state == .met
            var pts = 0.0
            if applies, let p = planned.spec.points { pts = p.doubleValue }
            if planned.spec.type == .bonus { bonus += pts } else { penalty += pts }
            adjustments.append(AdjustmentResult(spec: planned.spec, applies: applies,
                                                reason: applies && planned.spec.points == nil ? "\(finding.reason)（原文未规定分值，不计分）" : finding.reason,
                                                points: planned.spec.type == .bonus ? pts : -pts))
        }
        if let cap = spec.bonusCap?.doubleValue, bonus > cap { bonus = cap; warnings.append("加分已达上限 \(cap)") }
        if let cap = spec.penaltyCap?.doubleValue, penalty > cap { penalty = cap; warnings.append("减分已达上限 \(cap)") }
        // In the completion and weighted models points are percentage points.
        let scale = spec.model == .points ? 1.0 : 0.01
        score.adjustment = (bonus - penalty) * scale

        var grade = self.grade(for: score, spec: spec)
        let gradeBeforeVetoes = grade

        // Vetoes: caps and revocations.
        var vetoes: [VetoResult] = []
        var revoked: [String] = []
        for planned in plan.vetoes {
            var triggered = false
            var reason = ""
            switch planned.spec.trigger {
            case .gradeBelow(let g):
                triggered = rank(of: gradeBeforeVetoes) > rank(of: g)
                reason = triggered ? "等级“\(gradeBeforeVetoes)”低于“\(g)”" : "等级“\(gradeBeforeVetoes)”不低于“\(g)”"
            case .when:
                let finding = planned.evaluator!.explain(facts)
                triggered = finding.outcome.state == .met
                reason = finding.reason
            case .unless:
                let finding = planned.evaluator!.explain(facts)
                triggered = finding.outcome.state == .unmet || finding.outcome.state == .error
                reason = finding.reason
            }
            if triggered {
                switch planned.spec.effect {
                case .cap:
                    if rank(of: grade) < rank(of: planned.spec.grade) { grade = planned.spec.grade }
                case .revoke:
                    revoked.append(planned.spec.grade)
                }
            }
            vetoes.append(VetoResult(spec: planned.spec, triggered: triggered, reason: reason))
        }

        return UnitResult(unit: evidence.unit, asOf: evidence.asOf, invented: evidence.invented, inventedNote: evidence.inventedNote,
                          file: evidence.file, indicators: results, groups: groupResults, tally: tally, counted: counted, score: score,
                          adjustments: adjustments, vetoes: vetoes, gradeBeforeVetoes: gradeBeforeVetoes, grade: grade,
                          revoked: revoked, warnings: warnings + evidence.warnings.map(\.message))
    }

    /// The band a score falls in. Completion compares exact integers: met × 2 ≥ min × counted × 2.
    package func grade(for score: Score, spec: ScoringSpec) -> String {
        for band in spec.grades {
            if spec.model == .completion, score.adjustment == 0 {
                // numerator/denominator ≥ min.raw/scale  ⇔  numerator × scale ≥ min.raw × denominator
                if score.denominator == 0 { if band.min == .zero { return band.name } else { continue } }
                if Int128(score.numerator) * Int128(FixedPoint.scale) >= Int128(band.min.raw) * Int128(score.denominator) { return band.name }
            } else {
                if score.final + Self.epsilon >= band.min.doubleValue { return band.name }
            }
        }
        return spec.grades.last?.name ?? ""
    }

    /// 0 for the highest band.
    package func rank(of grade: String) -> Int {
        plan.ruleset.scoring.grades.firstIndex { $0.name == grade } ?? plan.ruleset.scoring.grades.count
    }

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
                        return .no("仅适用于 \(name) = \(wanted.joined(separator: "/")) 的单位")
                    }
                    return .no("不适用")
                }
            }
            return .yes
        }
    }

    func countedCount(_ t: Tally, _ spec: ScoringSpec) -> Int {
        t.met + t.partial + t.unmet + t.error + (spec.noEvidence == .unmet ? t.noEvidence : 0)
    }

    func creditHalves(_ t: Tally, _ spec: ScoringSpec) -> Int {
        2 * t.met + (spec.partial == .half ? t.partial : 0)
    }

    /// Points earned and possible for a group: a weighted group shares its weight among its applicable
    /// children in proportion to their own points; an unweighted one adds them up.
    func points(group index: Int, results: [IndicatorResult], spec: ScoringSpec, into groupResults: inout [GroupResult]) -> (Double, Double) {
        let group = plan.groups[index]
        var earned = 0.0, possible = 0.0
        for i in group.childIndicators {
            let r = results[i]
            guard r.excludedBecause == nil else { continue }
            let w = plan.indicators[i].indicator.weight?.doubleValue ?? 1
            var credit = r.outcome.credit.doubleValue
            if r.outcome.state == .partial { credit = spec.partial == .half ? 0.5 : (r.outcome.credit == .zero ? 0 : credit) }
            earned += w * credit
            possible += w
        }
        for g in group.childGroups {
            let (e, p) = points(group: g, results: results, spec: spec, into: &groupResults)
            earned += e
            possible += p
        }
        if let w = group.group.weight?.doubleValue {
            if possible > 0 { earned = w * earned / possible; possible = w } else { earned = 0; possible = 0 }
        }
        groupResults[index].points = earned
        groupResults[index].maxPoints = possible
        return (earned, possible)
    }
}
