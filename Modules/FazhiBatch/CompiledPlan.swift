public import FazhiCore
import FazhiBase
import CFazhiKernels

/// A plan compiled for bulk scoring: everything the per-unit loop reads is in flat arrays, indexed by
/// position, so scoring one unit does no string work, no dictionary lookup and no allocation.
///
/// It decides exactly what `Scorer.evaluate` decides (the same outcome per indicator, the same tally,
/// score, grade, vetoes and revocations; `CompiledPlanTests` checks this on a generated batch), but keeps
/// only the numbers: reasons in words are the single-unit report's job. Exemptions exist only in YAML
/// evidence, which is scored by `Scorer` itself.
public final class CompiledPlan: @unchecked Sendable {
    package let plan: EvaluationPlan
    let evaluators: [any IndicatorEvaluator]
    /// 0 always, 1 never, 2 when (conditions in `conditionRange`).
    let applicabilityKind: [UInt8]
    let conditionStart: [Int]
    let conditionSlot: [Int]
    let conditionCodeStart: [Int]
    let conditionCodes: [Int64]

    /// The ruleset's scoring rules, shared with `Scorer`: its per-unit functions are inlinable, so the
    /// loop below runs them without a call.
    let policy: ScoringPolicy

    /// Grade bands in order; `gradeNames` also holds veto grades that are not bands, after them.
    package let gradeNames: [String]
    /// The slots of the attributes `appliesTo` reads, and the index of `EvaluationPlan.ungradedGrade`
    /// in `gradeNames` (a unit without one of them is not graded).
    let attributeSlots: [Int]
    let ungradedName: Int
    /// `policy.rank(of:)` for each name index, computed once, so vetoes compare integers.
    let rankOfName: [Int]

    // Adjustments.
    let adjustmentEvaluators: [any IndicatorEvaluator]
    /// Adjustments' and vetoes' checks as leaves where they are plain (`complex`: call the evaluator).
    let adjustmentOps: [LeafOp]
    let vetoOps: [LeafOp]
    let adjustmentPoints: [Double]
    let adjustmentIsBonus: [Bool]

    // Vetoes: 0 gradeBelow, 1 when, 2 unless.
    let vetoTrigger: [UInt8]
    let vetoEvaluators: [(any IndicatorEvaluator)?]
    let vetoBelowRank: [Int]
    let vetoIsCap: [Bool]
    let vetoGradeName: [Int]
    let vetoGradeRank: [Int]

    // Groups (weighted and points models), in the plan's order: children come after their parent.
    let groupParent: [Int]
    let groupWeight: [Double?]
    let groupChildIndicators: [[Int]]
    let groupChildGroups: [[Int]]
    let topGroups: [Int]
    let indicatorWeight: [Double]

    /// Per indicator, how it is decided: 0 a plain leaf (`ops`), 3 the evaluator, 4 all_of and 5 any_of
    /// over the leaves `subOps[checkStart ..< checkStart + checkCount]`.
    let checkKind: UnsafeMutablePointer<UInt8>
    let checkStart: UnsafeMutablePointer<Int>
    let checkCount: UnsafeMutablePointer<Int>
    /// Each indicator's evaluator, called without copying it (see `EvaluatorCall`).
    let calls: [Unmanaged<EvaluatorCall>]
    /// The leaves of compiled all_of (4) and any_of (5).
    let subOps: UnsafeMutablePointer<LeafOp>

    /// Per indicator, its check as one branch-free leaf (`LeafOp`), or `complex` when it is not one.
    /// Indicators with applicability conditions, and those that are neither leaves nor composites of
    /// leaves, are `complexIndices[0 ..< complexCount]`.
    let ops: UnsafeMutablePointer<LeafOp>
    let complexIndices: UnsafeMutablePointer<Int>
    let complexCount: Int
    /// Compiled all_of / any_of of leaves that always apply: a pass of their own, without a call.
    let compositeIndices: UnsafeMutablePointer<Int>
    let compositeCount: Int

    /// Plain intervals (one slot, no fallback, no deadline: met inside [lo, hi], unmet outside, no
    /// evidence when empty), the usual indicator of a statistics ruleset, decided in a pass of their
    /// own with a few instructions each: `plainIndex` the indicator, `plainSlot`, `plainLo`,
    /// `plainSpan` (hi - lo, for one unsigned comparison), `plainInside` the code inside (met, or unmet
    /// for an empty interval). Decided four at a time where the processor has AVX2 (`fz_plain_codes`).
    let plainCount: Int
    let plainIndex: UnsafeMutablePointer<Int32>
    let plainSlot: UnsafeMutablePointer<Int32>
    let plainLo: UnsafeMutablePointer<Int64>
    let plainSpan: UnsafeMutablePointer<UInt64>
    let plainInside: UnsafeMutablePointer<UInt8>
    /// The plain intervals with conditions: position in the plain list and condition set.
    let conditionedPlain: [(entry: Int, set: Int)]
    /// Plain interval k decides indicator k (the plan is all plain intervals): codes go straight
    /// into the states.
    let plainIsWhole: Bool
    /// For counts alone (the completion model, no lists: `fazhi evaluate --summary`): the plain
    /// intervals that are not empty, by condition set (set k's are `quickStart[k] ..< quickStart[k + 1]`),
    /// counted by `fz_plain_counts` without writing their codes (a set that does not apply gives all of
    /// its intervals its code), and the empty ones (indicator and set), decided one by one.
    let quickStart: [Int]
    let quickSlot: UnsafeMutablePointer<Int32>
    let quickLo: UnsafeMutablePointer<Int64>
    let quickSpan: UnsafeMutablePointer<UInt64>
    let slowPlain: [(index: Int, set: Int)]
    /// Other leaves that always apply (a verdict, a deadline, a fallback slot): `LeafOp` each.
    let leafIndices: UnsafeMutablePointer<Int>
    let leafCount: Int
    /// Distinct applicability conditions of plain intervals, decided once per unit rather than once
    /// per indicator (ten indicators that apply only with legislative power share one): set k > 0 is
    /// the conditions of indicator `setIndicator[k]`; set 0 is "always".
    let setIndicator: [Int]

