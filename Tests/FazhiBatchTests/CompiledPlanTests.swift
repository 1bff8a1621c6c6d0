@testable import FazhiBatch
import FazhiCore
import FazhiTestSupport
import FazhiBase
import Testing

/// The compiled plan decides what the full Scorer decides, unit by unit, on generated regions.
struct CompiledPlanTests {
    @Test(arguments: Bundled.all)
    func sameAsScorer(_ id: String) {
        let plan = Bundled.plan(id)
        let compiled = try! CompiledPlan(plan)
        let scorer = Scorer(plan: plan)
        let scratch = ScoringScratch(compiled), countsOnly = ScoringScratch(compiled)
        let generator = RegionGenerator(plan: plan, seed: 42)
        var values: [Int64] = []
        var text: [String: String] = [:]
        var grades: Set<String> = []
        for n in 0..<400 {
            values = [Int64](repeating: UnitFacts.missing, count: plan.slots.count)
            generator.unit(n, values: &values, text: &text)
            var facts = UnitFacts(slotCount: values.count, asOfDay: plan.ruleset.period.lastDay.daysSinceEpoch)
            facts.values = values
            let evidence = UnitEvidence(unit: UnitInfo(id: text["id"]!, name: text["name"]!), asOf: plan.ruleset.period.lastDay, facts: facts, file: "generated")
            let full = scorer.evaluate(evidence)
            // Counts only (no row written): the same numbers.
            let counted = compiled.score(facts, scratch: countsOnly, lists: false)
            let fast = compiled.score(facts, scratch: scratch)
            #expect(counted == fast, "\(id) unit \(n)")
            #expect(compiled.gradeName(fast.grade) == full.grade, "\(id) unit \(n)")
            #expect(compiled.gradeName(fast.gradeBeforeVetoes) == full.gradeBeforeVetoes)
            #expect(compiled.revoked(fast.revokedMask) == full.revoked)
            #expect(fast.counted == full.counted)
            #expect(Int64(fast.halves) == full.score.numerator || plan.ruleset.scoring.model != .completion)
            #expect(fast.value == full.score.value)
            #expect(fast.adjustment == full.score.adjustment)
            #expect([fast.met, fast.partial, fast.unmet, fast.notApplicable, fast.noEvidence, fast.error]
                    == [full.tally.met, full.tally.partial, full.tally.unmet, full.tally.notApplicable, full.tally.noEvidence, full.tally.error])
            for r in full.indicators where scratch.states[r.position] != r.outcome.state {
                Issue.record("\(id) unit \(n) \(plan.indicators[r.position].indicator.id): \(scratch.states[r.position]) ≠ \(r.outcome.state)")
            }
            grades.insert(full.grade)
        }
        // The generated region spreads over more than one grade (the leadership points model aside:
        // its generated part scores are uniform, which rarely reaches 良好).
        if id != "xixia-2020-leadership-assessment" { #expect(grades.count >= 2, "\(id): \(grades)") }
    }

    /// A batch read from CSV and scored on the fast path writes the same rows as the same region in YAML
    /// read by EvidenceReader and scored by Scorer.
    @Test(arguments: Bundled.main)
    func csvFastPathMatchesYAMLFullPath(_ id: String) {
        let plan = Bundled.plan(id)
        let folder = Folder()
        let csv = folder.generate(plan, units: 150, seed: 7, format: .csv, name: "region.csv")
        let yaml = folder.generate(plan, units: 150, seed: 7, format: .yaml, name: "region.yaml")
        let jsonl = folder.generate(plan, units: 150, seed: 7, format: .jsonl, name: "region.jsonl")
        let a = evaluate(plan, csv), b = evaluate(plan, yaml), c = evaluate(plan, jsonl)
        #expect(a.problems.isEmpty && b.problems.isEmpty && c.problems.isEmpty, "\(a.problems) \(b.problems) \(c.problems)")
        #expect(a.output.utf8.filter { $0 == 0x0A }.count == 151)
        #expect(a.output == b.output)
        #expect(a.output == c.output)
        #expect(a.summary?.gradeCounts == b.summary?.gradeCounts)
        #expect(a.summary?.invented == 150)
    }

    /// The wide workload of the benchmarks (100 threshold indicators, flags by expression, a
    /// statistics export: `unit_id`, 区/县, 1/0, four-decimal rates): every indicator compiles, and the
    /// CSV on the fast path scores as the same units in YAML through `Scorer`.
    @Test func wideExportWorkload() throws {
        let plan = try Bundled.loader.load(repositoryRoot + "/Benchmarks/peers/wide/province-100.yaml")
        let compiled = try CompiledPlan(plan)
        #expect(plan.indicators.count == 100)
        #expect((0..<100).allSatisfy { compiled.checkKind[$0] != 3 }, "an indicator goes through its evaluator")
        // Every one a plain interval (the vector kernels' case); the ten for legislative power share one
        // condition set.
        #expect(compiled.plainCount == 100 && compiled.setIndicator.count == 2 && compiled.conditionedPlain.count == 10)
        let folder = Folder()
        let csv = folder.generate(plan, units: 400, seed: 3, format: .csv, style: .export, name: "export.csv")
        let yaml = folder.generate(plan, units: 400, seed: 3, format: .yaml, style: .export, name: "export.yaml")
        let text = fileText(csv)
        let header = text.prefix { $0 != "\n" }
        #expect(header.hasPrefix("unit_id,name,level,has_legislative_power,invented,rate_01,"))
        let first = text.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(["县", "区", "市", "部门", "乡镇"].contains(String(first[2])))
        #expect(first[5].isEmpty || (first[5].count == 6 && first[5].hasPrefix("0.") || first[5] == "1.0000"), "\(first[5])")
        // Rates exactly on the 90% and 60% targets, as real exports have them.
        #expect(text.contains(",0.9000,") && text.contains(",0.6000,"))
        let a = evaluate(plan, csv), b = evaluate(plan, yaml)
        #expect(a.problems.isEmpty && b.problems.isEmpty, "\(a.problems) \(b.problems)")
        #expect(a.output == b.output)
        #expect((a.summary?.gradeCounts.filter { $0 > 0 }.count ?? 0) == 3, "\(String(describing: a.summary?.gradeCounts))")
    }
}
