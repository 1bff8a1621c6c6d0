package import FazhiCore
package import FazhiBase

/// `all_of`: every sub-check in `of:` is met (a task with two or more figures).
///
/// Sub-checks that are not applicable are left out; the rest decide, in this order:
/// 1. any sub-check `error` → `error` (bad evidence is never hidden);
/// 2. none applicable → `notApplicable`;
/// 3. any `unmet` → `unmet` (decided whatever the missing ones would show);
/// 4. any `noEvidence` (and none unmet) → `noEvidence`;
/// 5. any `partial` (the rest met) → `partial`, with no credit of its own: scoring applies the
///    ruleset's `partial:` choice;
/// 6. all met → `met`, with the mean credit of the sub-checks (1 unless one is a weighted score).
package struct AllOf: IndicatorEvaluator {
    package static let kind = "all_of"
    package static let family = "composite"
    package static let summary = "全部满足：of 中每个子检查都达到（不适用的子检查不计）"
    package static let parameterKeys = ["of"]
    static let check = """
        kind: all_of
        of:
          - { kind: rate_at_least, metric: example_rate, min: 100%, title: 报备率 }
          - { kind: count_at_least, metric: example_count, min: 1, per: year }
        """
    package static let examples = [
        EvaluatorExample("both met", check: check,
                         evidence: "facts:\n  example_rate: 100%\n  example_count: 2\n", expected: .met),
        EvaluatorExample("one unmet", check: check,
                         evidence: "facts:\n  example_rate: 98%\n  example_count: 2\n", expected: .unmet),
        EvaluatorExample("unmet outweighs missing", check: check,
                         evidence: "facts:\n  example_rate: 98%\n", expected: .unmet),
        EvaluatorExample("one missing", check: check,
                         evidence: "facts:\n  example_rate: 100%\n", expected: .noEvidence),
        EvaluatorExample("assessed part partial", check: "kind: all_of\nof:\n  - { kind: rate_at_least, metric: example_rate, min: 90% }\n  - { kind: assessed }\n",
                         evidence: "facts:\n  example_rate: 95%\nverdicts:\n  example: partial\n", expected: .partial),
    ]

    let parts: SubChecks

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        parts = try SubChecks(parameters: parameters, context: context)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let t = parts.tally(facts)
        if t.error > 0 { return .error }
        if t.applicable == 0 { return .notApplicable }
        if t.unmet > 0 { return .unmet }
        if t.noEvidence > 0 { return .noEvidence }
        if t.partial > 0 { return Outcome(.partial) }
        return Outcome(.met, credit: FixedPoint(raw: t.creditSum / Int64(t.applicable)))
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let t = parts.tally(facts)
        let (findings, slots) = parts.findings(facts)
        var reason = t.met == t.applicable && t.applicable > 0
            ? "全部 \(t.applicable) 项达到"
            : t.applicable == 0 ? "各项均不适用" : "\(t.applicable) 项中 \(t.met) 项达到"
        for (i, f) in findings.enumerated() where f.outcome.state != .met && f.outcome.state != .notApplicable {
            reason += "；\(parts.label(i))：\(f.reason)"
        }
        // The code of the first part that decided the outcome (its state is the composite's).
        return Finding(outcome, reason, slots: slots, code: findings.first { $0.outcome.state == outcome.state }?.code)
    }

    package var requirement: String { "全部满足：" + parts.requirement(joinedBy: "；") }
    package var targets: [Target] { parts.targets }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { parts.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { parts.compiledChecks.map { .allOf($0) } }
}