    /// The applicability arrays as pointers, for the per-unit loop.
    let appKind: UnsafeMutablePointer<UInt8>
    let condStart: UnsafeMutablePointer<Int>
    let condSlot: UnsafeMutablePointer<Int>
    let condCodeStart: UnsafeMutablePointer<Int>
    let condCodes: UnsafeMutablePointer<Int64>

    /// Why this plan is scored unit by unit through `Scorer` rather than the compiled loop (the forms
    /// the loop does not know: points items, per-count adjustments, an N/A policy of the points model),
    /// or nil. Same numbers either way: `Scorer` is what the loop reproduces.
    package let generalReason: String?
    let generalScorer: Scorer?

    package var indicatorCount: Int { evaluators.count }
    package var vetoCount: Int { vetoTrigger.count }

    public struct TooLarge: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ plan: EvaluationPlan) throws(TooLarge) {
        guard plan.indicators.count <= 1023 else {
            throw TooLarge(description: "the ruleset has \(plan.indicators.count) indicators; bulk scoring handles at most 1023")
        }
        self.plan = plan
        let spec = plan.ruleset.scoring
        evaluators = plan.indicators.map(\.evaluator)
        calls = plan.indicators.map { Unmanaged.passRetained(EvaluatorCall.make($0.evaluator)) }
        let n = max(1, plan.indicators.count)
        checkKind = .allocate(capacity: n)
        checkStart = .allocate(capacity: n)
        checkCount = .allocate(capacity: n)
        ops = .allocate(capacity: n)
        var subs: [LeafOp] = []
        var complex: [Int] = [], composites: [Int] = [], leaves: [Int] = []
        var plain: [(index: Int, op: LeafOp, set: Int)] = []
        var sets: [[Int64]: Int] = [:], setIndicator = [0]
        for (i, planned) in plan.indicators.enumerated() {
            var (kind, start, count, leaf): (UInt8, Int, Int, LeafOp) = (3, 0, 0, .complex)
            switch planned.evaluator.compiledCheck {
            case .allOf(let parts), .anyOf(let parts):
                // One level of leaves; deeper composites go through the evaluator.
                let leaves = parts.compactMap { LeafOp($0) }
                if leaves.count == parts.count, !parts.isEmpty, parts.count <= 1023 {
                    if case .allOf = planned.evaluator.compiledCheck { kind = 4 } else { kind = 5 }
                    (start, count) = (subs.count, leaves.count)
                    subs += leaves
                }
            case let check:
                if let l = LeafOp(check) { (kind, leaf) = (0, l) }
            }
            (checkKind[i], checkStart[i], checkCount[i]) = (kind, start, count)
            (ops + i).initialize(to: leaf)
            let isPlain = kind == 0 && leaf.slot == leaf.fallback && leaf.inScale == 0 && leaf.outCode == 2
                && leaf.missEarly == 4 && leaf.missLate == 4
            switch planned.applicability {
            case .always:
                if kind == 4 || kind == 5 { composites.append(i) }
                else if isPlain { plain.append((i, leaf, 0)) }
                else if kind == 0 { leaves.append(i) }
                else { complex.append(i) }
            case .when(let conditions) where isPlain:
                var key: [Int64] = []
                for c in conditions { key += [Int64(c.slot), Int64(c.codes.count)] + c.codes }
                let set = sets[key] ?? setIndicator.count
                if set == setIndicator.count { sets[key] = set; setIndicator.append(i) }
                plain.append((i, leaf, set))
            case .when, .never:
                complex.append(i)
            }
        }
        func pointer<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            p.initialize(from: array, count: array.count)
            return p
        }
        plainCount = plain.count
        plainIndex = pointer(plain.map { Int32($0.index) })
        plainSlot = pointer(plain.map(\.op.slot))
        plainLo = pointer(plain.map(\.op.lo))
        plainSpan = pointer(plain.map { UInt64(bitPattern: $0.op.hi &- $0.op.lo) })
        plainInside = pointer(plain.map(\.op.inBase))
        conditionedPlain = plain.indices.filter { plain[$0].set != 0 }.map { ($0, plain[$0].set) }
        plainIsWhole = plain.count == plan.indicators.count && plain.indices.allSatisfy { plain[$0].index == $0 }
        var quick: [(index: Int, op: LeafOp, set: Int)] = [], quickStart = [0]
        for set in setIndicator.indices {
            quick += plain.filter { $0.set == set && $0.op.inBase == 0 }
            quickStart.append(quick.count)
        }
        self.quickStart = quickStart
        quickSlot = pointer(quick.map(\.op.slot))
        quickLo = pointer(quick.map(\.op.lo))
        quickSpan = pointer(quick.map { UInt64(bitPattern: $0.op.hi &- $0.op.lo) })
        slowPlain = plain.filter { $0.op.inBase != 0 }.map { ($0.index, $0.set) }
        leafIndices = pointer(leaves)
        leafCount = leaves.count
        self.setIndicator = setIndicator
        complexIndices = .allocate(capacity: max(1, complex.count))
        complexIndices.initialize(from: complex, count: complex.count)
        complexCount = complex.count
        compositeIndices = .allocate(capacity: max(1, composites.count))
        compositeIndices.initialize(from: composites, count: composites.count)
        compositeCount = composites.count
        let m = max(1, subs.count)
        subOps = .allocate(capacity: m)
        subOps.initialize(from: subs, count: subs.count)
        var kinds: [UInt8] = [], starts: [Int] = [], slots: [Int] = [], codeStarts: [Int] = [], codes: [Int64] = []
        for planned in plan.indicators {
            starts.append(slots.count)
            switch planned.applicability {
            case .always: kinds.append(0)
            case .never: kinds.append(1)
            case .when(let conditions):
                kinds.append(2)
                for c in conditions {
                    slots.append(c.slot)
                    codeStarts.append(codes.count)
                    codes += c.codes
                }
            }
        }
        starts.append(slots.count)
        codeStarts.append(codes.count)
        applicabilityKind = kinds
        conditionStart = starts
        conditionSlot = slots
        conditionCodeStart = codeStarts
        conditionCodes = codes

        appKind = pointer(kinds)
        condStart = pointer(starts)
        condSlot = pointer(slots)
        condCodeStart = pointer(codeStarts)
        condCodes = pointer(codes)

        let policy = ScoringPolicy(spec)
        self.policy = policy
        var names = policy.bandNames
        func nameIndex(_ name: String) -> Int {
            if let i = names.firstIndex(of: name) { return i }
            names.append(name)
            return names.count - 1
        }

        adjustmentEvaluators = plan.adjustments.map(\.evaluator)
        adjustmentOps = plan.adjustments.map { LeafOp($0.evaluator.compiledCheck) ?? .complex }
        vetoOps = plan.vetoes.map { $0.evaluator.flatMap { LeafOp($0.compiledCheck) } ?? .complex }
        adjustmentPoints = plan.adjustments.map { $0.spec.points?.doubleValue ?? 0 }
        adjustmentIsBonus = plan.adjustments.map { $0.spec.type == .bonus }

        guard plan.vetoes.count <= 64 else { throw TooLarge(description: "the ruleset has \(plan.vetoes.count) vetoes; bulk scoring handles at most 64") }
        var trigger: [UInt8] = [], vetoEvaluators: [(any IndicatorEvaluator)?] = [], below: [Int] = []
        var isCap: [Bool] = [], gradeName: [Int] = []
        for veto in plan.vetoes {
            switch veto.spec.trigger {
            case .gradeBelow(let g): trigger.append(0); below.append(policy.rank(of: g))
            case .when: trigger.append(1); below.append(0)
            case .unless: trigger.append(2); below.append(0)
            }
            vetoEvaluators.append(veto.evaluator)
            // 不予评定 caps at a label that is no band, so it lowers any band (the loop's cap, unchanged).
            isCap.append(veto.spec.effect == .cap || veto.spec.effect == .ungraded)
            gradeName.append(nameIndex(veto.spec.grade))
        }
        attributeSlots = plan.attributeSlots.map(\.slot)
        ungradedName = plan.attributeSlots.isEmpty ? -1 : nameIndex(EvaluationPlan.ungradedGrade)
        vetoTrigger = trigger
        self.vetoEvaluators = vetoEvaluators
        vetoBelowRank = below
        vetoIsCap = isCap
        vetoGradeName = gradeName
        vetoGradeRank = gradeName.map { policy.rank(of: names[$0]) }
        gradeNames = names
        rankOfName = names.map(policy.rank(of:))

        groupParent = plan.groups.map { $0.parent ?? -1 }
        groupWeight = plan.groups.map { $0.group.weight?.doubleValue }
        groupChildIndicators = plan.groups.map(\.childIndicators)
        groupChildGroups = plan.groups.map(\.childGroups)
        topGroups = plan.groups.indices.filter { plan.groups[$0].parent == nil }
        indicatorWeight = plan.indicators.map { $0.indicator.weight?.doubleValue ?? 1 }

        var reasons: [String] = []
        let pointsItems = plan.indicators.filter(\.evaluator.earnsPoints).map(\.indicator.id)
        if !pointsItems.isEmpty { reasons.append("deduction items (\(pointsItems.prefix(3).joined(separator: ", "))\(pointsItems.count > 3 ? ", …" : ""))") }
        let perCount = plan.adjustments.filter { $0.count != nil }.map(\.spec.id)
        if !perCount.isEmpty { reasons.append("per-count adjustments (\(perCount.prefix(3).joined(separator: ", "))\(perCount.count > 3 ? ", …" : ""))") }
        if spec.model == .points, spec.notApplicable != .excluded { reasons.append("notApplicable: \(spec.notApplicable.rawValue)") }
        let notify = plan.vetoes.filter { $0.spec.effect == .notify }.map(\.spec.id)
        if !notify.isEmpty { reasons.append("vetoes that notify (\(notify.prefix(3).joined(separator: ", ")))") }
        generalReason = reasons.isEmpty ? nil : reasons.joined(separator: ", ")
        generalScorer = reasons.isEmpty ? nil : Scorer(plan: plan)
    }

    deinit {
        checkKind.deallocate()
        ops.deallocate()
        complexIndices.deallocate()
        compositeIndices.deallocate()
        checkStart.deallocate()
        checkCount.deallocate()
        appKind.deallocate()
        condStart.deallocate()
        condSlot.deallocate()
        condCodeStart.deallocate()
        condCodes.deallocate()
        subOps.deallocate()
        plainIndex.deallocate()
        plainSlot.deallocate()
        plainLo.deallocate()
        plainSpan.deallocate()
        plainInside.deallocate()
        quickSlot.deallocate()
        quickLo.deallocate()
        quickSpan.deallocate()
        leafIndices.deallocate()
        for call in calls { call.release() }
    }

    /// How many indicators are decided without calling their evaluator.
    package var compiledCheckCount: Int { (0..<evaluators.count).filter { checkKind[$0] != 3 }.count }

    /// One indicator's outcome state and credit (raw): the compiled check, or the evaluator.
    /// (The per-unit loop takes `LeafOp` for plain leaves and comes here for the rest.) Compiled
    /// leaves earn 1 when met, else 0, as their evaluators do.
    @inline(__always)
    func decide(_ i: Int, _ v: UnsafePointer<Int64>, _ facts: borrowing UnitFacts) -> (OutcomeState, Int64) {
        let kind = checkKind[i]
        if kind == 0 {
            let code = ops[i].outcome(v, asOfDay: Int64(facts.asOfDay))
            return (unsafeBitCast(code, to: OutcomeState.self), code == 0 ? fixedScale : 0)
        }
        if kind == 3 {
            let o = calls[i]._withUnsafeGuaranteedRef { $0.evaluate(facts) }
            return (o.state, o.credit.raw)
        }
        let code = composite(kind == 4, checkStart[i], checkStart[i] + checkCount[i], v, asOfDay: Int64(facts.asOfDay))
        return (unsafeBitCast(code, to: OutcomeState.self), code == 0 ? fixedScale : 0)
    }

    /// A compiled all_of or any_of over its leaves `subOps[start ..< end]`, as `AllOf.evaluate` and
    /// `AnyOf.evaluate` decide: the leaf outcome of highest precedence wins. all_of: error, unmet, no
    /// evidence, partial, met, not applicable (only when every leaf is); any_of: error, met, no
    /// evidence, partial, unmet, not applicable. Ranks by outcome code, and codes by rank, in 4-bit
    /// lanes of one word each, so the loop has no branch on outcomes.
    @inline(__always)
    func composite(_ allOf: Bool, _ start: Int, _ end: Int, _ v: UnsafePointer<Int64>, asOfDay: Int64) -> UInt8 {
        let rankOf: UInt64 = allOf ? 0x53_0421 : 0x53_0124
        let codeOf: UInt64 = allOf ? 0x52_4103 : 0x50_4123
        var best: UInt64 = 0
        for k in start..<end {
            let code = UInt64(subOps[k].outcome(v, asOfDay: asOfDay))
            best = max(best, (rankOf &>> (code &* 4)) & 0xF)
        }
        return UInt8(truncatingIfNeeded: (codeOf &>> (best &* 4)) & 0xF)
    }

    /// An indicator that is not a plain leaf: applicability conditions first, then `decide`. Kept out of
    /// line so that the per-unit loop over plain leaves keeps its values in registers.
    @inline(never)
    func complexOutcome(_ i: Int, _ v: UnsafePointer<Int64>, _ facts: borrowing UnitFacts) -> (UInt8, Int64) {
        switch appKind[i] {
        case 0:
            let (state, credit) = decide(i, v, facts)
            return (state.rawValue, credit)
        case 1:
            return (OutcomeState.notApplicable.rawValue, 0)
        default:
            let applies = conditionCode(i, v)
            if applies != Self.applies { return (applies, 0) }
            let (state, credit) = decide(i, v, facts)
            return (state.rawValue, credit)
        }
    }

    /// `applies` when indicator i's conditions all hold; else the outcome code: no evidence when the
    /// first condition that does not hold has no value, not applicable when it has another value.
    static let applies: UInt8 = 0xFF
    func conditionCode(_ i: Int, _ v: UnsafePointer<Int64>) -> UInt8 {
        var c = condStart[i]
        let end = condStart[i + 1]
        while c < end {
            let x = v[condSlot[c]]
            if x == missingValue { return OutcomeState.noEvidence.rawValue }
            var found = false
            for k in condCodeStart[c]..<condCodeStart[c + 1] where condCodes[k] == x { found = true; break }
            if !found { return OutcomeState.notApplicable.rawValue }
            c += 1
        }
        return Self.applies
    }

    /// The grade's name for a name index (-1: no grade, as when the ruleset has no bands).
    package func gradeName(_ index: Int) -> String { index >= 0 ? gradeNames[index] : "" }
}

