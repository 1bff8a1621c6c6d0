public import FazhiBase
public import FazhiCore

/// Rulesets in files and folders: a path as given, or an id looked up in the search directories.
///
/// A parent named by `extends:` is looked for first beside the ruleset that names it, then in the
/// search directories; nothing is looked up in the working directory unless it is one of them.
public struct RulesetFiles: RulesetSource {
    /// Where ids are looked up, in order (normally `rulesets/`).
    package var directories: [String]
    package var limits: YAMLLimits

    public init(directories: [String], limits: YAMLLimits = .default) {
        self.directories = directories
        self.limits = limits
    }

    public func ruleset(_ reference: String, from referrer: SourceFile?) throws(Diagnostic) -> RulesetDocument {
        let path = try resolvePath(reference, relativeTo: referrer?.name)
        let file = try SourceFile(contentsOfFile: path, limit: limits.maxFileBytes)
        return RulesetDocument(key: FileSystem.canonical(path), root: try parse(file))
    }

    public func parse(_ file: SourceFile) throws(Diagnostic) -> NodeValue {
        try YAMLParser.singleDocument(in: file, limits: limits).value
    }

    /// A path as given, or the file in the search directories whose id (or file name) matches.
    package func resolvePath(_ pathOrID: String, relativeTo base: String?) throws(Diagnostic) -> String {
        if pathOrID.hasSuffix(".yaml") || pathOrID.hasSuffix(".yml") || pathOrID.contains("/") {
            if let base, !pathOrID.hasPrefix("/") {
                return FileSystem.join(FileSystem.directory(of: base), pathOrID)
            }
            return pathOrID
        }
        var directories = directories
        if let base { directories.insert(FileSystem.directory(of: base), at: 0) }
        for directory in directories {
            let candidate = FileSystem.join(directory, pathOrID + ".yaml")
            if FileSystem.isFile(candidate) { return candidate }
        }
        for directory in directories {
            for file in FileSystem.list(directory) where file.hasSuffix(".yaml") {
                let candidate = FileSystem.join(directory, file)
                if let source = try? SourceFile(contentsOfFile: candidate),
                   let doc = try? YAMLParser.singleDocument(in: source),
                   doc.root["id"]?.scalar?.text == pathOrID, doc.root["groups"] != nil || doc.root["extends"] != nil {
                    return candidate
                }
            }
        }
        let known = directories.flatMap { FileSystem.list($0) }.filter { $0.hasSuffix(".yaml") && $0 != "metrics.yaml" }
            .map { String($0.dropLast(5)) }
        let hint = Suggest.closest(to: pathOrID, among: known).map { "; did you mean \"\($0)\"?" } ?? ""
        throw Diagnostic.error("no ruleset \"\(pathOrID)\" (looked in \(directories.joined(separator: ", ")))\(hint)", at: nil)
    }
}
