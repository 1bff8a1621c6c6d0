// Loading a large YAML stream: libyaml's raw event loop against FazhiYAML's located tree.
//
// The input is a ~50 MB stream of small documents (one assessed unit each, Chinese text, lists,
// flow mappings), generated deterministically into a temporary folder at setup and read back once.
// Both benchmarks parse the same bytes; "MB/s" is input megabytes (10^6 bytes) per wall-clock second.

import Benchmark
import FazhiBase
import FazhiYAML
import Foundation

/// Input megabytes per second, computed from each iteration's own wall-clock time.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// The whole stream, generated on first use and shared by both benchmarks.
let stream: SourceFile = StreamFixture.make(targetBytes: 50 * 1_000_000)

let benchmarks: @Sendable () -> Void = {
    // Instructions and malloc counts are deterministic and checked tightly; times are noisy on a
    // shared 2-core box and only checked loosely. No ARC metrics: they crash on Linux with Swift 6.3.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .instructions, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond],
        timeUnits: .milliseconds,
        units: [.mallocCountTotal: .kilo, .instructions: .mega],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5,
        thresholds: [
            .instructions: BenchmarkThresholds(relative: [.p90: 3.0]),
            .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 1.0]),
            .wallClock: BenchmarkThresholds(relative: [.p90: 50.0]),
            .peakMemoryResident: BenchmarkThresholds(relative: [.p90: 25.0]),
            megabytesPerSecond: BenchmarkThresholds(relative: [.p90: 50.0]),
        ]
    )

    // Names without spaces: `thresholds check` looks files up by the raw name while `thresholds
    // update` writes them with spaces replaced, so a spaced name never finds its thresholds.
    Benchmark("LibYAMLRawEvents") { benchmark, source in
        let start = ContinuousClock.now
        do {
            blackHole(try YAMLEventCounter.count(source))
        } catch {
            benchmark.error("\(error)")
        }
        benchmark.measurement(megabytesPerSecond, StreamFixture.rate(bytes: source.bytes.count, since: start))
    } setup: {
        stream
    }

    Benchmark("FazhiYAMLTreeByDocument") { benchmark, source in
        let start = ContinuousClock.now
        do {
            let parser = try YAMLParser(source: source)
            var documents = 0
            while let document = try parser.nextDocument() {
                blackHole(document)
                documents += 1
            }
            blackHole(documents)
        } catch {
            benchmark.error("\(error)")
        }
        benchmark.measurement(megabytesPerSecond, StreamFixture.rate(bytes: source.bytes.count, since: start))
    } setup: {
        stream
    }
}

enum StreamFixture {
    static func rate(bytes: Int, since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Int((Double(bytes) / 1e6 / seconds).rounded())
    }

    /// Writes the generated stream to a fresh temporary folder, reads it back as a `SourceFile`
    /// (the way the CLI reads its input) and removes the folder.
    static func make(targetBytes: Int) -> SourceFile {
        let bytes = generate(targetBytes: targetBytes)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("fazhi-yaml-bench-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("units.yaml")
            try Data(bytes).write(to: file)
            return try SourceFile(contentsOfFile: file.path, name: "units.yaml")
        } catch {
            fatalError("cannot prepare the benchmark input: \(error)")
        }
    }

    /// A deterministic stream of unit documents, about 400 bytes each.
    static func generate(targetBytes: Int) -> [UInt8] {
        var random = SplitMix64(seed: 2023)
        let places = ["中卫市", "固原市", "吴忠市", "石嘴山市", "银川市", "沙坡头区", "西夏区", "原州区"]
        let levels = ["示范", "达标", "不达标"]
        let notes = ["按时公开", "材料齐全", "未按期办结", "复议纠错", "需补充说明"]
        let tags = ["公开", "复议", "诉讼", "执法", "监督", "普法"]
        var out: [UInt8] = []
        out.reserveCapacity(targetBytes + 1024)
        var n = 0
        while out.count < targetBytes {
            n += 1
            var doc = "---\n"
            doc += "unit: 宁夏回族自治区\(places[random.below(places.count)])第\(n)号单位\n"
            doc += "code: \"64\(String(format: "%08d", n))\"\n"
            doc += "year: \(2020 + random.below(5))\n"
            doc += "level: \(levels[random.below(levels.count)])\n"
            doc += "scores:\n"
            for i in 0..<(2 + random.below(4)) {
                doc += "  - id: \(["A", "B", "C", "D"][random.below(4)])\(i + 1)-\(random.below(9) + 1)\n"
                doc += "    value: \(random.below(100)).\(random.below(10))%\n"
                doc += "    met: \(random.below(2) == 0 ? "true" : "false")\n"
                doc += "    note: \(notes[random.below(notes.count)])\n"
            }
            doc += "evidence: {filed: 2023-0\(random.below(9) + 1)-1\(random.below(9)), pages: \(random.below(200)), reviewer: 张\(n % 97)}\n"
            doc += "tags: [\(tags[random.below(tags.count)]), \(tags[random.below(tags.count)])]\n"
            out.append(contentsOf: doc.utf8)
        }
        return out
    }
}

/// A small deterministic generator (SplitMix64), so every run parses the same bytes.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
