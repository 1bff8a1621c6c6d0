/// Where a node sits in its document, for messages: `groups[2].indicators[12].min`.
public struct NodePath: Sendable, Hashable, CustomStringConvertible {
    package enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    package var components: [Component]

    package init(_ components: [Component] = []) { self.components = components }

    // One allocation each: `components + [.key(key)]` made a one-element array first, and a document's
    // every entry takes a path.
    package func appending(_ key: String) -> NodePath { appending(component: .key(key)) }
    package func appending(index: Int) -> NodePath { appending(component: .index(index)) }

    private func appending(component: Component) -> NodePath {
        var longer: [Component] = []
        longer.reserveCapacity(components.count + 1)
        longer.append(contentsOf: components)
        longer.append(component)
        return NodePath(longer)
    }

    public var description: String {
        if components.isEmpty { return "(top level)" }
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += key
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}

/// A node together with its path and file: the way loaders read YAML. Every accessor that fails
/// throws a `Diagnostic` that names the path, the location, what was expected and what was found.
public struct NodeValue: Sendable {
    package let node: Node
    package let path: NodePath
    package let source: SourceFile

    package init(_ node: Node, path: NodePath, source: SourceFile) {
        self.node = node
        self.path = node.origin?.path ?? path
        self.source = node.origin?.source ?? source
    }

    package var location: SourceLocation { SourceLocation(source: source, start: node.start, end: node.end) }
    package var isNull: Bool { node.isNull }

    /// "PATH: MESSAGE" located at this node.
    package func error(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic.error("\(path): \(message)", at: location, hint: hint)
    }

    /// "PATH: expected WHAT, found WHAT-IT-IS".
    package func expected(_ what: String, hint: String? = nil) -> Diagnostic {
        error("expected \(what), found \(node.kindDescription)", hint: hint)
    }

    // MARK: Structure

    package var isMapping: Bool { node.mapping != nil }
    package var isSequence: Bool { node.sequence != nil }
    package var isScalar: Bool { node.scalar != nil && !isNull }

    /// The value at a key of a mapping, or nil when absent (or when this is not a mapping).
    package subscript(key: String) -> NodeValue? {
        guard let pairs = node.mapping else { return nil }
        for pair in pairs where pair.key.scalar?.text == key {
            return NodeValue(pair.value, path: path.appending(key), source: source)
        }
        return nil
    }

    /// The value at a key that must be present.
    package func required(_ key: String, _ what: String) throws(Diagnostic) -> NodeValue {
        guard isMapping else { throw expected("a mapping") }
        guard let value = self[key], !value.isNull else {
            throw Diagnostic.error("\(path): missing \"\(key)\"; expected \(what)",
                                   at: SourceLocation(source: source, start: node.start))
        }
        return value
    }

    /// The entries of a mapping, in order, with their keys as text.
    package func entries() throws(Diagnostic) -> [(key: String, keyNode: NodeValue, value: NodeValue)] {
        guard let pairs = node.mapping else { throw expected("a mapping") }
        var out: [(key: String, keyNode: NodeValue, value: NodeValue)] = []
        out.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                throw NodeValue(pair.key, path: path, source: source).expected("a text key")
            }
            let childPath = path.appending(key)
            out.append((key, NodeValue(pair.key, path: childPath, source: source), NodeValue(pair.value, path: childPath, source: source)))
        }
        return out
    }

    /// The items of a sequence.
    package func list() throws(Diagnostic) -> [NodeValue] {
        guard let items = node.sequence else { throw expected("a list") }
        return items.enumerated().map { NodeValue($1, path: path.appending(index: $0), source: source) }
    }

    /// A list, or a single scalar taken as a list of one (`lead: 司法局` or `lead: [司法局, 财政局]`).
    package func listOrSingle() throws(Diagnostic) -> [NodeValue] {
        if isNull { return [] }
        if isSequence { return try list() }
        if isScalar { return [self] }
        throw expected("a list or a single value")
    }

    /// Every key not in `allowed` as a diagnostic, with a "did you mean" where one is close.
    package func unknownKeys(allowed: [String], context: String) -> [Diagnostic] {
        guard let pairs = node.mapping else { return [] }
        var out: [Diagnostic] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text, !allowed.contains(key) else { continue }
            let keyValue = NodeValue(pair.key, path: path.appending(key), source: source)
            let hint = Suggest.closest(to: key, among: allowed).map { "did you mean \"\($0)\"?" }
            out.append(keyValue.error("unknown key \"\(key)\" in \(context)", hint: hint))
        }
        return out
    }

    // MARK: Scalars

    /// The scalar as text, exactly as written.
    package func text() throws(Diagnostic) -> String {
        guard let scalar = node.scalar, !isNull else { throw expected("text") }
        return scalar.text
    }

    /// A whole number (no YAML 1.1 octal or sexagesimal: `0801` is 801 only when a number is asked for).
    package func int() throws(Diagnostic) -> Int {
        guard let text = node.scalar?.text, !isNull else { throw expected("a whole number") }
        var t = Substring(text)
        var negative = false
        if t.first == "-" { negative = true; t = t.dropFirst() } else if t.first == "+" { t = t.dropFirst() }
        guard !t.isEmpty, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), t.count <= 18, let v = Int(t) else {
            throw expected("a whole number")
        }
        return negative ? -v : v
    }

    /// A decimal number such as `3`, `2.5` or `0.95`, exact to six places; a percent sign is refused here.
    package func number() throws(Diagnostic) -> FixedPoint {
        guard let text = node.scalar?.text, !isNull else { throw expected("a number") }
        switch NumberParser.parse(text) {
        case .success(let parsed) where !parsed.hadPercent: return parsed.value
        case .success: throw expected("a plain number (no percent sign)")
        case .failure(.tooPrecise): throw expected("a number with at most six decimal places")
        case .failure: throw expected("a number")
        }
    }

    /// A rate as a fraction of one: `95%`, `95 %` and `0.95` all read as 0.95. A bare number above 1
    /// (`95`) is refused with a hint, rather than guessed to mean 95%.
    package func rate() throws(Diagnostic) -> FixedPoint {
        guard let text = node.scalar?.text, !isNull else { throw expected("a percentage (e.g. 90% or 0.9)") }
        switch NumberParser.parse(text) {
        case .success(let parsed):
            if !parsed.hadPercent, parsed.value > .one {
                throw expected("a percentage (e.g. 90% or 0.9)", hint: "did you mean \(parsed.value)%?")
            }
            if parsed.value < .zero || parsed.value > .one {
                throw expected("a percentage between 0% and 100%")
            }
            return parsed.value
        case .failure:
            throw expected("a percentage (e.g. 90% or 0.9)")
        }
    }

    /// `true` or `false` (also 是 / 否 and 1 / 0: `YesNo`). YAML 1.1's yes/no/on/off are not booleans here.
    package func bool() throws(Diagnostic) -> Bool {
        guard let text = node.scalar?.text, !isNull, let value = YesNo.parse(text) else { throw expected(YesNo.accepted) }
        return value
    }

    /// A calendar date written `YYYY-MM-DD` that exists.
    package func date() throws(Diagnostic) -> CalendarDate {
        guard let text = node.scalar?.text, !isNull else { throw expected("a date (YYYY-MM-DD)") }
        switch CalendarDate.parse(text) {
        case .success(let date): return date
        case .failure(let problem): throw expected("a date (YYYY-MM-DD)", hint: problem.message)
        }
    }
}
