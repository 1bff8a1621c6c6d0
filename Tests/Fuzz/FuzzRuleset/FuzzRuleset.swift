import FazhiCore
import FazhiEvaluators
import FazhiBase
import FazhiYAML
import FuzzSupport
import Foundation

/// The real catalog and registry, loaded once; `extends` resolves against the bundled rulesets.
let loader: RulesetLoader = {
    let rulesets = ProcessInfo.processInfo.environment["FAZHI_RULESETS"] ?? "rulesets"
    let catalog = (try? MetricCatalog.load(path: rulesets + "/metrics.yaml")) ?? EvaluatorExample.catalog
    return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [rulesets], limits: YAMLLimits(maxFileBytes: 1 << 20, maxDepth: 64, aliasBudget: 10_000, maxScalarBytes: 1 << 16)))
}()

/// Loads any bytes as a ruleset; a plan that loads is shown, explained and scored with no evidence.
func fuzzRuleset(_ bytes: UnsafeRawBufferPointer) {
    do {
        let plan = try loader.load(source: SourceFile(name: "fuzz.yaml", bytes: bytes))
        for planned in plan.indicators {
            _ = planned.evaluator.requirement
            _ = planned.evaluator.targets.map(\.text)
            _ = planned.evaluator.explain(UnitFacts(slotCount: plan.slots.count, asOfDay: 19_000))
        }
        let facts = UnitFacts(slotCount: plan.slots.count, asOfDay: plan.ruleset.period.lastDay.daysSinceEpoch)
        let evidence = UnitEvidence(unit: UnitInfo(id: "u", name: "u"), period: nil, asOf: plan.ruleset.period.lastDay, invented: true,
                                    inventedNote: nil, facts: facts, sources: [:], exemptions: [:], file: "fuzz", location: nil, warnings: [])
        _ = Scorer(plan: plan).evaluate(evidence)
    } catch {
        _ = error.description
    }
}

@main struct FuzzRulesetRunner {
    static func main() {
        #if FUZZING
        exit(FuzzRunner.fuzz { data, count in
            fuzzRuleset(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
        #else
        exit(FuzzRunner.run(fuzzRuleset))
        #endif
    }
}
