internal import CLibYAML

/// Reads a YAML stream one document at a time with libyaml's event parser and builds located trees.
///
/// libyaml keeps pointers to the parser and to the input, so both live on the heap for the life of
/// this object and all C state stays inside it (the class is not `Sendable`).
///
///     let parser = try YAMLParser(source: try SourceFile(contentsOfFile: path))
///     while let document = try parser.nextDocument() { … }
public final class YAMLParser {
    public let source: SourceFile
    public let limits: YAMLLimits
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var finished = false
    private var documentIndex = 0
    private var anchors: [String: Anchored] = [:]
    private var expanded = 0

    private struct Anchored {
        var node: YAMLNode
        var size: Int
    }

    private struct Frame {
        var isMapping: Bool
        var start: Mark
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var keyIndex: [String: Int]?
        var size = 1
    }

    public init(source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) {
        self.source = source
        self.limits = limits
        if source.bytes.count > limits.maxFileBytes {
            throw Diagnostic.error(
                "file is \(source.bytes.count) bytes, larger than the limit of \(limits.maxFileBytes) bytes",
                at: SourceLocation(source: source, start: Mark(line: 1, column: 1)))
        }
        if let bad = UTF8Check.firstInvalidOffset(source.bytes) {
            let byte = source.bytes[bad]
            throw Diagnostic.error(
                "invalid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) cannot appear here; expected UTF-8 text (save the file as UTF-8)",
                at: SourceLocation(source: source, start: source.mark(atByteOffset: bad)))
        }
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            throw Diagnostic.error("libyaml could not start (out of memory)", at: nil)
        }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, source.bytes.baseAddress, source.bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// Parses every document of a file.
    public static func documents(in source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) -> [YAMLDocument] {
        let parser = try YAMLParser(source: source, limits: limits)
        var out: [YAMLDocument] = []
        while let doc = try parser.nextDocument() { out.append(doc) }
        return out
    }

    /// Parses a file that must hold exactly one document (an empty file is an error).
    public static func singleDocument(in source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) -> YAMLDocument {
        let parser = try YAMLParser(source: source, limits: limits)
        guard let first = try parser.nextDocument() else {
            throw Diagnostic.error("the file is empty (or holds only comments); expected a YAML mapping",
                                   at: SourceLocation(source: source, start: Mark(line: 1, column: 1)))
        }
        if let second = try parser.nextDocument() {
            throw Diagnostic.error("a second YAML document starts here; expected one document in this file",
                                   at: SourceLocation(source: source, start: second.root.start))
        }
        return first
    }

    /// The next document of the stream, or nil at its end.
    public func nextDocument() throws(Diagnostic) -> YAMLDocument? {
        if finished { return nil }
        do {
            return try parseDocument()
        } catch {
            finished = true
            throw error
        }
    }

