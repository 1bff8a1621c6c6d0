package import FazhiCore
package import FazhiBase

/// `any_of`: at least one sub-check in `of:` is met.
///
/// Sub-checks that are not applicable are left out; the rest decide, in this order:
/// 1. any sub-check `error` → `error` (bad evidence is never hidden);
/// 2. any `met` → `met`, with the largest credit among the met ones;
/// 3. any `noEvidence` → `noEvidence` (the missing one might have been met);
/// 4. any `partial` → `partial` (no credit of its own; scoring applies `partial:`);
/// 5. any `unmet` → `unmet`;
/// 6. none applicable → `notApplicable`.
package struct AnyOf: IndicatorEvaluator {
    package static let kind = "any_of"
    package static let family = "composite"
    package static let summary = "满足其一：of 中至少一个子检查达到"
    package static let parameterKeys = ["of"]
    static let check = """
        kind: any_of
        of:
          - { kind: rate_at_least, metric: example_rate, min: 90% }
          - { kind: duration_at_most, metric: example_days, max: 10, unit: days }
        """
    package static let examples = [
        EvaluatorExample("second met", check: check,
                         evidence: "facts:\n  example_rate: 80%\n  example_days: 9\n", expected: .met),
        EvaluatorExample("neither", check: check,
                         evidence: "facts:\n  example_rate: 80%\n  example_days: 12\n", expected: .unmet),
        EvaluatorExample("one met, one missing", check: check,
                         evidence: "facts:\n  example_rate: 95%\n", expected: .met),
        EvaluatorExample("one unmet, one missing", check: check,
                         evidence: "facts:\n  example_rate: 80%\n", expected: .noEvidence),
    ]

    let parts: SubChecks

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        parts = try SubChecks(parameters: parameters, context: context)
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let t = parts.tally(facts)
        if t.error > 0 { return .error }
        if t.met > 0 { return Outcome(.met, credit: FixedPoint(raw: t.bestMetCredit)) }
        if t.noEvidence > 0 { return .noEvidence }
        if t.partial > 0 { return Outcome(.partial) }
        if t.unmet > 0 { return .unmet }
        return .notApplicable
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let (findings, slots) = parts.findings(facts)
        if outcome.state == .met, let i = findings.firstIndex(where: { $0.outcome.state == .met }) {
            return Finding(outcome, "满足其一：\(parts.label(i))：\(findings[i].reason)", slots: slots, code: findings[i].code)
        }
        var reason = outcome.state == .notApplicable ? "各项均不适用" : "\(findings.count) 项均未达到"
        for (i, f) in findings.enumerated() where f.outcome.state != .notApplicable {
            reason += "；\(parts.label(i))：\(f.reason)"
        }
        // The code of the first part that decided the outcome (its state is the composite's).
        return Finding(outcome, reason, slots: slots, code: findings.first { $0.outcome.state == outcome.state }?.code)
    }

    package var requirement: String { "满足其一：" + parts.requirement(joinedBy: "；或 ") }
    package var targets: [Target] { parts.targets }
    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? { parts.evidenceProblem(facts) }
    package var compiledCheck: CompiledCheck? { parts.compiledChecks.map { .anyOf($0) } }
}
