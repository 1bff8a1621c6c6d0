/// One problem found in a user's file, located and worded for the person who has to fix it.
///
/// Rendered compiler-style:
///
///     rulesets/x.yaml:12:5: error: duplicate key "id" in this mapping
///         id: nx-2
///         ^~
///     rulesets/x.yaml:10:5: note: first defined here
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// Related places ("first defined here"), each rendered as its own note.
    package var notes: [Note]
    /// A short hint appended to the message, such as "did you mean 'metric'?".
    package var hint: String?

    package struct Note: Sendable {
        public var message: String
        public var location: SourceLocation?
        package init(_ message: String, at location: SourceLocation?) {
            self.message = message
            self.location = location
        }
    }

    package init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], hint: String? = nil
    ) {
        self.severity = severity
        // A safety net for input quoted whole somewhere (a 20 MB line must not become a 20 MB message).
        self.message = message.utf8.count > Self.maxMessageBytes ? Self.quoted(message, limit: 1000) : message
        self.location = location
        self.notes = notes
        self.hint = hint
    }

    static let maxMessageBytes = 4000

    /// Input quoted in a message: its first `limit` characters, then "…" when there is more (a cell, a
    /// column name or a key can be a whole 20 MB line).
    package static func quoted(_ text: String, limit: Int = 200) -> String {
        guard text.utf8.count > limit else { return text }
        var out = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
        if out.unicodeScalars.count < text.unicodeScalars.count { out += "…" }
        return out
    }

    package static func error(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, hint: hint)
    }

    /// The message with its hint, without location.
    package var fullMessage: String {
        guard let hint else { return message }
        return "\(message); \(hint)"
    }

    /// The full rendering: the located line, the source line with a caret, then the notes.
    public var description: String {
        var out = Diagnostic.render(severity.rawValue, fullMessage, location)
        for note in notes { out += "\n" + Diagnostic.render("note", note.message, note.location) }
        return out
    }

    static func render(_ label: String, _ message: String, _ location: SourceLocation?) -> String {
        guard let location else { return "\(label): \(message)" }
        var out = "\(location): \(label): \(message)"
        if location.sheet == nil, let source = location.source, let line = source.lineText(Int(location.start.line)) {
            let (shown, start, end) = excerpt(line, location.start, location.end)
            out += "\n" + shown + "\n" + caretLine(shown, start, end)
        }
        return out
    }

    /// Widest source line shown whole; a longer one (minified flow YAML) is cut around the column.
    static let maxLineWidth = 160

    /// The line, or for a very long line a window around the start column with "…" at the cut ends,
    /// and the marks moved to match.
    static func excerpt(_ line: String, _ start: Mark, _ end: Mark) -> (String, Mark, Mark) {
        guard DisplayWidth.of(line) > maxLineWidth else { return (line, start, end) }
        let scalars = Array(line.unicodeScalars)
        let at = max(0, min(scalars.count, Int(start.column) - 1))
        // Up to 40 columns of context before the caret, then as much as fits after it.
        var from = at
        var width = 0
        while from > 0, width + DisplayWidth.of(scalars[from - 1]) <= 40 {
            from -= 1
            width += DisplayWidth.of(scalars[from])
        }
        var to = at
        while to < scalars.count, width + DisplayWidth.of(scalars[to]) <= maxLineWidth - 2 {
            width += DisplayWidth.of(scalars[to])
            to += 1
        }
        var shown = from > 0 ? "…" : ""
        shown.unicodeScalars.append(contentsOf: scalars[from..<to])
        if to < scalars.count { shown += "…" }
        let shift = Int32(from) - (from > 0 ? 1 : 0)
        var newEnd = end
        if end.line == start.line { newEnd.column = min(end.column - shift, Int32(shown.unicodeScalars.count) + 1) }
        return (shown, Mark(line: Int(start.line), column: Int(start.column - shift)), newEnd)
    }

    /// Spaces (tabs kept, wide characters doubled) up to the start column, a caret, and tildes to the end
    /// column when the end is on the same line.
    static func caretLine(_ line: String, _ start: Mark, _ end: Mark) -> String {
        var pad = ""
        var underline = 0
        var column = 1
        for scalar in line.unicodeScalars {
            if column >= Int(start.column) {
                if end.line == start.line, column < Int(end.column) {
                    underline += DisplayWidth.of(scalar)
                    column += 1
                    continue
                }
                break
            }
            if scalar == "\t" { pad.append("\t") } else { pad += String(repeating: " ", count: DisplayWidth.of(scalar)) }
            column += 1
        }
        let tildes = max(0, underline - 1)
        return pad + "^" + String(repeating: "~", count: tildes)
    }
}

/// Several diagnostics from one run: a loader collects them all instead of stopping at the first.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
