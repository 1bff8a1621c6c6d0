public import FazhiBase
internal import CLibYAML

/// Reads a YAML stream one document at a time with libyaml's event parser and builds located trees.
///
/// libyaml keeps pointers to the parser and to the input, so both live on the heap for the life of
/// this object and all C state stays inside it (the class is not `Sendable`).
///
///     let parser = try YAMLParser(source: try SourceFile(contentsOfFile: path))
///     while let document = try parser.nextDocument() { … }
public final class YAMLParser {
    package let source: SourceFile
    package let limits: YAMLLimits
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var finished = false
    private var documentIndex = 0
    /// The tree builder, kept between documents for its buffers. Taken into a local while a document
    /// is parsed, so the hot loop mutates a local value rather than a class property.
    private var builder: YAMLTreeBuilder?

    public init(source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) {
        self.source = source
        self.limits = limits
        builder = YAMLTreeBuilder(source: source, limits: limits)
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
    package static func documents(in source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) -> [Document] {
        let parser = try YAMLParser(source: source, limits: limits)
        var out: [Document] = []
        while let doc = try parser.nextDocument() { out.append(doc) }
        return out
    }

    /// Parses a file that must hold exactly one document (an empty file is an error).
    package static func singleDocument(in source: SourceFile, limits: YAMLLimits = .default) throws(Diagnostic) -> Document {
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
    public func nextDocument() throws(Diagnostic) -> Document? {
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

    private func parseDocument() throws(Diagnostic) -> Document? {
        var tree = builder.take() ?? YAMLTreeBuilder(source: source, limits: limits)
        defer { builder = tree }
        tree.startDocument()
        var event = yaml_event_t()
        var documentStart = Mark(line: 1, column: 1)
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { throw parserError() }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let start = location(event.start_mark)
                let length = Int(data.length)
                if length > limits.maxScalarBytes {
                    throw Diagnostic.error(
                        "a scalar of \(length) bytes is longer than the limit of \(limits.maxScalarBytes) bytes",
                        at: SourceLocation(source: source, start: start))
                }
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: length), as: UTF8.self)
                let style: Node.Scalar.Style
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                let tag = data.tag.map { String(cString: $0) }
                try tree.scalar(Node(.scalar(Node.Scalar(text, style: style, tag: tag)), start: start, end: location(event.end_mark)),
                                anchor: data.anchor.map { String(cString: $0) })
            case YAML_MAPPING_START_EVENT:
                try tree.startCollection(isMapping: true, start: location(event.start_mark),
                                         anchor: event.data.mapping_start.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_START_EVENT:
                try tree.startCollection(isMapping: false, start: location(event.start_mark),
                                         anchor: event.data.sequence_start.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try tree.endCollection(end: location(event.end_mark))
            case YAML_ALIAS_EVENT:
                try tree.alias(String(cString: event.data.alias.anchor), start: location(event.start_mark), end: location(event.end_mark))
            case YAML_DOCUMENT_START_EVENT:
                documentStart = location(event.start_mark)
            case YAML_DOCUMENT_END_EVENT:
                let node = tree.root ?? Node(.scalar(Node.Scalar("")), start: documentStart, end: documentStart)
                defer { documentIndex += 1 }
                return Document(source: source, root: node, index: documentIndex)
            case YAML_STREAM_END_EVENT:
                finished = true
                return nil
            default:
                continue
            }
        }
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
