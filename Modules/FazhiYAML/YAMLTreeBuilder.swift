import FazhiBase
/// Builds the located tree of one document from parse events, with the checks that need the tree:
/// duplicate keys, the alias expansion budget and the nesting limit.
///
/// Free of C types: `YAMLParser` turns libyaml's events into these calls. A value type driven through
/// a local variable, so the hot path pays no dynamic exclusivity checks on class properties.
struct YAMLTreeBuilder {
    let source: SourceFile
    let limits: YAMLLimits

    /// An open sequence or mapping. Its children sit in `work` from `base` on (for a mapping: key,
    /// value, key, value, …) until its end turns them into one exactly sized array.
    private struct Frame {
        var isMapping: Bool
        var start: Mark
        var anchor: String?
        var base: Int
        /// Nodes in the subtree so far, aliases counted at their expanded size.
        var size = 1
        /// First place (index in `work`) of each text key, built once a mapping grows large.
        var keyIndex: [String: Int]?
    }

    private struct Anchored {
        var node: Node
        var size: Int
    }

    /// Children of every open collection, innermost last.
    private let work = NodeStack()
    private var frames: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    /// Nodes added by aliases in this document so far.
    private var expanded = 0
    /// The finished top-level node, once there is one.
    private(set) var root: Node?

    init(source: SourceFile, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    /// Forgets the previous document (anchors do not cross documents) but keeps the buffers.
    mutating func startDocument() {
        work.removeAll()
        frames.removeAll(keepingCapacity: true)
        anchors.removeAll(keepingCapacity: true)
        expanded = 0
        root = nil
    }

    mutating func scalar(_ node: Node, anchor: String?) throws(Diagnostic) {
        if let anchor { anchors[anchor] = Anchored(node: node, size: 1) }
        try add(node, size: 1)
    }

    mutating func startCollection(isMapping: Bool, start: Mark, anchor: String?) throws(Diagnostic) {
        if frames.count >= limits.maxDepth {
            throw Diagnostic.error("nesting deeper than \(limits.maxDepth) levels; expected a flatter document",
                                   at: here(start))
        }
        frames.append(Frame(isMapping: isMapping, start: start, anchor: anchor, base: work.count))
    }

    mutating func endCollection(end: Mark) throws(Diagnostic) {
        let frame = frames.removeLast()
        let content: Node.Content =
            frame.isMapping ? .mapping(work.popPairs(from: frame.base)) : .sequence(work.popItems(from: frame.base))
        let node = Node(content, start: frame.start, end: end)
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: frame.size) }
        try add(node, size: frame.size)
    }

    mutating func alias(_ name: String, start: Mark, end: Mark) throws(Diagnostic) {
        guard let target = anchors[name] else {
            if frames.contains(where: { $0.anchor == name }) {
                throw Diagnostic.error(
                    "alias *\(name) refers to a node that contains it; expected an alias to a finished node",
                    at: here(start, end))
            }
            throw Diagnostic.error("alias *\(name) names no anchor; expected &\(name) earlier in this document",
                                   at: here(start, end))
        }
        expanded += target.size
        if expanded > limits.aliasBudget {
            throw Diagnostic.error(
                "aliases expand to more than \(limits.aliasBudget) nodes; refusing to expand further (a document that multiplies aliases is not accepted)",
                at: here(start, end))
        }
        // A duplicate key written as an alias is reported where the alias is, not at its anchor.
        try add(target.node, size: target.size, writtenAt: (start, end))
    }

    private func here(_ start: Mark, _ end: Mark? = nil) -> SourceLocation {
        SourceLocation(source: source, start: start, end: end)
    }

    /// Adds a finished node to the innermost open collection, or makes it the root.
    private mutating func add(_ node: Node, size: Int, writtenAt place: (Mark, Mark)? = nil) throws(Diagnostic) {
        guard let top = frames.indices.last else {
            root = node
            return
        }
        frames[top].size += size
        if frames[top].isMapping, (work.count - frames[top].base) & 1 == 0, case .scalar(let key) = node.content,
           let first = firstPlace(ofKey: key.text, inFrame: top)
        {
            let previous = work[first]
            throw Diagnostic(.error, "duplicate key \"\(key.text)\" in this mapping; expected each key once",
                             at: here(place?.0 ?? node.start, place?.1 ?? node.end),
                             notes: [.init("\"\(key.text)\" first defined here", at: here(previous.start, previous.end))])
        }
        work.push(node)
    }

    /// Where a key with this text first appears in the mapping being built (an index in `work`), if it
    /// does. Small mappings are scanned; from 16 keys on an index keeps a large batch linear. In the
    /// indexed case, records the key about to be appended.
    private mutating func firstPlace(ofKey text: String, inFrame top: Int) -> Int? {
        let base = frames[top].base
        if work.count - base < 32 {
            var i = base
            while i < work.count {
                if work.scalarText(at: i) == text { return i }
                i += 2
            }
            return nil
        }
        if frames[top].keyIndex == nil {
            var index: [String: Int] = [:]
            var i = base
            while i < work.count {
                if let key = work.scalarText(at: i), index[key] == nil { index[key] = i }
                i += 2
            }
            frames[top].keyIndex = index
        }
        if let first = frames[top].keyIndex![text] { return first }
        frames[top].keyIndex![text] = work.count
        return nil
    }
}
