public import FazhiCore
public import FazhiYAML
import FazhiEvaluators
import Foundation

/// What every operation shares: where rulesets and the metric catalog are, and the limits on YAML
/// input. A front end makes one (the CLI from its options) and calls the operations on it; the
/// operations print nothing, read only the sources they are handed (and the rulesets), and report
/// problems as a thrown `DiagnosticList`.
///
/// The operations, one per command of the CLI:
/// - rulesets: `plan` (show), `validate`, `indicator` (explain);
/// - scoring: `evaluate` (files, in-memory sources, report drafts), `batch` (bulk, streamed to a sink);
/// - analyses: `compareUnits`, `compareRulesets`, `compareChanges`, `region`, `crosswalk`;
/// - inputs: `extract` (a report into a draft), `generate` (a synthetic region), `checkYAML`.
public struct Workspace: Sendable {
    /// Where ruleset ids and the metric catalog are looked up, in order (normally `rulesets`; the CLI
    /// puts `--rulesets` or `$FAZHI_RULESETS` and the installed share folder before it: `searchPath(…)`).
    public var searchPath: [String]
    /// The metric catalog; nil means `metrics.yaml` in the ruleset's own folder when it has one, else in
    /// the first folder of the search path that has one.
    public var catalog: String?
    public var limits: YAMLLimits
    /// Told to a user (as a note) when a ruleset id or the catalog is found nowhere on the search path:
    /// how to look elsewhere (the CLI names its option and environment variable).
    package var hint: String?

    /// One folder of rulesets.
    public init(rulesets: String = "rulesets", catalog: String? = nil, limits: YAMLLimits = .default) {
        self.init(searchPath: [rulesets], catalog: catalog, limits: limits)
    }

    package init(searchPath: [String], catalog: String? = nil, limits: YAMLLimits = .default, hint: String? = nil) {
        self.searchPath = searchPath
        self.catalog = catalog
        self.limits = limits
        self.hint = hint
    }

    /// A ruleset (a file or an id) resolved after `extends` and checked.
    public func plan(_ reference: String) throws(DiagnosticList) -> EvaluationPlan {
        let file = try locate(reference)
        do {
            _ = try catalogPath(near: file)
        } catch {
            // No catalog anywhere: a ruleset that declares every metric it reads (`metrics:`) needs none.
            // One that does not gets its own problems and the folders looked in.
            let alone = RulesetLoader(catalog: MetricCatalog(), registry: FazhiEvaluators.registry(), source: files)
            do { return try alone.load(reference) } catch let own { throw DiagnosticList(error.diagnostics + own.diagnostics) }
        }
        return try loader(for: file).load(reference)
    }

    /// The ruleset's file: a path as given (read later, so a missing file is the reader's message), or
    /// the file on the search path whose id or name matches; not found, the folders looked in and `hint`.
    func locate(_ reference: String) throws(DiagnosticList) -> String {
        do {
            return try files.resolvePath(reference, relativeTo: nil)
        } catch {
            throw DiagnosticList([withHint(error)])
        }
    }

    /// The loader for a ruleset in `file`, or the catalog's problems. A ruleset brings its catalog along
    /// when `metrics.yaml` is beside it; otherwise the first one on the search path is taken.
    func loader(for file: String) throws(DiagnosticList) -> RulesetLoader {
        let catalog = try MetricCatalog.load(path: try catalogPath(near: file), limits: limits)
        return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: files)
    }

    /// The metric catalog on its own (what extraction reads its recognition patterns from).
    func metricCatalog() throws(DiagnosticList) -> MetricCatalog {
        try MetricCatalog.load(path: try catalogPath(near: nil), limits: limits)
    }

    /// `catalog`, or `metrics.yaml` in the ruleset file's folder, else in the first folder of the search
    /// path that has one; none, the folders looked in and `hint`.
    package func catalogPath(near file: String?) throws(DiagnosticList) -> String {
        if let catalog { return catalog }
        var folders = file.map { [Self.folder(of: $0)] } ?? []
        for folder in searchPath where !folders.contains(folder) { folders.append(folder) }
        for folder in folders {
            let candidate = folder.hasSuffix("/") ? folder + "metrics.yaml" : folder + "/metrics.yaml"
            if Self.exists(candidate, directory: false) { return candidate }
        }
        throw DiagnosticList([withHint(.error("no metric catalog (metrics.yaml) in \(folders.joined(separator: ", "))", at: nil))])
    }

    /// The problem with `hint` as a note of its own.
    func withHint(_ problem: Diagnostic) -> Diagnostic {
        var problem = problem
        if let hint { problem.notes.append(Diagnostic.Note(hint, at: nil)) }
        return problem
    }

    package var files: RulesetFiles { RulesetFiles(directories: searchPath, limits: limits) }
}

extension Workspace {
    /// The folders ruleset ids and the catalog are looked up in, in order: those `given` (each may be a
    /// `:`-separated list), or else the `environment`'s (`$FAZHI_RULESETS`, `:`-separated); then the
    /// installed share folder (`PREFIX/share/fazhi/rulesets` for `PREFIX/bin/fazhi`) when it exists;
    /// then `rulesets` in the working directory. Empty entries and second mentions of a folder are dropped.
    package static func searchPath(given: [String], environment: String?, executable: String?) -> [String] {
        var entries = given.flatMap { $0.split(separator: ":").map(String.init) }
        if given.isEmpty, let environment { entries = environment.split(separator: ":").map(String.init) }
        if let executable, case let installed = installedRulesets(executable: executable), exists(installed, directory: true) {
            entries.append(installed)
        }
        entries.append("rulesets")
        var seen = Set<String>()
        return entries.filter { !$0.isEmpty && seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// `PREFIX/share/fazhi/rulesets` for an executable at `PREFIX/bin/fazhi` (after symbolic links).
    package static func installedRulesets(executable: String) -> String {
        let bin = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        return bin.deletingLastPathComponent().appendingPathComponent("share/fazhi/rulesets").standardizedFileURL.path
    }

    /// The folder part of a path (`.` for a bare file name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String, directory: Bool) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue == directory
    }

    /// This process's executable: `/proc/self/exe` on Linux, else the path it was started by.
    package static var currentExecutable: String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}
