import FazhiCore
import FazhiEvaluators
import FazhiReports
import FazhiBase
import FazhiYAML
import FuzzSupport
import Foundation

/// Every kind of check, compiled once: evidence read against it exercises every fact type.
let plan: EvaluationPlan = {
    let text = """
        fazhi: 1
        id: fuzz
        title: 模糊测试
        jurisdiction: { name: 测试县, level: county }
        issuer: 测试
        period: 2023
        source: { file: fuzz }
        scoring:
          adjustments:
            bonusCap: 2
            items: [{ id: a-1, type: bonus, text: 加分, points: 3, kind: assessed }]
          vetoes:
            - { id: v-1, text: 否决, unless: { kind: no_incident, metric: example_incidents }, effect: cap, grade: 不达标 }
        groups:
          - id: g
            title: 组
            indicators:
              - { id: f-1, text: 率, kind: rate_at_least, metric: example_rate, min: 95%, appliesTo: { has_legislative_power: true } }
              - { id: f-2, text: 次, kind: count_at_least, metric: example_count, min: 2, per: year }
              - { id: f-3, text: 日, kind: duration_at_most, metric: example_working_days, max: 3, unit: working_days }
              - { id: f-4, text: 比, kind: ratio_at_least, numerator: example_numerator, denominator: example_denominator, min: 90% }
              - { id: f-5, text: 评, kind: assessed }
              - { id: f-6, text: 期, kind: done_by, deadline: 2023-06-30 }
              - { id: f-7, text: 分, kind: weighted_score, parts: [{ metric: example_score_a, weight: 60% }, { metric: example_score_b, weight: 40% }], min: 60 }
              - { id: f-8, text: 式, kind: expression, expr: "example_numerator / example_denominator >= 90% or not has(example_rate)" }
              - { id: f-9, text: 全, kind: all_of, of: [{ kind: assessed }, { kind: no_incident, metric: example_incidents }] }
        """
    let loader = RulesetLoader(catalog: EvaluatorExample.catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: []))
    return try! loader.load(source: SourceFile(name: "fuzz-ruleset.yaml", text: text))
}()

/// Reads any bytes as evidence, scores every unit read, and renders it in every format.
func fuzzEvidence(_ bytes: UnsafeRawBufferPointer) {
    let reader = EvidenceReader(plan: plan)
    let scorer = Scorer(plan: plan)
    do {
        let parser = try YAMLParser(source: SourceFile(name: "fuzz.yaml", bytes: bytes),
                                    limits: YAMLLimits(maxFileBytes: 1 << 20, maxDepth: 64, aliasBudget: 10_000, maxScalarBytes: 1 << 16))
        while let document = try parser.nextDocument() {
            do {
                let unit = try reader.read(document)
                let report = UnitReport(plan: plan, results: [scorer.evaluate(unit)])
                _ = report.text()
                _ = report.json()
                _ = report.csv()
            } catch {
                _ = error.description
            }
        }
    } catch {
        _ = error.description
    }
}

@main struct FuzzEvidenceRunner {
    static func main() {
        #if FUZZING
        exit(FuzzRunner.fuzz { data, count in
            fuzzEvidence(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
        #else
        exit(FuzzRunner.run(fuzzEvidence))
        #endif
    }
}
