package import FazhiCore
package import FazhiBase

/// `done_by`: the indicator's task was done on or before a date (`6月底前`).
///
/// `by:` is optional and defaults to the indicator's `deadline`; with neither (or `deadline: ongoing`)
/// the check is a load error at the check. The event slot holds the completion date in days since
/// 1970-01-01, and `UnitFacts.asOfDay` is the evaluation date:
///
/// | event | outcome | reason |
/// |---|---|---|
/// | on or before `by` | met | 按时完成 |
/// | after `by` | unmet | 逾期完成 |
/// | none, evaluation date on or before `by` | notApplicable | 未到期 |
/// | none, evaluation date after `by` | noEvidence | 期限已过，无完成记录 |
///
/// A missing completion date past the deadline is *no evidence*, not a failure: the evidence does not
/// say the task was left undone. By default the ruleset still counts it as unmet, but reports show it apart.
package struct DoneBy: IndicatorEvaluator {
    package static let kind = "done_by"
    package static let family = "procedural"
    package static let summary = "按期完成：事件日期 ≤ by（默认为指标的 deadline）；未到期且未完成为不适用"
    package static let parameterKeys = ["by"]
    package static let examples = [
        EvaluatorExample("on time", check: "kind: done_by\nby: 2022-06-30",
                         evidence: "events:\n  example: 2022-06-30\n", expected: .met,
                         asOf: CalendarDate(year: 2022, month: 12, day: 31)),
        EvaluatorExample("late", check: "kind: done_by\nby: 2022-06-30",
                         evidence: "events:\n  example: 2022-07-01\n", expected: .unmet,
                         asOf: CalendarDate(year: 2022, month: 12, day: 31)),
        EvaluatorExample("not yet due", check: "kind: done_by\nby: 2022-06-30",
                         evidence: "events: {}\n", expected: .notApplicable,
                         asOf: CalendarDate(year: 2022, month: 6, day: 30)),
        EvaluatorExample("overdue, not done", check: "kind: done_by\nby: 2022-06-30",
                         evidence: "events: {}\n", expected: .noEvidence,
                         asOf: CalendarDate(year: 2022, month: 7, day: 1)),
    ]

    let slots: SlotPair
    let by: CalendarDate
    let byDay: Int64

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        if let value = parameters["by"], !value.isNull {
            by = try value.date()
        } else if let deadline = context.indicatorDeadline {
            by = deadline
        } else {
            throw Diagnostic.error(
                "\(parameters.path): missing \"by\"; expected a date (YYYY-MM-DD), since the indicator has no dated deadline",
                at: SourceLocation(source: parameters.source, start: parameters.node.start),
                hint: "write by: YYYY-MM-DD, or give the indicator a deadline date")
        }
        byDay = Int64(by.daysSinceEpoch)
        slots = context.eventSlots()
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let event = slots.read(facts)
        if event != UnitFacts.missing { return event <= byDay ? .met : .unmet }
        return Int64(facts.asOfDay) <= byDay ? .notApplicable : .noEvidence
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let event = slots.read(facts)
        let slot = slots.source(facts)
        let reason: String
        let code: ReasonCode
        if event != UnitFacts.missing {
            let done = CalendarDate(daysSinceEpoch: Int(event))
            reason = event <= byDay ? "按时完成（\(done) ≤ \(by)）" : "逾期完成（\(done) > \(by)）"
            code = event <= byDay ? .doneOnTime : .doneLate
        } else {
            let asOf = CalendarDate(daysSinceEpoch: facts.asOfDay)
            reason = outcome.state == .notApplicable ? "未到期（期限 \(by)，评估日 \(asOf)）" : "期限已过，无完成记录（期限 \(by)，评估日 \(asOf)）"
            code = outcome.state == .notApplicable ? .notYetDue : .overdue
        }
        return Finding(outcome, reason, slots: [slot], code: code)
    }

    package var requirement: String { "\(by) 前完成" }
    package var compiledCheck: CompiledCheck? { .doneBy(own: slots.own, whole: slots.whole, byDay: byDay) }
}
