import FazhiCore
import FazhiYAML
import Foundation

/// A ruleset found on the search path: its id, title and file.
public struct KnownRuleset: Sendable, Hashable {
    public var id: String
    public var title: String
    public var file: String
}

extension Workspace {
    /// The rulesets in the search path's folders (files with an `id` and `groups` or `extends`), in
    /// folder order then by file name; an id found again in a later folder is left out (the first is
    /// the one an id resolves to). Files that cannot be read are skipped: `validate` names their problems.
    public func knownRulesets() -> [KnownRuleset] {
        var found: [KnownRuleset] = []
        var seen = Set<String>()
        for folder in searchPath {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") && $0 != "metrics.yaml" }.sorted()
            for name in names {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                guard let source = try? SourceFile(contentsOfFile: path, limit: limits.maxFileBytes),
                      let document = try? YAMLParser.singleDocument(in: source, limits: limits),
                      let id = document.root["id"]?.scalar?.text, document.root["groups"] != nil || document.root["extends"] != nil,
                      seen.insert(id).inserted else { continue }
                found.append(KnownRuleset(id: id, title: document.root["title"]?.scalar?.text ?? id, file: path))
            }
        }
        return found
    }
}
