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
    package static let parameterKeys = ["by", "every"]
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
        EvaluatorExample("every year, this year's on time", check: "kind: done_by\nevery: year\nby: 12-31",
                         evidence: "events:\n  example: 2023-12-20\n", expected: .met,
                         asOf: CalendarDate(year: 2023, month: 12, day: 31)),
        EvaluatorExample("every year, only last year's", check: "kind: done_by\nevery: year\nby: 06-30",
                         evidence: "events:\n  example: 2022-06-20\n", expected: .noEvidence,
                         asOf: CalendarDate(year: 2023, month: 12, day: 31)),
        EvaluatorExample("every year, late", check: "kind: done_by\nevery: year\nby: 06-30",
                         evidence: "events:\n  example: 2023-07-02\n", expected: .unmet,
                         asOf: CalendarDate(year: 2023, month: 12, day: 31)),
    ]

    let slots: SlotPair
    let by: CalendarDate
    let byDay: Int64
    /// `every: year` (每年12月底前): the month and day of each year's deadline; the year is the
    /// evaluation date's, and the event must fall in that year.
    let yearly: (month: Int, day: Int)?

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        if let every = parameters["every"], !every.isNull {
            guard try every.text() == "year" else { throw every.expected("year (a deadline that recurs every year)") }
            let value = try parameters.required("by", "the month and day of each year's deadline (MM-DD, e.g. 12-31)")
            let parts = try value.text().split(separator: "-").map { Int($0) }
            guard parts.count == 2, let m = parts[0], let d = parts[1], CalendarDate(year: 2024, month: m, day: d) != nil else {
                throw value.expected("a month and day MM-DD (e.g. 12-31) for a yearly deadline")
            }
            yearly = (m, d)
            by = CalendarDate(year: 2024, month: m, day: d)!
            byDay = Int64(by.daysSinceEpoch)
            slots = context.eventSlots()
            return
        }
        yearly = nil
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

    /// The deadline for the evaluation date's year (yearly), or the fixed one; and the first day of
    /// that year (an event before it is an earlier year's, not this one's).
    func deadline(_ asOfDay: Int) -> (day: Int64, date: CalendarDate, yearStart: Int64) {
        guard let yearly else { return (byDay, by, Int64.min) }
        let year = CalendarDate(daysSinceEpoch: asOfDay).year
        // 02-29 in a year without it falls on the 28th.
        let date = CalendarDate(year: year, month: yearly.month, day: yearly.day) ?? CalendarDate(year: year, month: yearly.month, day: yearly.day - 1)!
        return (Int64(date.daysSinceEpoch), date, Int64(CalendarDate(year: year, month: 1, day: 1)!.daysSinceEpoch))
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let (day, _, yearStart) = deadline(facts.asOfDay)
        let event = slots.read(facts)
        if event != UnitFacts.missing, event >= yearStart { return event <= day ? .met : .unmet }
        return Int64(facts.asOfDay) <= day ? .notApplicable : .noEvidence
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let outcome = evaluate(facts)
        let (byDay, by, yearStart) = deadline(facts.asOfDay)
        let event = slots.read(facts)
        let slot = slots.source(facts)
        var reason: String
        let code: ReasonCode
        if event != UnitFacts.missing, event >= yearStart {
            let done = CalendarDate(daysSinceEpoch: Int(event))
            reason = event <= byDay ? "按时完成（\(done) ≤ \(by)）" : "逾期完成（\(done) > \(by)）"
            code = event <= byDay ? .doneOnTime : .doneLate
        } else {
            let asOf = CalendarDate(daysSinceEpoch: facts.asOfDay)
            reason = outcome.state == .notApplicable ? "未到期（期限 \(by)，评估日 \(asOf)）" : "期限已过，无完成记录（期限 \(by)，评估日 \(asOf)）"
            code = outcome.state == .notApplicable ? .notYetDue : .overdue
            if event != UnitFacts.missing { reason += "；所给日期 \(CalendarDate(daysSinceEpoch: Int(event))) 不在本年度" }
        }
        return Finding(outcome, reason, slots: [slot], code: code)
    }

    package var requirement: String { yearly.map { "每年\($0.month)月\($0.day)日前完成" } ?? "\(by) 前完成" }
    /// A yearly deadline depends on the evaluation date's year: no compiled form (the bulk scorer calls it).
    package var compiledCheck: CompiledCheck? { yearly == nil ? .doneBy(own: slots.own, whole: slots.whole, byDay: byDay) : nil }
}