/// One unit's score from the compiled plan: the numbers `UnitResult` carries, without the words.
public struct UnitScore: Sendable, Hashable {
    package var met = 0, partial = 0, unmet = 0, notApplicable = 0, noEvidence = 0, error = 0
    /// Indicators in the denominator.
    package var counted = 0
    /// Completion in halves (met = 2, partial = 1 when the ruleset counts it half).
    package var halves = 0
    /// `Score.value` and `Score.adjustment`, as `Scorer` computes them.
    package var value = 0.0
    package var adjustment = 0.0
    /// Indices into `CompiledPlan.gradeNames` (-1: none).
    package var gradeBeforeVetoes = -1
    package var grade = -1
    /// Bit i: veto i triggered and revoked its grade.
    package var revokedMask: UInt64 = 0

    package init() {}
}

/// A worker's scratch space for one plan: outcome per indicator and the group sums. Reused for every
/// unit; allocated once. A class with constant pointers, so the hot loop pays no exclusivity checks.
public final class ScoringScratch {
    package let states: UnsafeMutablePointer<OutcomeState>
    let credits: UnsafeMutablePointer<Int64>
    let excluded: UnsafeMutablePointer<Bool>
    let earned: UnsafeMutablePointer<Double>
    let possible: UnsafeMutablePointer<Double>
    /// Outcome counts of the last unit, by `OutcomeState.rawValue`.
    let counts: UnsafeMutablePointer<Int>
    /// Indicators of the last unit that are counted and not met (unmet, partial, error), and those with
    /// no evidence, in plan order.
    package let unmetList: UnsafeMutablePointer<Int32>
    package let noEvidenceList: UnsafeMutablePointer<Int32>
    /// Per condition set of the plan's plain intervals, this unit's `CompiledPlan.conditionCode`.
    let setCodes: UnsafeMutablePointer<UInt8>
    /// The plain intervals' codes, in their order, before they go to `states` (when the plan is not
    /// all plain intervals).
    let plainCodes: UnsafeMutablePointer<UInt8>
    /// Outcome counts by code (0 ..< 8), when the lists are not wanted.
    let tally: UnsafeMutablePointer<UInt32>
    // Unchecked exclusivity: a scratch belongs to one worker, and these are set for every unit.
    @exclusivity(unchecked) package internal(set) var unmetCount = 0
    @exclusivity(unchecked) package internal(set) var noEvidenceCount = 0
    package let count: Int

