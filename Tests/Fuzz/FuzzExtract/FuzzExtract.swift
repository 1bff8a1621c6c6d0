import FazhiBase
import FazhiCore
import FazhiExtract
import FazhiYAML
import FuzzSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The bundled catalog with its recognition patterns, from the repository the target runs in
/// (`rulesets/metrics.yaml`, or `$FAZHI_RULESETS/metrics.yaml`).
let catalog: MetricCatalog = {
    let folder = ProcessInfo.processInfo.environment["FAZHI_RULESETS"]?.split(separator: ":").first.map(String.init) ?? "rulesets"
    do { return try MetricCatalog.load(path: folder + "/metrics.yaml") } catch {
        fatalError("\(folder)/metrics.yaml: \(error) (run from the repository root or set FAZHI_RULESETS)")
    }
}()
let extractor = Extractor(catalog: catalog)

/// The CPU time of this thread, in seconds: what the input cost, however busy the machine (a wall
/// clock would blame the input for a fuzzer starved of CPU by other work).
func threadSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The CPU time one input may take: a fixed allowance plus a budget per byte. Extraction is linear in its
/// input (Benchmarks/extract: about 1.3 s/MB in release, a few times that under AddressSanitizer), so an
/// input over this budget is super-linear behaviour, reported as a crash with its input saved, long
/// before libFuzzer's absolute `-timeout` would notice at these sizes.
let allowance = 2.0, perByte = 100e-6

/// A report's bytes (UTF-8, GB18030 or UTF-16, as `NarrativeReport` decodes them), extracted and written
/// as the draft evidence file. Bad input is an error, never a crash, a hang or time out of proportion.
func fuzzExtract(_ bytes: UnsafeRawBufferPointer) {
    let start = threadSeconds()
    do {
        let report = try NarrativeReport(bytes: Array(bytes), name: "fuzz.txt")
        let extraction = extractor.extract(report)
        _ = DraftEvidence(extraction, unitID: "fuzz", unitName: "模糊测试", unitLevel: "county", period: 2023).yaml()
    } catch {
        _ = "\(error)"
    }
    let seconds = threadSeconds() - start
    let budget = allowance + perByte * Double(bytes.count)
    if seconds > budget {
        fatalError("extract took \(seconds) s of CPU on \(bytes.count) bytes (budget \(budget) s): super-linear?")
    }
}

@main struct FuzzExtractRunner {
    static func main() {
        #if FUZZING
        exit(FuzzRunner.fuzz { data, count in
            fuzzExtract(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
        #else
        exit(FuzzRunner.run(fuzzExtract))
        #endif
    }
}
