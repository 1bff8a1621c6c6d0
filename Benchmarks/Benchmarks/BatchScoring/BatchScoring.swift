// Bulk scoring: loading each bundled ruleset, scoring one unit, and streaming generated batches of
// 10k, 100k and 1M units (CSV) through `BatchRunner`, for the four main rulesets.
//
// Batches are written once per ruleset by `RegionGenerator` (seed 1) into a temporary folder at setup
// and read back from disk each iteration, the way `fazhi evaluate` reads them. 10k and 100k run on one
// worker (`jobs: 1`) so that malloc counts are deterministic; `Batch100kAllCores` and the 1M batches
// use every core, as `fazhi evaluate` does by default. "units/s" and "MB/s" are computed from each
// iteration's own wall-clock time; peak resident memory shows that it does not grow with the batch
// (compare Batch100kAllCores.xixia with Batch1M.xixia). Writing the four 1M files takes about two
// minutes at setup. The same 1M xixia batch against other tools: Benchmarks/peers/.

import Benchmark
import FazhiBatch
import FazhiCore
import FazhiYAML
import FazhiEvaluators
import FazhiBase
import Foundation

let unitsPerSecond = BenchmarkMetric.custom("units/s", polarity: .prefersLarger, useScalingFactor: false)
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Thresholds for the benchmarks that measure only time and mallocs.
nonisolated(unsafe) let loose: [BenchmarkMetric: BenchmarkThresholds] = [
    .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 5.0]),
    .wallClock: BenchmarkThresholds(relative: [.p90: 50.0]),
]

let rulesets = ["ningxia-2023-eight-actions", "guyuan-2023-2025-creation", "zhongwei-2022-points", "xixia-2020-demonstration"]

/// The repository's rulesets folder, from this file's path.
let rulesetsFolder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/rulesets"
}()

let loader: RulesetLoader = {
    guard let catalog = try? MetricCatalog.load(path: rulesetsFolder + "/metrics.yaml") else { fatalError("cannot load \(rulesetsFolder)/metrics.yaml") }
    return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [rulesetsFolder]))
}()

func plan(_ id: String) -> EvaluationPlan {
    do { return try loader.load(id) } catch { fatalError("\(error)") }
}

let folder: String = {
    let path = NSTemporaryDirectory() + "fazhi-batch-bench-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "fazhi-batch-bench-\(ProcessInfo.processInfo.processIdentifier)") }
    return path
}()

/// A generated batch on disk: its path and size.
func batch(_ id: String, units: Int) -> (path: String, bytes: Int) {
    let path = "\(folder)/\(id)-\(units).csv"
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int { return (path, size) }
    // Streamed to the file (a 1M-unit batch is 738 MB), so that setup does not raise the peak memory.
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let file = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var bytes = 0
    RegionGenerator(plan: plan(id), seed: 1).write(units: units, format: .csv) {
        file.write(Data($0))
        bytes += $0.count
    }
    try? file.close()
    return (path, bytes)
}

func rate(_ amount: Double, since start: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Int((amount / seconds).rounded())
}