    public init(_ compiled: CompiledPlan) {
        count = compiled.indicatorCount
        let groups = max(1, compiled.groupParent.count)
        let n = max(1, count)
        states = .allocate(capacity: n)
        states.initialize(repeating: .noEvidence, count: n)
        credits = .allocate(capacity: n)
        credits.initialize(repeating: 0, count: n)
        excluded = .allocate(capacity: n)
        excluded.initialize(repeating: false, count: n)
        earned = .allocate(capacity: groups)
        earned.initialize(repeating: 0, count: groups)
        possible = .allocate(capacity: groups)
        possible.initialize(repeating: 0, count: groups)
        counts = .allocate(capacity: 8)
        counts.initialize(repeating: 0, count: 8)
        unmetList = .allocate(capacity: n)
        unmetList.initialize(repeating: 0, count: n)
        noEvidenceList = .allocate(capacity: n)
        noEvidenceList.initialize(repeating: 0, count: n)
        setCodes = .allocate(capacity: compiled.setIndicator.count)
        setCodes.initialize(repeating: CompiledPlan.applies, count: compiled.setIndicator.count)
        plainCodes = .allocate(capacity: n)
        plainCodes.initialize(repeating: 0, count: n)
        tally = .allocate(capacity: 8)
        tally.initialize(repeating: 0, count: 8)
    }

