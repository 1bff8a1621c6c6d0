import FazhiBatch
import FazhiCore
import FazhiYAML
import FazhiEvaluators
import FazhiBase
import FuzzSupport
import Foundation

/// A plan with every check the compiled path decides itself, plus composites and an expression.
let compiled: CompiledPlan = {
    let text = """
        fazhi: 1
        id: fuzz-batch
        title: 批量模糊测试
        jurisdiction: { name: 测试县, level: county }
        issuer: 测试
        period: 2023
        source: { file: fuzz }
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
              - { id: f-7, text: 式, kind: expression, expr: "example_rate >= 90% or not has(example_rate)" }
              - { id: f-8, text: 全, kind: all_of, of: [{ kind: assessed }, { kind: no_incident, metric: example_incidents }] }
        """
    let loader = RulesetLoader(catalog: EvaluatorExample.catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: []))
    let plan = try! loader.load(source: SourceFile(name: "fuzz-batch.yaml", text: text))
    return try! CompiledPlan(plan)
}()

let scratchPath = NSTemporaryDirectory() + "fazhi-fuzz-batch-\(getpid())"

/// Writes the bytes as a batch file and streams it through the batch reader: as CSV, TSV or JSON Lines
/// (chosen by the first byte), with one or two workers and the smallest chunks, so every chunk seam is
/// exercised. Bad input must be an error, never a crash.
func fuzzBatch(_ bytes: UnsafeRawBufferPointer) {
    let formats: [(BatchFormat, String)] = [(.csv, "csv"), (.tsv, "tsv"), (.jsonl, "jsonl")]
    let (format, ext) = formats[Int(bytes.first ?? 0) % formats.count]
    let path = scratchPath + "." + ext
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let runner = BatchRunner(compiled: compiled, jobs: 1 + Int(bytes.last ?? 0) % 2, chunkBytes: 1 << 10)
    do {
        _ = try runner.run(path: path, format: format) { _ in }
    } catch {
        _ = "\(error)"
    }
}

@main struct FuzzBatchRunner {
    static func main() {
        #if FUZZING
        exit(FuzzRunner.fuzz { data, count in
            fuzzBatch(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
        #else
        exit(FuzzRunner.run(fuzzBatch))
        #endif
    }
}
