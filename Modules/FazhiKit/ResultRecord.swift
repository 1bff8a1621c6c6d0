public import FazhiCore

/// One indicator's outcome for one unit, keyed by ids that stay the same across runs and versions of
/// the engine: the row a store keeps and a server returns. Further fields go at the end, so rows
/// already stored keep their meaning.
public struct ResultRecord: Sendable, Hashable, Codable {
    public var rulesetID: String
    public var unitID: String
    public var indicatorID: String
    /// `met`, `partial`, `unmet`, `notApplicable`, `noEvidence` or `error` (as in the JSON report).
    public var outcome: String
    /// Why, in the words the reports print.
    public var reason: String
    /// Why, as a stable snake_case key (`target_missed`, `verdict_missing`, `not_yet_due`, …).
    public var reasonCode: String

    public init(rulesetID: String, unitID: String, indicatorID: String, outcome: String, reason: String, reasonCode: String) {
        self.rulesetID = rulesetID
        self.unitID = unitID
        self.indicatorID = indicatorID
        self.outcome = outcome
        self.reason = reason
        self.reasonCode = reasonCode
    }

    /// A unit's result as records, in the plan's indicator order.
    public static func records(of result: UnitResult, plan: EvaluationPlan) -> [ResultRecord] {
        result.indicators.map { ir in
            ResultRecord(rulesetID: plan.ruleset.id, unitID: result.unit.id, indicatorID: plan.indicators[ir.position].indicator.id,
                         outcome: ir.outcome.state.description, reason: ir.reason, reasonCode: ir.code.rawValue)
        }
    }
}
