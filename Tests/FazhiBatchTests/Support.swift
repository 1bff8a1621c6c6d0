@testable import FazhiBatch
import FazhiCore
import FazhiYAML
import FazhiEvaluators
import FazhiTestSupport
import FazhiBase
import Foundation


let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The bundled rulesets, loaded once.
enum Bundled {
    static let loader: RulesetLoader = {
        let catalog = try! MetricCatalog.load(path: repositoryRoot + "/rulesets/metrics.yaml")
        return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [repositoryRoot + "/rulesets"]))
    }()

    static func plan(_ id: String) -> EvaluationPlan { try! loader.load(id) }

    static let main = ["ningxia-2023-eight-actions", "guyuan-2023-2025-creation", "zhongwei-2022-points", "xixia-2020-demonstration"]
    static let all = main + ["xixia-2020-effect-indicators", "xixia-2020-leadership-assessment"]
}

/// A fresh temporary folder for batches, removed when the value goes.
final class Folder: TemporaryFolder {
    init() { super.init(prefix: "fazhi-batch") }

    func generate(_ plan: EvaluationPlan, units: Int, seed: UInt64, format: RegionGenerator.Format,
                  style: RegionGenerator.Style = .plain, name: String) -> String {
        var bytes: [UInt8] = []
        RegionGenerator(plan: plan, seed: seed, style: style).write(units: units, format: format) { bytes += $0 }
        return write(name, bytes: Data(bytes))
    }
}

/// A file's text (UTF-8).
func fileText(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
}

/// Runs a batch file; the output as text, or the problems' rendered text.
func evaluate(_ plan: EvaluationPlan, _ path: String, format: BatchFormat? = nil, result: ResultFormat = .csv, jobs: Int = 1,
              chunkBytes: Int = 4 << 20) -> (output: String, summary: BatchSummary?, problems: [String]) {
    let compiled = try! CompiledPlan(plan)
    var runner = BatchRunner(compiled: compiled, resultFormat: result, jobs: jobs, chunkBytes: chunkBytes)
    runner.readDocuments = { reader, path in try reader.read(path: path) }
    var bytes: [UInt8] = []
    do {
        let summary = try runner.run(path: path, format: format ?? BatchFormat(path: path)!) { bytes += $0 }
        return (String(decoding: bytes, as: UTF8.self), summary, [])
    } catch let list as DiagnosticList {
        return (String(decoding: bytes, as: UTF8.self), nil, list.diagnostics.map(\.description))
    } catch {
        return ("", nil, ["\(error)"])
    }
}
