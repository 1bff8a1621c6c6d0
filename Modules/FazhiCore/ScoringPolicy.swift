import FazhiBase

/// A ruleset's scoring rules as numbers: the one place that says which outcomes count, what they earn,
/// which band a score falls in, how adjustments are capped and what a veto does.
///
/// The plain `Scorer`, the compiled bulk plan, standing and gap analysis and the reports all ask this
/// value, so they cannot drift apart. Everything is a pure function of counts, integers and the
/// ruleset's numbers. The per-unit pieces are `@inlinable @inline(__always) public`, over stored numbers
/// only, so the bulk scorer's loop inlines them and pays no call. They are public rather than `package`
/// because the compiler serializes the bodies of public inlinable code only: `@inlinable package`
/// functions stay calls across modules (seen in the release binary). The rest is `package`. What needs
/// strings, such as ranks of grade names, the plan precomputes from `rank(of:)` when it is compiled.
public struct ScoringPolicy: Sendable {
    @usableFromInline package let model: ScoringSpec.Model
    /// `noEvidence: unmet`: an indicator without evidence stays in the denominator, as not met.
    @usableFromInline package let noEvidenceCounted: Bool
    /// `partial: half`: a partial result earns half an indicator (completion) or half its weight.
    @usableFromInline package let partialHalf: Bool
    /// Band names, best first; a band's index is its rank.
    package let bandNames: [String]
    @usableFromInline let bandMinRaw: [Int64]
    @usableFromInline let bandMinDouble: [Double]
    /// `FixedPoint.scale`, held here so the inlinable code reads a stored number.
    @usableFromInline let scale: Int64
    /// Caps on the sum of bonuses and of penalties (points as written in the ruleset).
    @usableFromInline package let bonusCap: Double?
    @usableFromInline package let penaltyCap: Double?

    package init(_ spec: ScoringSpec) {
        model = spec.model
        noEvidenceCounted = spec.noEvidence == .unmet
        partialHalf = spec.partial == .half
        bandNames = spec.grades.map(\.name)
        bandMinRaw = spec.grades.map(\.min.raw)
        bandMinDouble = spec.grades.map(\.min.doubleValue)
        scale = FixedPoint.scale
        bonusCap = spec.bonusCap?.doubleValue
        penaltyCap = spec.penaltyCap?.doubleValue
    }

    /// Tolerance for the weighted and points models, whose weights make exact fractions impractical:
    /// a score within 1e-9 of a band's lower bound earns the band, and two such scores that close tie.
    @inlinable @inline(__always) public static var tolerance: Double { 1e-9 }

    // MARK: Completion: counted and halves

    /// Indicators in the denominator: every applicable one, except those without evidence when the
    /// ruleset excludes them.
    @inlinable @inline(__always)
    package func counted(met: Int, partial: Int, unmet: Int, error: Int, noEvidence: Int) -> Int {
        met &+ partial &+ unmet &+ error &+ (noEvidenceCounted ? noEvidence : 0)
    }

    @inlinable @inline(__always)
    package func counted(_ t: Tally) -> Int {
        counted(met: t.met, partial: t.partial, unmet: t.unmet, error: t.error, noEvidence: t.noEvidence)
    }

    /// Credit in halves, so that partial credit stays an integer: met 2, partial 1 when it counts half.
    @inlinable @inline(__always)
    package func halves(met: Int, partial: Int) -> Int { 2 &* met &+ (partialHalf ? partial : 0) }

    @inlinable @inline(__always)
    package func halves(_ t: Tally) -> Int { halves(met: t.met, partial: t.partial) }

    /// Completion as a double (0 when nothing counts), for display and the JSON `value`; grades never
    /// read it (see `band`).
    @inlinable @inline(__always)
    package func completion(halves: Int, counted: Int) -> Double {
        counted == 0 ? 0 : Double(halves) / Double(2 &* counted)
    }

    /// The halves meeting a counted shortfall adds: a partial that already earns half adds one.
    @inlinable @inline(__always)
    package func halvesGained(meeting state: OutcomeState) -> Int { state == .partial && partialHalf ? 1 : 2 }

    /// True when an outcome leaves the denominator (not applicable, or no evidence that the ruleset excludes).
    @inlinable @inline(__always)
    package func isExcluded(_ state: OutcomeState) -> Bool { Self.isExcluded(state, noEvidenceCounted: noEvidenceCounted) }

    /// `isExcluded` with the policy's one flag passed in, for a loop that keeps it in a register.
    @inlinable @inline(__always)
    package static func isExcluded(_ state: OutcomeState, noEvidenceCounted: Bool) -> Bool {
        state == .notApplicable || (state == .noEvidence && !noEvidenceCounted)
    }

    // MARK: Weighted and points: credit and groups

    /// What an indicator earns of its weight, from its outcome and its credit (raw fixed point): a
    /// partial earns half when the ruleset says so, else its own credit.
    @inlinable @inline(__always)
    package func credit(_ state: OutcomeState, raw: Int64) -> Double {
        if state == .partial {
            if partialHalf { return 0.5 }
            if raw == 0 { return 0 }
        }
        return Double(raw) / Double(scale)
    }

    /// A group's points after its own weight: a weighted group shares its weight among what its
    /// children could earn; an unweighted one passes their sums on.
    @inlinable @inline(__always)
    package static func weighGroup(weight: Double?, earned: Double, possible: Double) -> (earned: Double, possible: Double) {
        guard let w = weight else { return (earned, possible) }
        return possible > 0 ? (w * earned / possible, w) : (0, 0)
    }

