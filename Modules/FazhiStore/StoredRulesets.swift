import FazhiEvaluators
import FazhiKit
import Foundation

/// A ruleset document's text as a campaign keeps it.
struct StoredDocument: Sendable {
    var role: String
    var name: String
    var rulesetID: String?
    var text: String
}

/// Ruleset documents held in memory (a campaign's stored texts): `extends` resolves by the parent's id
/// or its file name among them, never on disk, so the campaign scores with the rules it was created with.
struct StoredRulesets: RulesetSource {
    var documents: [StoredDocument]
    var limits: YAMLLimits = .default

    func ruleset(_ reference: String, from referrer: SourceFile?) throws(Diagnostic) -> RulesetDocument {
        let base = ((reference as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let document = documents.first(where: { $0.role != "catalog" && ($0.rulesetID == reference || $0.name == reference || $0.rulesetID == base
                                                                               || (($0.name as NSString).lastPathComponent as NSString).deletingPathExtension == base) })
        else {
            throw Diagnostic.error("no ruleset \"\(reference)\" among the campaign's stored documents", at: nil)
        }
        let file = SourceFile(name: document.name, text: document.text)
        return RulesetDocument(key: "stored:" + document.name, root: try parse(file))
    }

    func parse(_ file: SourceFile) throws(Diagnostic) -> NodeValue {
        try YAMLParser.singleDocument(in: file, limits: limits).value
    }

    /// The compiled plan from the stored texts.
    func plan() throws(DiagnosticList) -> EvaluationPlan {
        guard let catalogDocument = documents.first(where: { $0.role == "catalog" }),
              let top = documents.first(where: { $0.role == "ruleset" }) else {
            throw DiagnosticList([Diagnostic.error("the campaign's stored ruleset is incomplete (no ruleset or no catalog)", at: nil)])
        }
        let catalog: MetricCatalog
        do {
            catalog = try MetricCatalog.read(YAMLParser.singleDocument(in: SourceFile(name: catalogDocument.name, text: catalogDocument.text), limits: limits).value)
        } catch let error as Diagnostic {
            throw DiagnosticList([error])
        } catch let error as DiagnosticList {
            throw error
        } catch {
            throw DiagnosticList([Diagnostic.error("\(error)", at: nil)])
        }
        let loader = RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: self)
        let document: RulesetDocument
        do { document = try ruleset(top.name, from: nil) } catch { throw DiagnosticList([error]) }
        return try loader.load(document: document)
    }
}

/// A source over files that remembers every document it hands out: what a campaign stores.
final class RecordingRulesets: RulesetSource, @unchecked Sendable {
    let files: RulesetFiles
    private let lock = NSLock()
    private var read: [(key: String, name: String, text: String, id: String?)] = []

    init(_ files: RulesetFiles) { self.files = files }

    func ruleset(_ reference: String, from referrer: SourceFile?) throws(Diagnostic) -> RulesetDocument {
        let document = try files.ruleset(reference, from: referrer)
        let source = document.root.source
        let text = String(decoding: source.bytes, as: UTF8.self)
        lock.lock()
        if !read.contains(where: { $0.key == document.key }) {
            read.append((document.key, source.name, text, document.root["id"]?.node.scalar?.text))
        }
        lock.unlock()
        return document
    }

    func parse(_ file: SourceFile) throws(Diagnostic) -> NodeValue { try files.parse(file) }

    /// The documents read, the named ruleset first, then its parents in the order `extends` reached them.
    var documents: [StoredDocument] {
        lock.lock()
        defer { lock.unlock() }
        return read.enumerated().map { StoredDocument(role: $0.offset == 0 ? "ruleset" : "parent", name: $0.element.name, rulesetID: $0.element.id, text: $0.element.text) }
    }
}
