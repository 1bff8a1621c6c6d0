public import FazhiBase
public import FazhiCore

// Reading the model from YAML files: the format-free readers in FazhiCore take documents; these open
// the file within the limits, parse it and hand the tree over.

extension MetricCatalog {
    /// Reads a catalog file, reporting every problem in it.
    public static func load(path: String, limits: YAMLLimits = .default) throws(DiagnosticList) -> MetricCatalog {
        let document: Document
        do {
            let source = try SourceFile(contentsOfFile: path, limit: limits.maxFileBytes)
            document = try YAMLParser.singleDocument(in: source, limits: limits)
        } catch {
            throw DiagnosticList([error])
        }
        return try read(document.value)
    }
}

extension EvidenceReader {
    /// Every unit in an evidence file (a multi-document stream is a batch).
    public func read(path: String, limits: YAMLLimits = .default) throws(DiagnosticList) -> [UnitEvidence] {
        let source: SourceFile
        do { source = try SourceFile(contentsOfFile: path, limit: limits.maxFileBytes) } catch { throw DiagnosticList([error]) }
        return try read(source: source, limits: limits)
    }

    /// Every unit in a file already in memory (what a front end without a file system hands over).
    package func read(source: SourceFile, limits: YAMLLimits = .default) throws(DiagnosticList) -> [UnitEvidence] {
        let parser: YAMLParser
        do { parser = try YAMLParser(source: source, limits: limits) } catch { throw DiagnosticList([error]) }
        return try read(stream: parser.source) { () throws(Diagnostic) in try parser.nextDocument() }
    }
}
