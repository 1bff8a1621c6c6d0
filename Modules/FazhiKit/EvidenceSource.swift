import FazhiBatch
import FazhiCore
import FazhiYAML

/// YAML input handed to an operation: a file, read when its turn comes (so problems are reported in
/// the order the sources were given), or text already in memory (a store's column, an upload).
public enum EvidenceSource: Sendable {
    case file(String)
    case source(SourceFile)

    /// The name diagnostics use: the path, or the in-memory file's name.
    public var name: String {
        switch self {
        case .file(let path): path
        case .source(let source): source.name
        }
    }

    /// Every unit in the source (several documents make a batch). A CSV, TSV or JSON Lines batch
    /// (by its name) gives one unit per row, each value located at its cell (`BatchTable.Row.evidence`).
    func units(_ reader: EvidenceReader, limits: YAMLLimits) throws(DiagnosticList) -> [UnitEvidence] {
        // A filled template (fazhi template): every unit of its 填报 sheet, located at cells.
        if case .file(let path) = self, SheetEvidence.isWorkbook(path) {
            return try SheetEvidence(plan: reader.plan, path: path).read(reader)
        }
        if let format = BatchFormat(path: name), format != .yaml {
            let file: SourceFile
            switch self {
            case .file(let path):
                do { file = try SourceFile(contentsOfFile: path) } catch { throw DiagnosticList([error]) }
            case .source(let source): file = source
            }
            return try BatchTable(plan: reader.plan).evidence(file, asOf: reader.asOf)
        }
        switch self {
        case .file(let path): return try reader.read(path: path, limits: limits)
        case .source(let source): return try reader.read(source: source, limits: limits)
        }
    }

    /// The source's text, read under `limits`.
    func sourceFile(limits: YAMLLimits) throws(Diagnostic) -> SourceFile {
        switch self {
        case .file(let path): try SourceFile(contentsOfFile: path, limit: limits.maxFileBytes)
        case .source(let source): source
        }
    }
}

extension Workspace {
    /// Parses every YAML document in the source and counts them: the syntax check, before any meaning.
    public func checkYAML(_ input: EvidenceSource) throws(DiagnosticList) -> Int {
        do {
            let parser = try YAMLParser(source: try input.sourceFile(limits: limits), limits: limits)
            var count = 0
            while try parser.nextDocument() != nil { count += 1 }
            return count
        } catch {
            throw DiagnosticList([error])
        }
    }
}

/// How far a long operation has got, for a front end to show: each stage starts with `done == 0` and
/// ends with `done == total`.
public struct Progress: Sendable, Hashable {
    public enum Stage: Sendable, Hashable {
        /// Reading evidence sources; `total` counts sources.
        case reading
        /// Scoring units; `total` counts units.
        case scoring
        /// Writing invented units (`fazhi generate`); `total` counts units.
        case generating
    }
    public var stage: Stage
    public var done: Int
    public var total: Int

    public init(stage: Stage, done: Int, total: Int) {
        self.stage = stage
        self.done = done
        self.total = total
    }
}
