package import FazhiCore
import FazhiBase

/// One unit's evidence scored under several rulesets: the grades side by side, and the indicators, lined
/// up by shared metric, that decide the difference.
public struct RulesetsComparison: Sendable {
    package struct Column: Sendable {
        package var plan: EvaluationPlan
        package var evidence: UnitEvidence
        package var result: UnitResult
        package var gap: Gap?

        package init(plan: EvaluationPlan, evidence: UnitEvidence, result: UnitResult, gap: Gap?) {
            self.plan = plan
            self.evidence = evidence
            self.result = result
            self.gap = gap
        }
    }

    /// One indicator of one ruleset on the metric, with its outcome for the unit.
    package struct Entry: Sendable {
        package var position: Int
        package var target: Target
        /// The indicator's outcome (all of its parts, not only this metric's).
        package var state: OutcomeState
        /// Whether the unit's fact alone satisfies this target; nil without a comparable fact.
        package var valueMeetsTarget: Bool?
    }

    package struct Line: Sendable {
        package var metric: Metric
        /// The unit's fact, as written ("95%", "3 个工作日"), or nil when the evidence has none.
        package var value: String?
        /// Per ruleset: its indicators on this metric.
        package var entries: [[Entry]]
        /// The verdict on which is stricter, as in the crosswalk.
        package var verdict: Crosswalk.Verdict
        /// True when the unit meets the metric's requirement under some rulesets and not under others:
        /// these are the indicators that decide the difference.
        package var decides: Bool
    }

    package let unit: UnitInfo
    package let columns: [Column]
    /// Metrics two or more rulesets set targets on; deciding lines first.
    package let lines: [Line]
    /// Per ruleset: indicators not met that have no counterpart (no shared metric) in the others.
    package let unmatchedShortfalls: [[Int]]

    package init(columns: [Column]) {
        self.columns = columns
        unit = columns.first?.result.unit ?? UnitInfo(id: "?", name: "?")
        let crosswalk = Crosswalk(plans: columns.map(\.plan))
        var lines: [Line] = []
        var sharedPositions = columns.map { _ in Set<Int>() }
        for cl in crosswalk.lines where cl.rulesetsAsking.count > 1 {
            var value: String?
            var raw: Int64?
            for c in columns {
                if let slot = c.plan.slot(.metric(cl.metric.id)), c.evidence.facts.has(slot) {
                    raw = c.evidence.facts[slot]
                    value = cl.metric.unit.format(FixedPoint(raw: c.evidence.facts[slot]))
                    break
                }
            }
            let entries = cl.requirements.enumerated().map { r, list in
                list.map { req in
                    sharedPositions[r].insert(req.position)
                    var meets: Bool?
                    if let raw, req.target.unit == cl.metric.unit {
                        switch req.target.comparison {
                        case .atLeast: meets = raw >= req.target.value.raw
                        case .atMost: meets = raw <= req.target.value.raw
                        case .equals: meets = raw == req.target.value.raw
                        }
                    }
                    return Entry(position: req.position, target: req.target, state: columns[r].result.indicators[req.position].outcome.state,
                                 valueMeetsTarget: meets)
                }
            }
            // Met under one ruleset and not under another (each ruleset's verdict: all its indicators met).
            let verdicts = entries.filter { !$0.isEmpty }.map { list in list.allSatisfy { $0.state == .met } }
            let decides = Set(verdicts).count > 1
            lines.append(Line(metric: cl.metric, value: value, entries: entries, verdict: cl.verdict, decides: decides))
        }
        self.lines = lines.filter(\.decides) + lines.filter { !$0.decides }
        unmatchedShortfalls = columns.enumerated().map { r, c in
            c.result.indicators.filter { Standing.isShortfall($0) && !sharedPositions[r].contains($0.position) }.map(\.position)
        }
    }
}
