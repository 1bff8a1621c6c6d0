import FazhiKit
import Foundation

/// The repository root, found from this file, so the tests read the bundled rulesets and examples
/// wherever the package is checked out and whatever the working directory.
let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The bundled rulesets and catalog, as the CLI sees them by default.
let workspace = Workspace(rulesets: root + "/rulesets")

func example(_ name: String) -> EvidenceSource { .file(root + "/examples/" + name) }

func corpus(_ name: String) -> String { root + "/Tests/Corpus/inputs/" + name }

/// The diagnostics an operation threw, or none.
func problems<T>(_ operation: () throws(DiagnosticList) -> T) -> [Diagnostic] {
    do {
        _ = try operation()
        return []
    } catch {
        return error.diagnostics
    }
}

/// A file in a fresh temporary folder, for batches (the bulk scorer reads files).
func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let folder = NSTemporaryDirectory() + "fazhi-kit-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}