    private func location(_ mark: yaml_mark_t) -> Mark {
        Mark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func here(_ start: Mark, _ end: Mark? = nil) -> SourceLocation {
        SourceLocation(source: source, start: start, end: end)
    }

    private func parseDocument() throws(Diagnostic) -> YAMLDocument? {
        var event = yaml_event_t()
        var stack: [Frame] = []
        var root: YAMLNode?
        var documentStart = Mark(line: 1, column: 1)
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { throw parserError() }
            defer { yaml_event_delete(&event) }
            let start = location(event.start_mark)
            let end = location(event.end_mark)
            switch event.type {
            case YAML_STREAM_START_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                finished = true
                return nil
            case YAML_DOCUMENT_START_EVENT:
                anchors.removeAll(keepingCapacity: true)
                expanded = 0
                documentStart = start
            case YAML_DOCUMENT_END_EVENT:
                let node = root ?? YAMLNode(.scalar(YAMLScalar("")), start: documentStart, end: documentStart)
                defer { documentIndex += 1 }
                return YAMLDocument(source: source, root: node, index: documentIndex)
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let length = Int(data.length)
                if length > limits.maxScalarBytes {
                    throw Diagnostic.error(
                        "a scalar of \(length) bytes is longer than the limit of \(limits.maxScalarBytes) bytes",
                        at: here(start))
                }
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: length), as: UTF8.self)
                let style: YAMLScalar.Style
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                let tag = data.tag.map { String(cString: $0) }
                let node = YAMLNode(.scalar(YAMLScalar(text, style: style, tag: tag)), start: start, end: end)
                if let anchor = data.anchor { anchors[String(cString: anchor)] = Anchored(node: node, size: 1) }
                try add(node, size: 1, to: &stack, root: &root)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if stack.count >= limits.maxDepth {
                    throw Diagnostic.error(
                        "nesting deeper than \(limits.maxDepth) levels; expected a flatter document", at: here(start))
                }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                stack.append(Frame(isMapping: isMapping, start: start, anchor: anchorPointer.map { String(cString: $0) }))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
                let node = YAMLNode(content, start: frame.start, end: end)
                if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: frame.size) }
                try add(node, size: frame.size, to: &stack, root: &root)
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let target = anchors[name] else {
                    if stack.contains(where: { $0.anchor == name }) {
                        throw Diagnostic.error("alias *\(name) refers to a node that contains it; expected an alias to a finished node", at: here(start, end))
                    }
                    throw Diagnostic.error("alias *\(name) names no anchor; expected &\(name) earlier in this document", at: here(start, end))
                }
                expanded += target.size
                if expanded > limits.aliasBudget {
                    throw Diagnostic.error(
                        "aliases expand to more than \(limits.aliasBudget) nodes; refusing to expand further (a document that multiplies aliases is not accepted)",
                        at: here(start, end))
                }
                try add(target.node, size: target.size, to: &stack, root: &root)
            default:
                continue
            }
        }
    }

    private func add(_ node: YAMLNode, size: Int, to stack: inout [Frame], root: inout YAMLNode?) throws(Diagnostic) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].size += size
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            if case .scalar(let scalar) = node.content {
                if let previous = firstKey(scalar.text, in: stack[top]) {
                    throw Diagnostic(.error, "duplicate key \"\(scalar.text)\" in this mapping; expected each key once",
                                     at: here(node.start, node.end),
                                     notes: [.init("\"\(scalar.text)\" first defined here", at: here(previous.start, previous.end))])
                }
            }
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        if case .scalar(let scalar) = key.content {
            if stack[top].pairs.count >= 16 {
                if stack[top].keyIndex == nil {
                    var index: [String: Int] = [:]
                    for (i, pair) in stack[top].pairs.enumerated() {
                        if let text = pair.key.scalar?.text, index[text] == nil { index[text] = i }
                    }
                    stack[top].keyIndex = index
                }
                stack[top].keyIndex![scalar.text] = stack[top].pairs.count
            }
        }
        stack[top].pairs.append(YAMLPair(key: key, value: node))
    }

    /// The first key with this text in the mapping being built. Small mappings are scanned; large ones
    /// keep an index, so a batch of thousands of keys stays linear.
    private func firstKey(_ text: String, in frame: Frame) -> YAMLNode? {
        if let index = frame.keyIndex {
            return index[text].map { frame.pairs[$0].key }
        }
        for pair in frame.pairs where pair.key.scalar?.text == text { return pair.key }
        return nil
    }

    private func parserError() -> Diagnostic {
        LibYAMLError.diagnostic(parser, source: source)
    }
}

/// Turns libyaml's error state into a located diagnostic (shared by the tree builder and the counter).
enum LibYAMLError {
    static func diagnostic(_ parser: UnsafeMutablePointer<yaml_parser_t>, source: SourceFile) -> Diagnostic {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown YAML error"
        func mark(_ m: yaml_mark_t) -> Mark {
            let mark = Mark(line: Int(m.line) + 1, column: Int(m.column) + 1)
            // At the end of a file without a final line break libyaml moves to a line that does not
            // exist; point at the end of the last line instead, so the message can show it.
            guard mark.line > 1, source.lineText(Int(mark.line)) == nil,
                  let last = source.lineText(Int(mark.line) - 1) else { return mark }
            return Mark(line: Int(mark.line) - 1, column: last.unicodeScalars.count + 1)
        }
        switch p.error {
        case YAML_MEMORY_ERROR:
            return Diagnostic.error("out of memory while parsing YAML", at: SourceLocation(source: source, start: Mark(line: 1, column: 1)))
        case YAML_READER_ERROR:
            let at = source.mark(atByteOffset: Int(p.problem_offset))
            return Diagnostic.error(problem, at: SourceLocation(source: source, start: at))
        default:
            let at = mark(p.problem_mark)
            var message = problem
            var hint: String?
            if isTab(at: at, in: source) {
                if problem == "found character that cannot start any token" {
                    message = "found a tab character where indentation or a value should start"
                }
                hint = "indent YAML with spaces, not tabs"
            }
            var notes: [Diagnostic.Note] = []
            if let context = p.context {
                let contextMark = mark(p.context_mark)
                // libyaml often names the same place twice ("while scanning for the next token").
                if contextMark != at {
                    notes.append(.init(String(cString: context), at: SourceLocation(source: source, start: contextMark)))
                }
            }
            return Diagnostic(.error, message, at: SourceLocation(source: source, start: at), notes: notes, hint: hint)
        }
    }

    /// Whether the character at a mark is a tab.
    private static func isTab(at mark: Mark, in source: SourceFile) -> Bool {
        guard let line = source.lineText(Int(mark.line)) else { return false }
        var column: Int32 = 1
        for scalar in line.unicodeScalars {
            if column == mark.column { return scalar == "\t" }
            column += 1
        }
        return false
    }
}
