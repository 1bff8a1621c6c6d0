/// A node of a YAML document: a scalar, a sequence or a mapping, with where it starts and ends.
///
/// Scalars stay text. Nothing here decides that `0801` is a number or `NO` is false: a reader asks
/// for the type it expects (see `YAMLValue`), and a wrong type is then an error at this node.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var start: Mark
    public var end: Mark

    public init(_ content: Content, start: Mark, end: Mark) {
        self.content = content
        self.start = start
        self.end = end
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of a scalar key in a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.key.scalar?.text == key { return pair.value }
        return nil
    }

    /// A plain `~`, `null`, `Null`, `NULL` or an empty plain scalar: YAML's null.
    public var isNull: Bool {
        guard let s = scalar, s.style == .plain, s.tag == nil else { return false }
        return s.text.isEmpty || s.text == "~" || s.text == "null" || s.text == "Null" || s.text == "NULL"
    }

    /// What the node is, in words, for "expected …, found …" messages.
    public var kindDescription: String {
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

public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
    public var text: String
    public var style: Style
    /// An explicit tag (`!!str`, `!date`), if the author wrote one.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// One document of a stream, with the file it came from.
public struct YAMLDocument: Sendable {
    public let source: SourceFile
    public let root: YAMLNode
    /// 0-based position of this document in its stream.
    public let index: Int

    public init(source: SourceFile, root: YAMLNode, index: Int) {
        self.source = source
        self.root = root
        self.index = index
    }

    /// A typed view of the root, for reading with located errors.
    public var value: YAMLValue { YAMLValue(root, path: YAMLPath(), source: source) }
}

/// Limits that keep a hostile or broken file from eating the machine. Users can change them.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// How many nodes aliases may add to a document in all (a "billion laughs" stops here).
    public var aliasBudget: Int
    /// Longest scalar, in bytes.
    public var maxScalarBytes: Int

    public init(maxFileBytes: Int = 1 << 30, maxDepth: Int = 200, aliasBudget: Int = 100_000, maxScalarBytes: Int = 1 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.aliasBudget = aliasBudget
        self.maxScalarBytes = maxScalarBytes
    }

    public static let `default` = YAMLLimits()
}