    /// Rebuilds the lists from `states` (after states were set from a full `UnitResult`).
    package func collectLists() {
        unmetCount = 0
        noEvidenceCount = 0
        for i in 0..<count {
            switch states[i] {
            case .unmet, .partial, .error: unmetList[unmetCount] = Int32(i); unmetCount += 1
            case .noEvidence: noEvidenceList[noEvidenceCount] = Int32(i); noEvidenceCount += 1
            default: break
            }
        }
    }

    deinit {
        states.deallocate()
        credits.deallocate()
        excluded.deallocate()
        earned.deallocate()
        possible.deallocate()
        counts.deallocate()
        unmetList.deallocate()
        noEvidenceList.deallocate()
        setCodes.deallocate()
        plainCodes.deallocate()
        tally.deallocate()
    }
}

extension CompiledPlan {
    /// Scores one unit. Outcomes per indicator are left in `scratch.states`, and with `lists` the
    /// unmet and no-evidence lists in `scratch` (for a result row; without, they are empty, and under
    /// the completion model the plain intervals' states are not written: only counted).
    public func score(_ facts: borrowing UnitFacts, scratch: ScoringScratch, lists: Bool = true) -> UnitScore {
        if let generalScorer { return scoreGenerally(facts, scorer: generalScorer, scratch: scratch) }
        // A plan without slots gets a stand-in, so that the pointer is never null.
        if facts.values.isEmpty {
            let none = [missingValue]
            return none.withUnsafeBufferPointer { score(facts, $0.baseAddress!, scratch: scratch, lists: lists) }
        }
        return facts.values.withUnsafeBufferPointer { v in score(facts, v.baseAddress!, scratch: scratch, lists: lists) }
    }

