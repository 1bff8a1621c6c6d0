package import FazhiCore
import FazhiYAML
import FazhiEvaluators
public import Foundation

/// A fresh temporary folder for one test, removed when the value goes: the test targets' workspaces
/// (rulesets, evidence, batches written by hand) are built on it.
open class TemporaryFolder {
    public let directory: String

    public init(prefix: String = "fazhi-test") {
        directory = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Writes `text` to `name` in the folder; the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Data(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: Data) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: bytes)
        return path
    }

    /// A loader for rulesets in the folder, against the evaluator examples' metric catalog.
    package func loader() -> RulesetLoader {
        RulesetLoader(catalog: EvaluatorExample.catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [directory]))
    }
}
