public import FazhiBase

/// Counts of outcomes over a set of indicators.
public struct Tally: Sendable, Hashable {
    public var met = 0, partial = 0, unmet = 0, notApplicable = 0, noEvidence = 0, error = 0, exempted = 0, notYetDue = 0

    public mutating func add(_ state: OutcomeState) {
        switch state {
        case .met: met += 1
        case .partial: partial += 1
        case .unmet: unmet += 1
        case .notApplicable: notApplicable += 1
        case .noEvidence: noEvidence += 1
        case .error: error += 1
        }
    }

    public var total: Int { met + partial + unmet + notApplicable + noEvidence + error }
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

    public var final: Double { value + adjustment }
}

/// What happened to one indicator for one unit.
public struct IndicatorResult: Sendable {
    public var position: Int
    public var outcome: Outcome
    public var reason: String
    public var sources: [FactSource]
    /// Why it left the denominator, when it did.
    public var excludedBecause: String?
}

public struct GroupResult: Sendable {
    public var position: Int
    public var tally: Tally
    /// met / counted, as a fraction (nil when nothing counted).
    public var completion: Double?
    /// Points earned and possible (weighted and points models).
    public var points: Double
    public var maxPoints: Double
}

public struct AdjustmentResult: Sendable {
    public var spec: AdjustmentSpec
    public var applies: Bool
    public var reason: String
    /// Points applied after caps (negative for penalties).
    public var points: Double
}

public struct VetoResult: Sendable {
    public var spec: VetoSpec
    public var triggered: Bool
    public var reason: String
}

/// One unit's full evaluation: every indicator, every group, the score and the grade.
public struct UnitResult: Sendable {
    public var unit: UnitInfo
    public var asOf: CalendarDate
    public var invented: Bool
    public var inventedNote: String?
    public var file: String
    public var indicators: [IndicatorResult]
    public var groups: [GroupResult]
    public var tally: Tally
    /// Indicators counted in the denominator (applicable, and not excluded by policy).
    public var counted: Int
    public var score: Score
    public var adjustments: [AdjustmentResult]
    public var vetoes: [VetoResult]
    public var gradeBeforeVetoes: String
    public var grade: String
    /// Titles revoked by vetoes (撤销命名).
    public var revoked: [String]
    /// Problems worth telling the assessor (expired exemptions, …).
    public var warnings: [String]

    /// "met/counted" for completion.
    public var ratioText: String { "\(tally.met)/\(counted)" }
}