    @inline(__always)
    func score(_ facts: borrowing UnitFacts, _ v: UnsafePointer<Int64>, scratch: ScoringScratch, lists: Bool) -> UnitScore {
        var s = UnitScore()
        // `policy` is read through `self`, never copied: a copy would retain its arrays once per unit.
        let needCredit = policy.model != .completion
        let states = scratch.states
        // Outcome counts in 10-bit lanes of one register (a plan has at most 1023 indicators here;
        // `init` checks): one add per indicator, no store-to-load chain through memory.
        var packed: UInt64 = 0
        let unmetList = scratch.unmetList, noEvidenceList = scratch.noEvidenceList
        var unmetCount = 0, noEvidenceCount = 0
        let count = evaluators.count
        let ops = self.ops
        let asOfDay = Int64(facts.asOfDay)
        let credits = scratch.credits, excluded = scratch.excluded
        let codes = UnsafeMutableRawPointer(states).assumingMemoryBound(to: UInt8.self)
        // Passes, each a loop without unpredictable branches, each indicator in exactly one: the plain
        // intervals (after their condition sets), the other leaves, composites of leaves, the rest out
        // of line; then the tally and the lists.
        let setCodes = scratch.setCodes
        for k in 1..<max(1, setIndicator.count) { setCodes[k] = conditionCode(setIndicator[k], v) }
        // Without lists, the counts come from the passes: the plain intervals' from their kernel.
        let tally = scratch.tally
        if !lists { tally.update(repeating: 0, count: 8) }
        if !lists, policy.model == .completion {
            // Counts alone: the completion model reads no state, so the plain intervals' are not
            // written (`states` holds them only when the lists are asked for).
            for set in 0..<setIndicator.count {
                let start = quickStart[set], end = quickStart[set + 1]
                let applies = setCodes[set]
                if applies == Self.applies {
                    fz_plain_counts(v, quickSlot + start, quickLo + start, quickSpan + start, end - start, tally)
                } else {
                    tally[Int(applies)] &+= UInt32(truncatingIfNeeded: end - start)
                }
            }
            for (i, set) in slowPlain {
                var code = ops[i].outcome(v, asOfDay: asOfDay)
                let applies = setCodes[set]
                if set != 0, applies != Self.applies { code = applies }
                codes[i] = code
                tally[Int(code)] &+= 1
            }
        } else if plainCount > 0 {
            let plainCodes = plainIsWhole ? codes : scratch.plainCodes
            fz_plain_codes(v, plainSlot, plainLo, plainSpan, plainInside, plainCodes, plainCount, lists ? nil : tally)
            for (entry, set) in conditionedPlain {
                // Not applicable, or no evidence of the condition, unless the conditions hold.
                let code = setCodes[set]
                if code != Self.applies {
                    if !lists {
                        tally[Int(plainCodes[entry])] &-= 1
                        tally[Int(code)] &+= 1
                    }
                    plainCodes[entry] = code
                }
            }
            if !plainIsWhole {
                let plainIndex = self.plainIndex
                for k in 0..<plainCount { codes[Int(plainIndex[k])] = plainCodes[k] }
            }
        }
        let leafIndices = self.leafIndices
        for k in 0..<leafCount {
            let i = leafIndices[k]
            codes[i] = ops[i].outcome(v, asOfDay: asOfDay)
        }
        let compositeIndices = self.compositeIndices
        for k in 0..<compositeCount {
            let i = compositeIndices[k]
            let code = composite(checkKind[i] == 4, checkStart[i], checkStart[i] &+ checkCount[i], v, asOfDay: asOfDay)
            codes[i] = code
            credits[i] = code == 0 ? fixedScale : 0
        }
        let complexIndices = self.complexIndices
        for k in 0..<complexCount {
            let i = complexIndices[k]
            let (code, credit) = complexOutcome(i, v, facts)
            codes[i] = code
            credits[i] = credit
        }
        if lists {
            for i in 0..<count {
                let code = UInt64(truncatingIfNeeded: codes[i])
                packed &+= 1 &<< (code &* 10)
                // Lists without branches: write the index, advance only when it belongs (bit masks of
                // codes: partial 1, unmet 2 and error 5 are counted but not met; 4 is no evidence).
                unmetList[unmetCount] = Int32(truncatingIfNeeded: i)
                unmetCount &+= Int(truncatingIfNeeded: (0b10_0110 &>> code) & 1)
                noEvidenceList[noEvidenceCount] = Int32(truncatingIfNeeded: i)
                noEvidenceCount &+= Int(truncatingIfNeeded: (0b1_0000 &>> code) & 1)
            }
        } else {
            // Counts only: the plain intervals' are in `tally`; the others' added here.
            for k in 0..<leafCount { tally[Int(codes[leafIndices[k]])] &+= 1 }
            for k in 0..<compositeCount { tally[Int(codes[compositeIndices[k]])] &+= 1 }
            for k in 0..<complexCount { tally[Int(codes[complexIndices[k]])] &+= 1 }
            for c in 0..<6 { packed &+= UInt64(tally[c]) &<< (UInt64(c) &* 10) }
        }
        if needCredit {
            let noEvidenceCounted = policy.noEvidenceCounted
            for i in 0..<count {
                let code = codes[i]
                // Leaves earn 1 when met, as their evaluators do (so does a leaf with conditions, whose
                // outcome is final here); the others' credit is set above.
                if !ops[i].complex { credits[i] = code == 0 ? fixedScale : 0 }
                excluded[i] = ScoringPolicy.isExcluded(unsafeBitCast(code, to: OutcomeState.self), noEvidenceCounted: noEvidenceCounted)
            }
        }
        func lane(_ k: UInt64) -> Int { Int((packed >> (k * 10)) & 1023) }
        (s.met, s.partial, s.unmet, s.notApplicable, s.noEvidence, s.error) = (lane(0), lane(1), lane(2), lane(3), lane(4), lane(5))
        scratch.unmetCount = unmetCount
        scratch.noEvidenceCount = noEvidenceCount
        s.counted = policy.counted(met: s.met, partial: s.partial, unmet: s.unmet, error: s.error, noEvidence: s.noEvidence)
        s.halves = policy.halves(met: s.met, partial: s.partial)

        switch policy.model {
        case .completion:
            s.value = policy.completion(halves: s.halves, counted: s.counted)
        case .weighted, .points:
            // Bottom-up over the groups (children come after their parent), adding in the order
            // `Scorer.points` does, so the doubles are the same.
            var g = groupParent.count - 1
            while g >= 0 {
                var e = 0.0, p = 0.0
                for i in groupChildIndicators[g] where !scratch.excluded[i] {
                    let w = indicatorWeight[i]
                    e += w * policy.credit(scratch.states[i], raw: scratch.credits[i])
                    p += w
                }
                for child in groupChildGroups[g] {
                    e += scratch.earned[child]
                    p += scratch.possible[child]
                }
                (e, p) = ScoringPolicy.weighGroup(weight: groupWeight[g], earned: e, possible: p)
                scratch.earned[g] = e
                scratch.possible[g] = p
                g -= 1
            }
            var topPoints = 0.0, topMax = 0.0
            for t in topGroups {
                topPoints += scratch.earned[t]
                topMax += scratch.possible[t]
            }
            s.value = policy.value(points: topPoints, maxPoints: topMax)
        }

        if !adjustmentEvaluators.isEmpty {
            var bonus = 0.0, penalty = 0.0
            for a in 0..<adjustmentEvaluators.count where adjustmentPoints[a] != 0 {
                let op = adjustmentOps[a]
                let state = op.complex ? adjustmentEvaluators[a].evaluate(facts).state : unsafeBitCast(op.outcome(v, asOfDay: asOfDay), to: OutcomeState.self)
                let pts = ScoringPolicy.adjustmentApplies(state) ? adjustmentPoints[a] : 0
                if adjustmentIsBonus[a] { bonus += pts } else { penalty += pts }
            }
            s.adjustment = policy.adjustment(cappedBonus: policy.cappedBonus(bonus), cappedPenalty: policy.cappedPenalty(penalty))
        }

        let before = policy.band(numerator: Int64(s.halves), denominator: Int64(2 * s.counted), value: s.value, adjustment: s.adjustment)
        s.gradeBeforeVetoes = before
        var grade = before
        for k in 0..<vetoTrigger.count {
            let triggered: Bool
            if vetoTrigger[k] == 0 {
                triggered = ScoringPolicy.vetoTriggers(gradeRank: rank(before), belowRank: vetoBelowRank[k])
            } else {
                let op = vetoOps[k]
                let state = op.complex ? vetoEvaluators[k]!.evaluate(facts).state : unsafeBitCast(op.outcome(v, asOfDay: asOfDay), to: OutcomeState.self)
                triggered = ScoringPolicy.vetoTriggers(unless: vetoTrigger[k] == 2, state)
            }
            guard triggered else { continue }
            if vetoIsCap[k] {
                if ScoringPolicy.capLowers(gradeRank: rank(grade), capRank: vetoGradeRank[k]) { grade = vetoGradeName[k] }
            } else {
                s.revokedMask |= 1 << UInt64(k)
            }
        }
        s.grade = grade
        // Not graded without an attribute `appliesTo` reads (as `Scorer`).
        for slot in attributeSlots where v[slot] == missingValue {
            s.gradeBeforeVetoes = ungradedName
            s.grade = ungradedName
            break
        }
        return s
    }

