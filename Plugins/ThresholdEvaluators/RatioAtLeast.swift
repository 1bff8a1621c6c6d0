package import FazhiCore
package import FazhiBase

/// `ratio_at_least`: `numerator / denominator ≥ min`, over two count metrics (`按时办结件数 / 受理件数`).
///
/// - Decided exactly: `numerator × 10⁶ ≥ min.raw × denominator` in 128-bit integers, no division.
/// - A denominator of 0 means nothing happened to measure (no cases): the outcome is `notApplicable`
///   with the reason "分母为 0", so the indicator leaves the score's denominator rather than being
///   counted met or unmet for work that never arose.
/// - A numerator above its denominator, or a negative or fractional count, is bad evidence:
///   `evidenceProblem` reports it, and `evaluate` gives `error` if asked anyway.
/// - Either count missing: `noEvidence`.
package struct RatioAtLeast: IndicatorEvaluator {
    package static let kind = "ratio_at_least"
    package static let family = "thresholds"
    package static let summary = "两个计数之比不低于目标：numerator / denominator ≥ min；分母为 0 时不适用"
    package static let parameterKeys = ["numerator", "denominator", "min"]
    package static let examples = [
        EvaluatorExample("45 of 50 against 90%", check: "kind: ratio_at_least\nnumerator: example_numerator\ndenominator: example_denominator\nmin: 90%",
                         evidence: "facts:\n  example_numerator: 45\n  example_denominator: 50\n", expected: .met),
        EvaluatorExample("44 of 50 against 90%", check: "kind: ratio_at_least\nnumerator: example_numerator\ndenominator: example_denominator\nmin: 90%",
                         evidence: "facts:\n  example_numerator: 44\n  example_denominator: 50\n", expected: .unmet),
        EvaluatorExample("nothing to count", check: "kind: ratio_at_least\nnumerator: example_numerator\ndenominator: example_denominator\nmin: 90%",
                         evidence: "facts:\n  example_numerator: 0\n  example_denominator: 0\n", expected: .notApplicable),
    ]

    let numerator: MetricBinding
    let denominator: MetricBinding
    let min: FixedPoint

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        var problems = LoadProblems()
        let n = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, key: "numerator", units: [.count]) }
        let d = problems.attempt { () throws(Diagnostic) in try context.requireMetric(parameters, key: "denominator", units: [.count]) }
        let min = problems.attempt { () throws(Diagnostic) in try context.requireThreshold(parameters, "min", unit: .percent) }
        if let n, let d, n.metric.id == d.metric.id, let value = parameters["denominator"] {
            problems.add(value.error("the denominator is the numerator's metric \"\(n.metric.id)\"; expected two different counts"))
        }
        try problems.finish(reportingTo: context)
        numerator = n!
        denominator = d!
        self.min = min!
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let n = facts[numerator.slot], d = facts[denominator.slot]
        if n == UnitFacts.missing || d == UnitFacts.missing { return .noEvidence }
        if n < 0 || d < 0 || n > d { return .error }
        if d == 0 { return .notApplicable }
        return Int128(n) * Int128(FixedPoint.scale) >= Int128(min.raw) * Int128(d) ? .met : .unmet
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let slots = [numerator.slot, denominator.slot]
        let n = facts[numerator.slot], d = facts[denominator.slot]
        if n == UnitFacts.missing || d == UnitFacts.missing {
            let absent = [numerator, denominator].filter { facts[$0.slot] == UnitFacts.missing }.map(\.metric)
            return Finding(outcome, Metric.request(absent), slots: slots, code: .missingFact)
        }
        if let problem = evidenceProblem(facts) { return Finding(outcome, problem.message, slots: slots, code: .invalidEvidence) }
        if d == 0 { return Finding(outcome, "分母为 0：\(denominator.metric.name)为 0，无可计算的比率", slots: slots, code: .zeroDenominator) }
        let scaled = Int128(n) * Int128(FixedPoint.scale)
        let rate = FixedPoint(raw: Int64(scaled / Int128(d)))
        let exact = scaled % Int128(d) == 0
        let met = outcome.state == .met
        let op = met ? (exact && rate == min ? "=" : "≥") : "<"
        let reason = "\(numerator.metric.name) \(numerator.format(n)) / \(denominator.metric.name) \(denominator.format(d)) "
            + "\(exact ? "=" : "≈") \(rate.percentText) \(op) \(min.percentText)"
        return Finding(outcome, reason, slots: slots, code: outcome.state == .met ? .targetMet : .targetMissed)
    }

    package var requirement: String { "\(numerator.metric.name) / \(denominator.metric.name) ≥ \(min.percentText)" }

    /// One target, on the numerator: the share of the denominator it must reach.
    package var targets: [Target] { [Target(metric: numerator.metric.id, comparison: .atLeast, value: min, unit: .percent)] }

    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        if let p = numerator.evidenceProblem(facts) ?? denominator.evidenceProblem(facts) { return p }
        let n = facts[numerator.slot], d = facts[denominator.slot]
        guard n != UnitFacts.missing, d != UnitFacts.missing, n > d else { return nil }
        return EvidenceProblem(slot: numerator.slot, message: "\(numerator.metric.name) \(numerator.format(n)) 大于 \(denominator.metric.name) \(denominator.format(d))：分子不能超过分母")
    }
}
