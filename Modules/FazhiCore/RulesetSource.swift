public import FazhiBase

/// Where rulesets come from: files and folders today (`RulesetFiles` in FazhiYAML), a database next.
///
/// A ruleset named by the user, a parent named by `extends:` and an id all resolve through the source
/// the loader is given, never through the working directory by accident. The source also owns the
/// format: it turns the bytes of a document into the format-free `Node` tree the loader reads.
public protocol RulesetSource: Sendable {
    /// The ruleset document a reference names: a path or an id, as the user gave it (`referrer` nil) or
    /// as written in the `extends:` of the ruleset in `referrer`.
    ///
    /// A reference that names nothing throws a diagnostic without location (the loader reports it at
    /// the `extends:` that named it); a document that is found but cannot be read (a syntax error in a
    /// parent) throws one located in that document, so the error names the parent's own line.
    func ruleset(_ reference: String, from referrer: SourceFile?) throws(Diagnostic) -> RulesetDocument

    /// The tree of a document whose bytes are already in memory (tools, fuzzing, uploads).
    func parse(_ file: SourceFile) throws(Diagnostic) -> NodeValue
}

/// One ruleset document as a source hands it to the loader.
public struct RulesetDocument: Sendable {
    /// What identifies the document whatever reference reached it (a canonical path, a database key):
    /// `extends` cycles are found on it.
    package var key: String
    package var root: NodeValue

    package init(key: String, root: NodeValue) {
        self.key = key
        self.root = root
    }
}
