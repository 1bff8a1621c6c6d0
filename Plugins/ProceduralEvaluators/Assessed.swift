package import FazhiCore
package import FazhiBase

/// `assessed`: an assessor's verdict on this indicator (建立健全…机制, 加强…, 完善…).
///
/// `met` → met; `partial` → partial with no credit of its own (scoring applies the ruleset's `partial:`
/// choice, 0 or ½);
/// `unmet` → unmet; no verdict → `noEvidence`. Inside a composite the sub-check reads `ID#n` first,
/// then the indicator's verdict.
package struct Assessed: IndicatorEvaluator {
    package static let kind = "assessed"
    package static let family = "procedural"
    package static let summary = "评估人认定：verdict 为 met（或 partial）；无认定为无佐证"
    package static let parameterKeys = ["question"]
    package static let examples = [
        EvaluatorExample("judged met", check: "kind: assessed\nquestion: 是否建立健全重大行政决策程序制度",
                         evidence: "verdicts:\n  example: met\n", expected: .met),
        EvaluatorExample("judged partial", check: "kind: assessed",
                         evidence: "verdicts:\n  example: partial\n", expected: .partial),
        EvaluatorExample("judged unmet", check: "kind: assessed",
                         evidence: "verdicts:\n  example: unmet\n", expected: .unmet),
        EvaluatorExample("not judged", check: "kind: assessed",
                         evidence: "verdicts: {}\n", expected: .noEvidence),
    ]

    let slots: SlotPair
    let question: String?
    let indicator: String
    /// The indicator as a user knows it (number and title), for the reason asking for a verdict.
    let label: String

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        if let q = parameters["question"], !q.isNull { question = try q.text() } else { question = nil }
        slots = context.verdictSlots()
        indicator = context.indicatorID
        label = context.indicatorLabel.isEmpty ? context.indicatorID : context.indicatorLabel
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        switch slots.read(facts) {
        case Verdict.met.rawValue: .met
        case Verdict.partial.rawValue: Outcome(.partial)
        case Verdict.unmet.rawValue: .unmet
        case UnitFacts.missing: .noEvidence
        default: .error
        }
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let slot = slots.source(facts)
        let reason: String
        let code: ReasonCode
        switch outcome.state {
        // With a question the indicator is already named; without, the reason names it.
        case .noEvidence:
            reason = question != nil ? "待评估人认定" : label.hasPrefix("第") ? "待评估人认定（\(label)）" : "待评估人认定：\(label)"
            code = .verdictMissing
        case .error: reason = "评估人认定的值 \(facts[slot]) 无效：请改为 met、partial 或 unmet（达到、部分达到、未达到）"; code = .verdictInvalid
        case .met: reason = "评估人认定：\(outcome.state.chinese)"; code = .verdictMet
        case .partial: reason = "评估人认定：\(outcome.state.chinese)"; code = .verdictPartial
        default: reason = "评估人认定：\(outcome.state.chinese)"; code = .verdictUnmet
        }
        return Finding(outcome, question.map { "\($0)：\(reason)" } ?? reason, slots: [slot], code: code)
    }

    package var requirement: String { question ?? "评估人认定达到" }
    package var compiledCheck: CompiledCheck? { .verdict(own: slots.own, whole: slots.whole) }

    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        let v = slots.read(facts)
        guard v != UnitFacts.missing, Verdict(rawValue: v) == nil else { return nil }
        return EvidenceProblem(slot: slots.source(facts), message: "\(indicator) 的评估认定 \(v) 不是 met/partial/unmet")
    }
}
