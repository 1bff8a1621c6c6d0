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
    /// For a spreadsheet cell: the sheet's name; `start.line` is the row, `start.column` the column.
    package let sheet: String?

    package init(source: SourceFile, start: Mark, end: Mark? = nil) {
        self.source = source
        self.file = source.name
        self.sheet = source.sheet
        self.start = start
        self.end = end ?? start
    }

    /// A location in a file whose text is not at hand (e.g. a CSV row and column).
    package init(file: String, line: Int, column: Int) {
        self.source = nil
        self.file = file
        self.sheet = nil
        self.start = Mark(line: line, column: column)
        self.end = start
    }

    /// A spreadsheet cell: `file.xlsx:Sheet!C12` (row and column 1-based).
    package init(file: String, sheet: String, row: Int, column: Int) {
        self.source = nil
        self.file = file
        self.sheet = sheet
        self.start = Mark(line: row, column: column)
        self.end = start
    }

    /// `FILE:LINE:COL`, or `FILE:Sheet!C12` for a spreadsheet cell.
    public var description: String {
        guard let sheet else { return "\(file):\(start.line):\(start.column)" }
        return "\(file):\(Self.sheetReference(sheet))!\(Self.columnName(Int(start.column)))\(start.line)"
    }

    /// The cell reference alone (`C12`), for a spreadsheet location; nil otherwise.
    package var cell: String? {
        sheet == nil ? nil : "\(Self.columnName(Int(start.column)))\(start.line)"
    }

    /// A sheet name as a formula writes it: quoted ('Sheet 1') unless it is letters, digits and `_`.
    package static func sheetReference(_ name: String) -> String {
        if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first!.isNumber) { return name }
        return "'" + name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }

    /// 1 → A, 26 → Z, 27 → AA.
    package static func columnName(_ column: Int) -> String {
        var n = max(1, column)
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(out)
    }
}
