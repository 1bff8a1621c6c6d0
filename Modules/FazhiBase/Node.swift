/// A node of a document: a scalar, a sequence or a mapping, with where it starts and ends.
///
/// The tree knows no file format: the YAML reader builds it from libyaml's events today, and any other
/// reader (JSON, a spreadsheet row, a database column holding a check) builds the same tree, so the
/// model and its diagnostics do not depend on where a ruleset or evidence came from.
///
/// Scalars stay text. Nothing here decides that `0801` is a number or `NO` is false: a reader asks
/// for the type it expects (see `NodeValue`), and a wrong type is then an error at this node.
public struct Node: Sendable {
    package enum Content: Sendable {
        case scalar(Node.Scalar)
        case sequence([Node])
        case mapping([Node.Pair])
    }

    package var content: Content
    public var start: Mark
    public var end: Mark
    /// Where this node came from when it is not the document of the node that holds it: a value an
    /// override inherited from a parent ruleset keeps the parent's file and path, so a problem in it is
    /// reported at the parent's own line. Nil for every node a reader builds.
    package var origin: Origin?

    package init(_ content: Content, start: Mark, end: Mark) {
        self.content = content
        self.start = start
        self.end = end
    }

    package var scalar: Node.Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    package var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    package var mapping: [Node.Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of a scalar key in a mapping.
    package subscript(key: String) -> Node? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.key.scalar?.text == key { return pair.value }
        return nil
    }

    /// A plain `~`, `null`, `Null`, `NULL` or an empty plain scalar: YAML's null.
    package var isNull: Bool {
        guard let s = scalar, s.style == .plain, s.tag == nil else { return false }
        return s.text.isEmpty || s.text == "~" || s.text == "null" || s.text == "Null" || s.text == "NULL"
    }

    /// What the node is, in words, for "expected …, found …" messages.
    package var kindDescription: String {
        switch content {
        case .scalar(let s):
            if isNull { return "nothing (null)" }
            let shown = s.text.count > 40 ? String(s.text.prefix(40)) + "…" : s.text
            return "\"\(shown)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension Node {
    /// A node's own document and path, for nodes moved into another document's tree.
    package final class Origin: Sendable {
        package let source: SourceFile
        package let path: NodePath
        package init(source: SourceFile, path: NodePath) {
            self.source = source
            self.path = path
        }
    }

    package struct Scalar: Sendable, Hashable {
        package enum Style: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
        package var text: String
        package var style: Style
        /// An explicit tag (`!!str`, `!date`), if the author wrote one.
        package var tag: String?

        package init(_ text: String, style: Style = .plain, tag: String? = nil) {
            self.text = text
            self.style = style
            self.tag = tag
        }
    }

    package struct Pair: Sendable {
        package var key: Node
        package var value: Node
        package init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }
}

/// One document of a stream, with the file it came from.
public struct Document: Sendable {
    package let source: SourceFile
    package let root: Node
    /// 0-based position of this document in its stream.
    package let index: Int

    package init(source: SourceFile, root: Node, index: Int) {
        self.source = source
        self.root = root
        self.index = index
    }

    /// A typed view of the root, for reading with located errors.
    package var value: NodeValue { NodeValue(root, path: NodePath(), source: source) }
}