    /// The score's value before adjustments, from the top groups' sums (weighted and points models).
    @inlinable @inline(__always)
    package func value(points: Double, maxPoints: Double) -> Double {
        model == .weighted ? (maxPoints == 0 ? 0 : points / maxPoints) : points
    }

    // MARK: Bands and ranks

    @inlinable @inline(__always) public var bandCount: Int { bandMinRaw.count }

    /// True when the score is exact: a completion score without adjustments is compared in integers.
    @inlinable @inline(__always)
    package func isExact(adjustment: Double) -> Bool { Self.isExact(model, adjustment: adjustment) }

    @inlinable @inline(__always)
    package static func isExact(_ model: ScoringSpec.Model, adjustment: Double) -> Bool { model == .completion && adjustment == 0 }

    /// True when a score reaches a lower bound (raw fixed point). Exact scores compare
    /// `numerator × scale ≥ min × denominator` in integers (an empty denominator reaches only 0); the
    /// others compare `value + adjustment` with the tolerance.
    @inlinable @inline(__always)
    package func reaches(minRaw: Int64, minDouble: Double, numerator: Int64, denominator: Int64, value: Double, adjustment: Double) -> Bool {
        if isExact(adjustment: adjustment) {
            if denominator == 0 { return minRaw == 0 }
            return Int128(numerator) * Int128(scale) >= Int128(minRaw) * Int128(denominator)
        }
        return value + adjustment + Self.tolerance >= minDouble
    }

    @inlinable @inline(__always)
    package func reaches(minRaw: Int64, _ score: Score) -> Bool {
        reaches(minRaw: minRaw, minDouble: Double(minRaw) / Double(scale), numerator: score.numerator, denominator: score.denominator,
                value: score.value, adjustment: score.adjustment)
    }

    /// The index of the first band the score reaches; the last band when it reaches none, -1 when the
    /// ruleset has no bands.
    @inlinable @inline(__always)
    package func band(numerator: Int64, denominator: Int64, value: Double, adjustment: Double) -> Int {
        for b in 0..<bandMinRaw.count
        where reaches(minRaw: bandMinRaw[b], minDouble: bandMinDouble[b], numerator: numerator, denominator: denominator,
                      value: value, adjustment: adjustment) {
            return b
        }
        return bandMinRaw.count - 1
    }

    /// The grade's name for a score ("" when the ruleset has no bands).
    package func grade(for score: Score) -> String {
        let b = band(numerator: score.numerator, denominator: score.denominator, value: score.value, adjustment: score.adjustment)
        return b >= 0 ? bandNames[b] : ""
    }

    /// A grade's rank: 0 for the highest band; a name that is no band (a veto's title) ranks below all.
    package func rank(of grade: String) -> Int { Self.rank(of: grade, among: bandNames) }

    /// `rank(of:)` for a caller that holds only the spec (once per grade shown, not per unit).
    package static func rank(of grade: String, in spec: ScoringSpec) -> Int { rank(of: grade, among: spec.grades.map(\.name)) }

    static func rank(of grade: String, among names: [String]) -> Int { names.firstIndex(of: grade) ?? names.count }

    // MARK: Adjustments

    /// An adjustment applies when its check is met.
    @inlinable @inline(__always)
    package static func adjustmentApplies(_ state: OutcomeState) -> Bool { state == .met }

    /// The bonus sum after its cap.
    @inlinable @inline(__always)
    package func cappedBonus(_ bonus: Double) -> Double {
        if let cap = bonusCap, bonus > cap { return cap }
        return bonus
    }

    /// The penalty sum after its cap.
    @inlinable @inline(__always)
    package func cappedPenalty(_ penalty: Double) -> Double {
        if let cap = penaltyCap, penalty > cap { return cap }
        return penalty
    }

    /// The score's adjustment from capped sums: in the completion and weighted models points are
    /// percentage points, so a fraction of one; in the points model, points.
    @inlinable @inline(__always)
    package func adjustment(cappedBonus bonus: Double, cappedPenalty penalty: Double) -> Double {
        (bonus - penalty) * (model == .points ? 1.0 : 0.01)
    }

    /// A fraction of one (an adjustment, a shortfall) in the ruleset's points: percentage points in the
    /// completion and weighted models, points in the points model. The inverse of `adjustment`'s scale.
    @inlinable @inline(__always)
    package func inPoints(_ fraction: Double) -> Double { model == .points ? fraction : fraction * 100 }

    // MARK: Vetoes

    /// A `when` veto triggers when its check is met; an `unless` veto when it is not (unmet or error).
    @inlinable @inline(__always)
    package static func vetoTriggers(unless: Bool, _ state: OutcomeState) -> Bool {
        unless ? state == .unmet || state == .error : state == .met
    }

    /// A `gradeBelow` veto triggers when the grade before vetoes ranks below its grade.
    @inlinable @inline(__always)
    package static func vetoTriggers(gradeRank: Int, belowRank: Int) -> Bool { gradeRank > belowRank }

    /// A capping veto lowers the grade to its own when the grade is better (ranks lower); it never raises it.
    @inlinable @inline(__always)
    package static func capLowers(gradeRank: Int, capRank: Int) -> Bool { gradeRank < capRank }

    // MARK: Ordering

    /// True when two inexact scores tie (within the tolerance).
    @inlinable @inline(__always)
    package static func tie(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance }
}
