package import FazhiCore
package import FazhiBase

/// `weighted_score`: a weighted mix of score metrics (0–100), such as the 40/20/20/20 leadership score.
///
/// - `parts: [{ metric, weight }]`: score metrics, weights as rates (`40%` or `0.4`) that must add up to
///   exactly 100% (a load error at `parts` otherwise); each weight above 0.
/// - Optional `min` (a score): met when the weighted score ≥ min, decided exactly on
///   `Σ score.raw × weight.raw` against `min.raw × 10⁶`. Without `min` the check is always met.
/// - Credit: score / 100 when met (truncated to six places); 0 when below `min`.
/// - Any part missing → `noEvidence`.
package struct WeightedScore: IndicatorEvaluator {
    package static let kind = "weighted_score"
    package static let family = "composite"
    package static let summary = "加权得分：Σ 分项得分 × 权重（权重合计 100%）≥ min；得分/100 计入得分"
    package static let parameterKeys = ["parts", "min"]
    static let check = """
        kind: weighted_score
        parts:
          - { metric: example_score_a, weight: 40% }
          - { metric: example_score_b, weight: 20% }
          - { metric: example_score_c, weight: 20% }
          - { metric: example_score_d, weight: 20% }
        min: 80
        """
    package static let examples = [
        EvaluatorExample("exactly 80", check: check,
                         evidence: "facts:\n  example_score_a: 80\n  example_score_b: 100\n  example_score_c: 60\n  example_score_d: 80\n",
                         expected: .met),
        EvaluatorExample("below 80", check: check,
                         evidence: "facts:\n  example_score_a: 70\n  example_score_b: 90\n  example_score_c: 80\n  example_score_d: 80\n",
                         expected: .unmet),
        EvaluatorExample("a part missing", check: check,
                         evidence: "facts:\n  example_score_a: 70\n  example_score_b: 90\n  example_score_c: 80\n",
                         expected: .noEvidence),
    ]

    struct Part: Sendable {
        let binding: MetricBinding
        let weight: FixedPoint
    }

    let parts: [Part]
    let min: FixedPoint?

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        var parts: [Part] = []
        var allRead = true
        if let list = problems.attempt({ () throws(Diagnostic) in try parameters.required("parts", "a list of { metric, weight }").list() }) {
            let partsValue = parameters["parts"]!
            if list.isEmpty { problems.add(partsValue.expected("at least one part")) }
            var seen: Set<String> = []
            for item in list {
                guard item.isMapping else { problems.add(item.expected("a part { metric, weight }")); allRead = false; continue }
                problems.add(item.unknownKeys(allowed: ["metric", "weight"], context: "a weighted_score part"))
                let binding = problems.attempt { () throws(Diagnostic) in try context.requireMetric(item, units: [.score]) }
                let weight = problems.attempt { () throws(Diagnostic) -> FixedPoint in
                    let value = try item.required("weight", "the part's weight (e.g. 40%)")
                    let w = try value.rate()
                    if w == .zero { throw value.expected("a weight above 0%") }
                    return w
                }
                if let binding, !seen.insert(binding.metric.id).inserted, let m = item["metric"] {
                    problems.add(m.error("metric \"\(binding.metric.id)\" is already a part; expected each metric once"))
                }
                guard let binding, let weight else { allRead = false; continue }
                parts.append(Part(binding: binding, weight: weight))
            }
            let total = parts.reduce(Int64(0)) { $0 + $1.weight.raw }
            if allRead, !list.isEmpty, total != FixedPoint.scale {
                problems.add(partsValue.error("the weights add up to \(FixedPoint(raw: total).percentText); expected 100%"))
            }
        }
        var min: FixedPoint?
        if let m = parameters["min"], !m.isNull {
            min = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "min", unit: .score) }
        }
        try problems.finish(reportingTo: context)
        self.parts = parts
        self.min = min
    }

    /// Σ score.raw × weight.raw: the weighted score × 10¹², or nil when a part is missing.
    @inline(__always)
    func weightedSum(_ facts: borrowing UnitFacts) -> Int64? {
        var sum: Int64 = 0
        for part in parts {
            let v = facts[part.binding.slot]
            if v == UnitFacts.missing { return nil }
            sum &+= v &* part.weight.raw
        }
        return sum
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        guard let sum = weightedSum(facts) else { return .noEvidence }
        if let min, sum < min.raw * FixedPoint.scale { return .unmet }
        return Outcome(.met, credit: FixedPoint(raw: sum / (100 * FixedPoint.scale)))
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let slots = parts.map(\.binding.slot)
        guard let sum = weightedSum(facts) else {
            let absent = parts.filter { facts[$0.binding.slot] == UnitFacts.missing }.map(\.binding.metric)
            return Finding(outcome, Metric.request(absent), slots: slots, code: .missingFact)
        }
        let score = FixedPoint(raw: sum / FixedPoint.scale)
        let exact = sum % FixedPoint.scale == 0
        let terms = parts.map { "\($0.binding.metric.name) \(FixedPoint(raw: facts[$0.binding.slot])) × \($0.weight.percentText)" }
        var reason = "加权得分 \(exact ? "" : "≈")\(score) 分"
        if let min { reason += " \(outcome.state == .met ? "≥" : "<") \(min) 分" }
        reason += "（\(terms.joined(separator: " + "))）"
        return Finding(outcome, reason, slots: slots, code: min == nil ? nil : outcome.state == .met ? .targetMet : .targetMissed)
    }

    package var requirement: String {
        let mix = parts.map { "\($0.binding.metric.name) \($0.weight.percentText)" }.joined(separator: "、")
        return min.map { "加权得分 ≥ \($0) 分（\(mix)）" } ?? "加权得分（\(mix)）"
    }

    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        for part in parts { if let p = part.binding.evidenceProblem(facts) { return p } }
        return nil
    }
}
