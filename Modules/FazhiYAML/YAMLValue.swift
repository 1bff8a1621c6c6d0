/// Where a node sits in its document, for messages: `groups[2].indicators[12].min`.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public func appending(_ key: String) -> YAMLPath { YAMLPath(components + [.key(key)]) }
    public func appending(index: Int) -> YAMLPath { YAMLPath(components + [.index(index)]) }

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
public struct YAMLValue: Sendable {
    public let node: YAMLNode
    public let path: YAMLPath
    public let source: SourceFile

    public init(_ node: YAMLNode, path: YAMLPath, source: SourceFile) {
        self.node = node
        self.path = path
        self.source = source
    }

    public var location: SourceLocation { SourceLocation(source: source, start: node.start, end: node.end) }
    public var isNull: Bool { node.isNull }

    /// "PATH: MESSAGE" located at this node.
    public func error(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic.error("\(path): \(message)", at: location, hint: hint)
    }

    /// "PATH: expected WHAT, found WHAT-IT-IS".
    public func expected(_ what: String, hint: String? = nil) -> Diagnostic {
        error("expected \(what), found \(node.kindDescription)", hint: hint)
    }

    // MARK: Structure

    public var isMapping: Bool { node.mapping != nil }
    public var isSequence: Bool { node.sequence != nil }
    public var isScalar: Bool { node.scalar != nil && !isNull }

    /// The value at a key of a mapping, or nil when absent (or when this is not a mapping).
    public subscript(key: String) -> YAMLValue? {
        guard let pairs = node.mapping else { return nil }
        for pair in pairs where pair.key.scalar?.text == key {
            return YAMLValue(pair.value, path: path.appending(key), source: source)
        }
        return nil
    }

    /// The value at a key that must be present.
    public func required(_ key: String, _ what: String) throws(Diagnostic) -> YAMLValue {
        guard isMapping else { throw expected("a mapping") }
        guard let value = self[key], !value.isNull else {
            throw Diagnostic.error("\(path): missing \"\(key)\"; expected \(what)",
                                   at: SourceLocation(source: source, start: node.start))
        }
        return value
    }

    /// The entries of a mapping, in order, with their keys as text.
    public func entries() throws(Diagnostic) -> [(key: String, keyNode: YAMLValue, value: YAMLValue)] {
        guard let pairs = node.mapping else { throw expected("a mapping") }
        var out: [(key: String, keyNode: YAMLValue, value: YAMLValue)] = []
        out.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                throw YAMLValue(pair.key, path: path, source: source).expected("a text key")
            }
            out.append((key, YAMLValue(pair.key, path: path.appending(key), source: source),
                        YAMLValue(pair.value, path: path.appending(key), source: source)))
        }
        return out
    }

    /// The items of a sequence.
    public func list() throws(Diagnostic) -> [YAMLValue] {
        guard let items = node.sequence else { throw expected("a list") }
        return items.enumerated().map { YAMLValue($1, path: path.appending(index: $0), source: source) }
    }

    /// A list, or a single scalar taken as a list of one (`lead: 司法局` or `lead: [司法局, 财政局]`).
    public func listOrSingle() throws(Diagnostic) -> [YAMLValue] {
        if isNull { return [] }
        if isSequence { return try list() }
        if isScalar { return [self] }
        throw expected("a list or a single value")
    }

    /// Every key not in `allowed` as a diagnostic, with a "did you mean" where one is close.
    public func unknownKeys(allowed: [String], context: String) -> [Diagnostic] {
        guard let pairs = node.mapping else { return [] }
        var out: [Diagnostic] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text, !allowed.contains(key) else { continue }
            let keyValue = YAMLValue(pair.key, path: path.appending(key), source: source)
            let hint = Suggest.closest(to: key, among: allowed).map { "did you mean \"\($0)\"?" }
            out.append(keyValue.error("unknown key \"\(key)\" in \(context)", hint: hint))
        }
        return out
    }

    // MARK: Scalars

    /// The scalar as text, exactly as written.
    public func text() throws(Diagnostic) -> String {
        guard let scalar = node.scalar, !isNull else { throw expected("text") }
        return scalar.text
    }

    /// A whole number (no YAML 1.1 octal or sexagesimal: `0801` is 801 only when a number is asked for).
    public func int() throws(Diagnostic) -> Int {
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
    public func number() throws(Diagnostic) -> FixedPoint {
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
    public func rate() throws(Diagnostic) -> FixedPoint {
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

    /// `true` or `false` (also 是 / 否). YAML 1.1's yes/no/on/off are not booleans here.
    public func bool() throws(Diagnostic) -> Bool {
        guard let text = node.scalar?.text, !isNull else { throw expected("true or false") }
        switch text {
        case "true", "True", "TRUE", "是": return true
        case "false", "False", "FALSE", "否": return false
        default: throw expected("true or false")
        }
    }

    /// A calendar date written `YYYY-MM-DD` that exists.
    public func date() throws(Diagnostic) -> CalendarDate {
        guard let text = node.scalar?.text, !isNull else { throw expected("a date (YYYY-MM-DD)") }
        switch CalendarDate.parse(text) {
        case .success(let date): return date
        case .failure(let problem): throw expected("a date (YYYY-MM-DD)", hint: problem.message)
        }
    }
}

/// A day in the Gregorian calendar.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        // Years 1–9999 only: arithmetic on days must not overflow whatever a file says.
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public struct Problem: Error, Sendable { public let message: String }

    public static func parse(_ text: String) -> Result<CalendarDate, Problem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return .failure(Problem(message: "write dates as YYYY-MM-DD")) }
        guard (1...12).contains(m) else { return .failure(Problem(message: "there is no month \(m)")) }
        guard let date = CalendarDate(year: y, month: m, day: d) else {
            return .failure(Problem(message: "\(y)-\(parts[1]) has \(days(inMonth: m, year: y)) days"))
        }
        return .success(date)
    }

    /// Days since 1970-01-01 (negative before), for arithmetic and compact storage.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

/// "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a typo.
public enum Suggest {
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.unicodeScalars)
        // A typo of a key is short; a long word (a garbage header, a sentence) has no suggestion, and
        // costs nothing: the distance is quadratic.
        guard !w.isEmpty, w.count <= 64 else { return nil }
        let allowed = max(1, min(3, (w.count + 2) / 4))
        var best: (String, Int)?
        for candidate in candidates {
            let c = Array(candidate.unicodeScalars)
            // The distance is at least the difference in length: such a candidate can never be close enough.
            guard abs(c.count - w.count) <= allowed else { continue }
            let d = distance(w, c)
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        return d <= allowed ? candidate : nil
    }

    /// Edit distance where inserting, deleting or replacing a character, or swapping two neighbours
    /// (metirc → metric), each counts as one edit (optimal string alignment).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
