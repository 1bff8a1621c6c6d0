/// A position in a source file: 1-based line and 1-based column counted in characters.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int32
    public var column: Int32

    package init(line: Int, column: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
    }

    public static func < (a: Mark, b: Mark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Where something is: a file and a start and end mark.
public struct SourceLocation: Sendable, CustomStringConvertible {
    package let source: SourceFile?
    package let file: String
    package let start: Mark
    package let end: Mark

    package init(source: SourceFile, start: Mark, end: Mark? = nil) {
        self.source = source
        self.file = source.name
        self.start = start
        self.end = end ?? start
    }

    /// A location in a file whose text is not at hand (e.g. a CSV row and column).
    package init(file: String, line: Int, column: Int) {
        self.source = nil
        self.file = file
        self.start = Mark(line: line, column: column)
        self.end = start
    }

    /// `FILE:LINE:COL`
    public var description: String { "\(file):\(start.line):\(start.column)" }
}