    /// Scores one unit with `Scorer` (for the forms the loop does not compile; see `generalReason`) and
    /// fills `scratch` as the loop does.
    @inline(never)
    func scoreGenerally(_ facts: borrowing UnitFacts, scorer: Scorer, scratch: ScoringScratch) -> UnitScore {
        let evidence = UnitEvidence(unit: UnitInfo(id: "", name: ""), asOf: CalendarDate(daysSinceEpoch: facts.asOfDay),
                                    facts: copy facts, file: "")
        let result = scorer.evaluate(evidence)
        var s = UnitScore()
        (s.met, s.partial, s.unmet) = (result.tally.met, result.tally.partial, result.tally.unmet)
        (s.notApplicable, s.noEvidence, s.error) = (result.tally.notApplicable, result.tally.noEvidence, result.tally.error)
        s.counted = result.counted
        s.halves = policy.halves(met: s.met, partial: s.partial)
        s.value = result.score.value
        s.adjustment = result.score.adjustment
        s.gradeBeforeVetoes = gradeNames.firstIndex(of: result.gradeBeforeVetoes) ?? -1
        s.grade = gradeNames.firstIndex(of: result.grade) ?? -1
        for (v, veto) in result.vetoes.enumerated() where veto.triggered && veto.spec.effect == .revoke { s.revokedMask |= 1 << UInt64(v) }
        for r in result.indicators { scratch.states[r.position] = r.outcome.state }
        scratch.collectLists()
        return s
    }

    /// A name index's rank (-1, no grade, ranks with the names that are no band).
    @inline(__always) func rank(_ nameIndex: Int) -> Int { nameIndex >= 0 ? rankOfName[nameIndex] : policy.bandCount }

