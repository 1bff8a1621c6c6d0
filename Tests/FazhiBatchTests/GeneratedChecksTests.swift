import FazhiBase
@testable import FazhiBatch
import FazhiCore
import FazhiEvaluators
import FazhiTestSupport
import FazhiYAML
import Testing

/// For every registered evaluator kind: random checks of that kind (as indicators, an adjustment and a
/// veto, some behind `appliesTo`) and random facts (missing values, values on and next to thresholds,
/// every verdict and a bad one, dates around deadlines, unknown attributes) are decided by the compiled
/// bulk path exactly as by `evaluate`/`explain`. Kinds without a compiled form must go through their
/// evaluator, and still agree. Seeds are fixed, so a failure names a reproducible unit.
struct GeneratedChecksTests {
    /// `deductions` is only an item's own kind in the points model, and the bulk scorer hands rulesets
    /// with it to `Scorer` whole (see `CompiledPlan.generalReason`; `PointsRulesetTests` compares rows).
    static let kinds = FazhiEvaluators.all.map { $0.kind }.filter { $0 != "deductions" }

    /// Kinds that never compile (their checks are not interval, verdict or deadline tests).
    static let evaluatorOnly: Set<String> = ["ratio_at_least", "weighted_score"]

    @Test(arguments: kinds)
    func compiledPathDecidesAsEvaluator(_ kind: String) throws {
        var random = SplitMix(seed: 0x5EED ^ UInt64(Self.kinds.firstIndex(of: kind)!))
        let folder = Folder()
        var grades: Set<String> = []
        for round in 0..<4 {
            let (yaml, scoring) = GeneratedRuleset.yaml(kind: kind, round: round, random: &random)
            let path = folder.write("r\(round).yaml", yaml)
            let plan = try folder.loader().load(path)
            let compiled = try CompiledPlan(plan)
            grades.formUnion(check(kind: kind, plan: plan, compiled: compiled, scoring: scoring, random: &random))
        }
        // The generated units spread over more than one grade, so the bands and vetoes are exercised.
        #expect(grades.count >= 2, "\(kind): only \(grades)")
    }

    /// Checks one generated ruleset; the grades its units got.
    func check(kind: String, plan: EvaluationPlan, compiled: CompiledPlan, scoring: String, random: inout SplitMix) -> Set<String> {
        // Which path each indicator takes: kinds with a compiled form take it (composites only when
        // every part is a plain leaf); the others call their evaluator.
        for (i, planned) in plan.indicators.enumerated() {
            let viaEvaluator = compiled.checkKind[i] == 3
            if Self.evaluatorOnly.contains(kind) {
                #expect(planned.evaluator.compiledCheck == nil, "\(kind) compiled")
                #expect(viaEvaluator)
            } else if kind == "expression" {
                // A yes/no metric or one metric against a number compiles; the rest is evaluated.
                #expect(viaEvaluator == (planned.evaluator.compiledCheck == nil), "\(planned.indicator.id)")
            } else if kind != "all_of" && kind != "any_of" {
                #expect(!viaEvaluator, "\(kind) \(planned.indicator.id) goes through its evaluator")
            }
        }
        if kind == "all_of" || kind == "any_of" || kind == "expression" {
            // The generator mixes leaf-only composites (compiled) with deeper ones (called).
            #expect((0..<plan.indicators.count).contains { compiled.checkKind[$0] != 3 }, "\(kind): nothing compiled")
        }

        let scorer = Scorer(plan: plan)
        let scratch = ScoringScratch(compiled)
        let facts = GeneratedFacts(plan: plan)
        var states: Set<OutcomeState> = []
        var grades: Set<String> = []
        for n in 0..<60 {
            let unit = facts.unit(random: &random)
            let context = "\(kind) [\(scoring)] unit \(n)"
            // Each evaluator on its own: evaluate, explain and the compiled decision agree.
            unit.values.withUnsafeBufferPointer { v in
                for (i, planned) in plan.indicators.enumerated() {
                    // (Plain comparisons with `Issue.record`: an `#expect` per indicator would make the test slow.)
                    let outcome = planned.evaluator.evaluate(unit)
                    let explained = planned.evaluator.explain(unit).outcome
                    if explained != outcome {
                        Issue.record("\(context) \(planned.indicator.id): explain \(explained) ≠ evaluate \(outcome)")
                    }
                    let (state, credit) = compiled.decide(i, v.baseAddress!, unit)
                    if state != outcome.state || credit != outcome.credit.raw {
                        Issue.record("\(context) \(planned.indicator.id): compiled \(state) \(credit) ≠ \(outcome.state) \(outcome.credit.raw)")
                    }
                    states.insert(outcome.state)
                }
            }
            // The whole unit: outcomes, tally, score, adjustments, grade, vetoes.
            let evidence = UnitEvidence(unit: UnitInfo(id: "u\(n)", name: "单位\(n)"), asOf: CalendarDate(daysSinceEpoch: unit.asOfDay),
                                        facts: unit, file: "generated")
            let full = scorer.evaluate(evidence)
            let fast = compiled.score(unit, scratch: scratch)
            for r in full.indicators where scratch.states[r.position] != r.outcome.state {
                Issue.record("\(context) \(plan.indicators[r.position].indicator.id): fast \(scratch.states[r.position]) ≠ \(r.outcome.state)")
            }
            let t = full.tally
            let same = [fast.met, fast.partial, fast.unmet, fast.notApplicable, fast.noEvidence, fast.error]
                    == [t.met, t.partial, t.unmet, t.notApplicable, t.noEvidence, t.error]
                && fast.counted == full.counted
                && (plan.ruleset.scoring.model != .completion || Int64(fast.halves) == full.score.numerator)
                && fast.value == full.score.value && fast.adjustment == full.score.adjustment
                && compiled.gradeName(fast.gradeBeforeVetoes) == full.gradeBeforeVetoes && compiled.gradeName(fast.grade) == full.grade
                && compiled.revoked(fast.revokedMask) == full.revoked
            if !same { Issue.record("\(context): fast \(fast) ≠ full \(t), \(full.score), \(full.gradeBeforeVetoes) → \(full.grade), \(full.revoked)") }
            grades.insert(full.grade)
        }
        // The facts reach more than one outcome (a generator stuck on one value proves little).
        #expect(states.count >= 2, "\(kind): only \(states)")
        return grades
    }
}

/// A small deterministic generator (SplitMix64), so every run draws the same checks and facts.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ list: [T]) -> T { list[Int.random(in: 0..<list.count, using: &self)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}
