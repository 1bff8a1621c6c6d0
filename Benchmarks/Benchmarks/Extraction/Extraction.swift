// Reading the figures out of narrative reports: the real seed report (宁城县 2023, 9 KB) and the five
// invented labelled reports, each extracted whole (split, scan, match against the bundled catalog's
// patterns). "KB/s" is input kilobytes (10^3 bytes of UTF-8 or GB18030) per wall-clock second.

import Benchmark
import FazhiCore
import FazhiExtract
import Foundation

let kilobytesPerSecond = BenchmarkMetric.custom("KB/s", polarity: .prefersLarger, useScalingFactor: false)

/// The repository root, from this file (Benchmarks/Benchmarks/Extraction/Extraction.swift).
let repository: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

struct Reports: Sendable {
    let extractor: Extractor
    let reports: [NarrativeReport]
    let bytes: Int

    static func load() -> Reports {
        let fixtures = repository + "/Tests/FazhiExtractTests/Fixtures"
        let names = ["ningcheng-2023.txt"] + ["qingxi-2023", "baishi-2022", "yunling-2023", "heyang-2022", "jinchuan-2023"].map { "labelled/\($0).txt" }
        do {
            let catalog = try MetricCatalog.load(path: repository + "/rulesets/metrics.yaml")
            let reports = try names.map { try NarrativeReport(contentsOfFile: fixtures + "/" + $0) }
            let bytes = try names.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: fixtures + "/" + $1)[.size] as? Int ?? 0) }
            return Reports(extractor: Extractor(catalog: catalog), reports: reports, bytes: bytes)
        } catch {
            fatalError("\(error)")
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .instructions, .mallocCountTotal, kilobytesPerSecond],
        timeUnits: .milliseconds,
        units: [.mallocCountTotal: .kilo, .instructions: .mega],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20,
        thresholds: [
            .instructions: BenchmarkThresholds(relative: [.p90: 3.0]),
            .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 1.0]),
            .wallClock: BenchmarkThresholds(relative: [.p90: 50.0]),
            kilobytesPerSecond: BenchmarkThresholds(relative: [.p90: 50.0]),
        ]
    )

    Benchmark("ExtractSixReports") { benchmark, fixture in
        let start = ContinuousClock.now
        for report in fixture.reports {
            blackHole(fixture.extractor.extract(report))
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        benchmark.measurement(kilobytesPerSecond, Int(Double(fixture.bytes) / 1000 / max(seconds, 1e-9)))
    } setup: {
        Reports.load()
    }
}