    /// The names of the revoked titles, in veto order.
    package func revoked(_ mask: UInt64) -> [String] {
        (0..<vetoTrigger.count).filter { mask & (1 << UInt64($0)) != 0 }.map { gradeNames[vetoGradeName[$0]] }
    }
}

/// A plain leaf check (an interval on a number, an assessor's verdict, a deadline) as one shape, so the
/// per-unit loop decides it with selects and no branch on its kind: the outcomes in a region are
/// unpredictable, and a mispredicted branch per indicator costs more than the arithmetic.
///
/// The value is the own slot's, else the fallback's (a verdict or date given for the whole item). Missing:
/// `missEarly` while the as-of day is on or before `deadline`, else `missLate`. Present and in
/// [`lo`, `hi`]: `inBase - value × inScale` (a verdict 2/1/0 becomes met/partial/unmet; other leaves have
/// scale 0, so met). Outside: `outCode`. Codes are `OutcomeState` raw values.
struct LeafOp {
    var slot: Int32
    var fallback: Int32
    var lo: Int64
    var hi: Int64
    var deadline: Int64
    var inBase: UInt8
    var inScale: UInt8
    var outCode: UInt8
    var missEarly: UInt8
    var missLate: UInt8
    /// Not a leaf (a composite of checks, or an evaluator without a compiled check).
    var complex: Bool

    static let complex = LeafOp(slot: 0, fallback: 0, lo: 0, hi: 0, deadline: 0, inBase: 0, inScale: 0, outCode: 0, missEarly: 0, missLate: 0, complex: true)

    init(slot: Int32, fallback: Int32, lo: Int64, hi: Int64, deadline: Int64, inBase: UInt8, inScale: UInt8, outCode: UInt8,
         missEarly: UInt8, missLate: UInt8, complex: Bool) {
        (self.slot, self.fallback, self.lo, self.hi, self.deadline) = (slot, fallback, lo, hi, deadline)
        (self.inBase, self.inScale, self.outCode, self.missEarly, self.missLate, self.complex) = (inBase, inScale, outCode, missEarly, missLate, complex)
    }

    /// A plain compiled check as a leaf, deciding as its evaluator does; nil for composites and for no
    /// compiled check.
    init?(_ check: CompiledCheck?) {
        switch check {
        case .interval(let slot, let lo, let hi)?:
            // An empty interval (lo > hi) would wrap in the unsigned test: every value is unmet.
            self.init(slot: Int32(slot), fallback: Int32(slot), lo: min(lo, hi), hi: hi, deadline: 0, inBase: lo > hi ? 2 : 0,
                      inScale: 0, outCode: 2, missEarly: 4, missLate: 4, complex: false)
        case .verdict(let own, let whole)?:
            self.init(slot: Int32(own), fallback: Int32(whole), lo: 0, hi: 2, deadline: 0, inBase: 2, inScale: 1, outCode: 5,
                      missEarly: 4, missLate: 4, complex: false)
        case .doneBy(let own, let whole, let by)?:
            self.init(slot: Int32(own), fallback: Int32(whole), lo: missingValue + 1, hi: by, deadline: by, inBase: 0, inScale: 0,
                      outCode: 2, missEarly: 3, missLate: 4, complex: false)
        case .allOf?, .anyOf?, nil:
            return nil
        }
    }

    @inline(__always)
    func outcome(_ v: UnsafePointer<Int64>, asOfDay: Int64) -> UInt8 {
        // Written with masks rather than `?:`, which Swift lowers to branches that LLVM keeps when one
        // side holds a load or a multiply.
        let own = v[Int(slot)], whole = v[Int(fallback)]
        let ownMissing: Int64 = own == missingValue ? -1 : 0
        let x = (own & ~ownMissing) | (whole & ownMissing)
        // x in [lo, hi] as one unsigned comparison (lo ≤ hi).
        let inside: UInt8 = UInt64(bitPattern: x &- lo) <= UInt64(bitPattern: hi &- lo) ? 0xFF : 0
        let inCode = inBase &- UInt8(truncatingIfNeeded: x) &* inScale
        let known = (inCode & inside) | (outCode & ~inside)
        let early: UInt8 = asOfDay <= deadline ? 0xFF : 0
        let missing = (missEarly & early) | (missLate & ~early)
        let isMissing: UInt8 = x == missingValue ? 0xFF : 0
        return (missing & isMissing) | (known & ~isMissing)
    }
}

/// An evaluator behind a class reference, so that the per-unit loop can call it through an unretained
/// reference. Calling through `any IndicatorEvaluator` in an array or buffer copies the existential
/// each time, which retains what the evaluator holds: an atomic operation per call, which the workers
/// contend on since they share the plan.
class EvaluatorCall {
    func evaluate(_ facts: borrowing UnitFacts) -> Outcome { fatalError("abstract") }

    static func make(_ evaluator: any IndicatorEvaluator) -> EvaluatorCall { wrap(evaluator) }

    private static func wrap<E: IndicatorEvaluator>(_ evaluator: E) -> EvaluatorCall { Of(evaluator) }

    final class Of<E: IndicatorEvaluator>: EvaluatorCall {
        let evaluator: E
        init(_ evaluator: E) { self.evaluator = evaluator }
        override func evaluate(_ facts: borrowing UnitFacts) -> Outcome { evaluator.evaluate(facts) }
    }
}
