package import FazhiBase

/// Counts of outcomes over a set of indicators.
public struct Tally: Sendable, Hashable {
    public var met = 0, partial = 0, unmet = 0, notApplicable = 0, noEvidence = 0, error = 0, exempted = 0, notYetDue = 0

    package mutating func add(_ state: OutcomeState) {
        switch state {
        case .met: met += 1
        case .partial: partial += 1
        case .unmet: unmet += 1
        case .notApplicable: notApplicable += 1
        case .noEvidence: noEvidence += 1
        case .error: error += 1
        }
    }

    package var total: Int { met + partial + unmet + notApplicable + noEvidence + error }
}

/// A score as an exact fraction (completion) or a decimal (weighted, points).
public struct Score: Sendable, Hashable {
    /// For completion: counted in halves (met = 2, partial = 1 when it counts half).
    public var numerator: Int64
    public var denominator: Int64
    /// The value: a fraction of one for completion and weighted, points for the points model.
    public var value: Double
    /// Adjustments added (percentage points as a fraction, or points).
    public var adjustment: Double

    package var final: Double { value + adjustment }
}

/// What happened to one indicator for one unit.
package struct IndicatorResult: Sendable {
    package var position: Int
    package var outcome: Outcome
    package var reason: String
    package var sources: [FactSource]
    /// Why it left the denominator, when it did.
    package var excludedBecause: String?
    /// The reason as a stable key (see `ReasonCode`).
    package var code: ReasonCode
    /// Points model: what the item earned and could earn (nil in the other models, and for items left
    /// out of the possible points).
    package var points: Double? = nil
    package var possiblePoints: Double? = nil
    /// A points item's exact points (`deductions`), before the scorer's N/A policy.
    package var earnedPoints: FixedPoint? = nil
}

package struct GroupResult: Sendable {
    package var position: Int
    package var tally: Tally
    /// met / counted, as a fraction (nil when nothing counted).
    package var completion: Double?
    /// Points earned and possible (weighted and points models).
    package var points: Double
    package var maxPoints: Double
}

package struct AdjustmentResult: Sendable {
    package var spec: AdjustmentSpec
    package var applies: Bool
    package var reason: String
    /// Points applied after caps (negative for penalties).
    package var points: Double
}

package struct VetoResult: Sendable {
    package var spec: VetoSpec
    package var triggered: Bool
    package var reason: String
}

/// One unit's full evaluation: every indicator, every group, the score and the grade.
public struct UnitResult: Sendable {
    package var unit: UnitInfo
    package var asOf: CalendarDate
    package var invented: Bool
    package var inventedNote: String?
    package var file: String
    package var indicators: [IndicatorResult]
    package var groups: [GroupResult]
    package var tally: Tally
    /// Indicators counted in the denominator (applicable, and not excluded by policy).
    package var counted: Int
    package var score: Score
    package var adjustments: [AdjustmentResult]
    package var vetoes: [VetoResult]
    package var gradeBeforeVetoes: String
    package var grade: String
    /// Titles revoked by vetoes (撤销命名).
    package var revoked: [String]
    /// Problems worth telling the assessor (expired exemptions, …).
    package var warnings: [String]

    /// "met/counted" for completion.
    package var ratioText: String { "\(tally.met)/\(counted)" }
}