let benchmarks: @Sendable () -> Void = {
    // Malloc counts are deterministic and checked tightly; times and memory are noisy on a shared
    // 2-core box and checked loosely. No instruction counts: this VM has no hardware counters.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, unitsPerSecond, megabytesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        thresholds: [
            .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 5.0]),
            .wallClock: BenchmarkThresholds(relative: [.p90: 50.0]),
            .peakMemoryResident: BenchmarkThresholds(relative: [.p90: 25.0]),
            unitsPerSecond: BenchmarkThresholds(relative: [.p90: 50.0]),
            megabytesPerSecond: BenchmarkThresholds(relative: [.p90: 50.0]),
        ]
    )

    for id in rulesets {
        let short = id.split(separator: "-").first.map(String.init) ?? id

        Benchmark("RulesetLoad.\(short)", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxIterations: 20, thresholds: loose)) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(plan(id)) }
        }

        Benchmark("OneUnit.\(short)", configuration: .init(metrics: [.wallClock, .mallocCountTotal], scalingFactor: .kilo, maxIterations: 20, thresholds: loose)) { (benchmark: Benchmark, unit: OneUnit) in
            for _ in benchmark.scaledIterations { blackHole(unit.compiled.score(unit.facts, scratch: unit.scratch)) }
        } setup: {
            let p = plan(id)
            let compiled = try CompiledPlan(p)
            // The first generated unit, read by the evidence reader.
            let evidence = try EvidenceReader(plan: p).read(path: makeYAML(p, path: "\(folder)/\(id)"))
            return OneUnit(compiled: compiled, scratch: ScoringScratch(compiled), facts: evidence[0].facts)
        }

        for (units, label) in [(10_000, "10k"), (100_000, "100k")] {
            Benchmark("Batch\(label).\(short)") { (benchmark: Benchmark, input: (CompiledPlan, String, Int)) in
                let (compiled, path, bytes) = input
                let start = ContinuousClock.now
                do {
                    let runner = BatchRunner(compiled: compiled, resultFormat: .csv, jobs: 1)
                    var written = 0
                    let summary = try runner.run(path: path, format: .csv) { written += $0.count }
                    blackHole(summary.units + written)
                } catch {
                    benchmark.error("\(error)")
                }
                benchmark.measurement(unitsPerSecond, rate(Double(units), since: start))
                benchmark.measurement(megabytesPerSecond, rate(Double(bytes) / 1e6, since: start))
            } setup: {
                let (path, bytes) = batch(id, units: units)
                return (try CompiledPlan(plan(id)), path, bytes)
            }
        }
    }

    for id in rulesets {
        let short = id.split(separator: "-").first.map(String.init) ?? id
        Benchmark("Batch1M.\(short)", configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, unitsPerSecond, megabytesPerSecond],
                                                          warmupIterations: 0, maxDuration: .seconds(20), maxIterations: 3,
                                                          thresholds: [.wallClock: BenchmarkThresholds(relative: [.p90: 50.0]),
                                                                       .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 25.0]),
                                                                       .peakMemoryResident: BenchmarkThresholds(relative: [.p90: 25.0])])) { (benchmark: Benchmark, input: (CompiledPlan, String, Int)) in
            let (compiled, path, bytes) = input
            let start = ContinuousClock.now
            do {
                let runner = BatchRunner(compiled: compiled, resultFormat: .csv)
                var written = 0
                let summary = try runner.run(path: path, format: .csv) { written += $0.count }
                blackHole(summary.units + written)
            } catch {
                benchmark.error("\(error)")
            }
            benchmark.measurement(unitsPerSecond, rate(1_000_000, since: start))
            benchmark.measurement(megabytesPerSecond, rate(Double(bytes) / 1e6, since: start))
        } setup: {
            let (path, bytes) = batch(id, units: 1_000_000)
            return (try CompiledPlan(plan(id)), path, bytes)
        }
    }

    Benchmark("Batch100kAllCores.xixia") { (benchmark: Benchmark, input: (CompiledPlan, String, Int)) in
        let (compiled, path, bytes) = input
        let start = ContinuousClock.now
        do {
            let runner = BatchRunner(compiled: compiled, resultFormat: .csv)
            var written = 0
            let summary = try runner.run(path: path, format: .csv) { written += $0.count }
            blackHole(summary.units + written)
        } catch {
            benchmark.error("\(error)")
        }
        benchmark.measurement(unitsPerSecond, rate(100_000, since: start))
        benchmark.measurement(megabytesPerSecond, rate(Double(bytes) / 1e6, since: start))
    } setup: {
        let (path, bytes) = batch("xixia-2020-demonstration", units: 100_000)
        return (try CompiledPlan(plan("xixia-2020-demonstration")), path, bytes)
    }
}

/// The first unit of a generated CSV batch as a one-document YAML file (for the one-unit benchmark,
/// which scores facts the evidence reader produced).
func makeYAML(_ plan: EvaluationPlan, path: String) -> String {
    let yaml = path + ".one.yaml"
    var data = Data()
    RegionGenerator(plan: plan, seed: 1).write(units: 1, format: .yaml) { data.append(contentsOf: $0) }
    _ = FileManager.default.createFile(atPath: yaml, contents: data)
    return yaml
}

/// One unit's facts with the compiled plan and a worker's scratch space.
struct OneUnit: @unchecked Sendable {
    let compiled: CompiledPlan
    let scratch: ScoringScratch
    let facts: UnitFacts
}
