public import FazhiBase

/// A value to write in a cell.
public enum CellContent: Sendable, Hashable {
    case text(String)
    case number(Double)
    /// An exact decimal written as typed (`0.9`, `12.5`), so no binary rounding shows in the file.
    case decimal(String)
    case bool(Bool)
    /// A calendar date, written as its serial number (1900 system) under a date format.
    case date(CalendarDate)
    /// A formula (without `=`) and its saved result, if any (a program that does not calculate saves none).
    case formula(String, cached: Double?)
    /// An error value such as `#N/A`.
    case error(String)
}

/// One cell to write: its content and style.
public struct Cell: Sendable, Hashable {
    public var content: CellContent
    public var style: CellStyle

    public init(_ content: CellContent, _ style: CellStyle = .plain) {
        self.content = content
        self.style = style
    }

    public static func text(_ s: String, _ style: CellStyle = .plain) -> Cell { Cell(.text(s), style) }
    /// A cell with no value that still carries a style (an unlocked input, a fill).
    public static func blank(_ style: CellStyle) -> Cell { Cell(.text(""), style) }
}

/// A data validation on a range: a drop-down list or a number range, with the message Excel and WPS
/// show when a value breaks it.
public struct DataValidation: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        /// A drop-down of these words (together at most 255 characters, Excel's limit).
        case list([String])
        /// A decimal between the two bounds (inclusive).
        case decimal(Double, Double)
        /// A whole number between the two bounds (inclusive).
        case whole(Int, Int)
        /// A date between two dates.
        case date(CalendarDate, CalendarDate)
    }

    public var rule: Rule
    /// Ranges such as `H2:H40` (several separated by spaces).
    public var ranges: String
    public var title: String
    public var message: String
    public var prompt: String?

    public init(_ rule: Rule, ranges: String, title: String, message: String, prompt: String? = nil) {
        self.rule = rule
        self.ranges = ranges
        self.title = title
        self.message = message
        self.prompt = prompt
    }
}

/// One sheet being built: rows are appended in order and encoded at once, so a template of 3,000 units
/// does not keep a cell object per cell.
public final class Worksheet {
    public let name: String
    /// Hidden sheets (`state="hidden"`) hold what the program needs and the user does not.
    public var hidden = false
    /// Column widths in Excel's character units, by column (1-based: index 0 is column A).
    public var columnWidths: [Double] = []
    /// Columns hidden from view (1-based).
    public var hiddenColumns: Set<Int> = []
    /// Rows and columns frozen at the top and left.
    public var frozenRows = 0
    public var frozenColumns = 0
    /// An autofilter on the header row over the used columns: `A1:J1` is written as the full range.
    public var autoFilter = false
    /// A filter in force on the autofilter: the column (1-based) and the values shown (what Excel
    /// writes when a user filters; the rows it hides are written hidden by the caller).
    public var filter: (column: Int, values: [String])?
    public var validations: [DataValidation] = []
    /// Sheet protection without a password: it keeps a unit from editing locked cells (the texts and
    /// keys the reader relies on) by accident; anyone can lift it (审阅 → 撤销工作表保护). It guards the
    /// layout, not the data.
    public var protected = false
    /// Rows repeated at the top of every printed page (1-based, inclusive).
    public var printTitleRows: ClosedRange<Int>?
    public var landscape = true
    /// Fit the columns to the page width when printing (A4).
    public var fitToWidth = true

    var data = XMLBuffer()
    private(set) var rowCount = 0
    private(set) var maxColumn = 0
    /// Merged ranges (`A1:C1`), written after the data.
    public var merged: [String] = []

    unowned let book: Workbook

    init(name: String, book: Workbook) {
        self.name = name
        self.book = book
    }

    /// The number of rows written so far (the last row's number).
    public var rows: Int { rowCount }

    /// Appends a row (the next row number); nil cells are left out. `height` in points.
    public func addRow(_ cells: [Cell?], height: Double? = nil, hidden: Bool = false) {
        rowCount += 1
        let r = rowCount
        data.raw("<row r=\"\(r)\"")
        if let height { data.raw(" ht=\"\(height)\" customHeight=\"1\"") }
        if hidden { data.raw(" hidden=\"1\"") }
        data.raw(">")
        for (i, cell) in cells.enumerated() {
            guard let cell else { continue }
            let column = i + 1
            maxColumn = max(maxColumn, column)
            let ref = SourceLocation.columnName(column) + "\(r)"
            let s = book.styles.id(cell.style)
            let styleAttr = s == 0 ? "" : " s=\"\(s)\""
            switch cell.content {
            case .text(let t):
                if t.isEmpty {
                    data.raw("<c r=\"\(ref)\"\(styleAttr)/>")
                } else {
                    data.raw("<c r=\"\(ref)\"\(styleAttr) t=\"s\"><v>\(book.sharedString(t))</v></c>")
                }
            case .number(let d):
                if d.isFinite {
                    data.raw("<c r=\"\(ref)\"\(styleAttr)><v>\(Self.numberText(d))</v></c>")
                } else {
                    data.raw("<c r=\"\(ref)\"\(styleAttr)/>")
                }
            case .decimal(let text):
                data.raw("<c r=\"\(ref)\"\(styleAttr)><v>")
                data.text(text)
                data.raw("</v></c>")
            case .bool(let b):
                data.raw("<c r=\"\(ref)\"\(styleAttr) t=\"b\"><v>\(b ? 1 : 0)</v></c>")
            case .date(let date):
                data.raw("<c r=\"\(ref)\"\(styleAttr)><v>\(date.daysSinceEpoch + 25_569)</v></c>")
            case .formula(let f, let cached):
                data.raw("<c r=\"\(ref)\"\(styleAttr)><f>")
                data.text(f)
                data.raw("</f>")
                if let cached { data.raw("<v>\(Self.numberText(cached))</v>") }
                data.raw("</c>")
            case .error(let e):
                data.raw("<c r=\"\(ref)\"\(styleAttr) t=\"e\"><v>")
                data.text(e)
                data.raw("</v></c>")
            }
        }
        data.raw("</row>")
    }

    /// Shortest text that reads back as the same double; whole numbers without `.0`.
    static func numberText(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// The height (points) a row needs to show these texts wrapped in columns of these widths: LibreOffice
    /// does not recompute row heights when it opens a workbook, so wrapped text is given its lines.
    public static func height(wrapping texts: [(text: String, width: Double)], lineHeight: Double = 15) -> Double? {
        var lines = 1
        for (text, width) in texts where !text.isEmpty {
            let usable = max(1, width - 1)
            var n = 0
            for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
                n += max(1, Int((Double(DisplayWidth.of(part)) / usable).rounded(.up)))
            }
            lines = max(lines, n)
        }
        return lines > 1 ? Double(lines) * lineHeight + 2 : nil
    }

    /// The width a column needs for this text: CJK characters count two units, as in Excel and WPS.
    public static func width(of text: String) -> Double {
        let widest = text.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 0
        return Double(widest) + 2
    }

    func xml() -> [UInt8] {
        var x = XMLBuffer()
        x.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        x.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        if fitToWidth { x.raw(#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#) }
        let last = SourceLocation.columnName(max(1, maxColumn))
        x.raw("<dimension ref=\"A1:\(last)\(max(1, rowCount))\"/>")
        x.raw(#"<sheetViews><sheetView workbookViewId="0""#)
        if hidden { x.raw(">") } else { x.raw(#" tabSelected="0">"#) }
        if frozenRows > 0 || frozenColumns > 0 {
            let topLeft = SourceLocation.columnName(frozenColumns + 1) + "\(frozenRows + 1)"
            let pane = frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : frozenRows > 0 ? "bottomLeft" : "topRight"
            x.raw("<pane")
            if frozenColumns > 0 { x.raw(" xSplit=\"\(frozenColumns)\"") }
            if frozenRows > 0 { x.raw(" ySplit=\"\(frozenRows)\"") }
            x.raw(" topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>")
            x.raw("<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>")
        }
        x.raw("</sheetView></sheetViews>")
        x.raw(#"<sheetFormatPr defaultRowHeight="15"/>"#)
        if !columnWidths.isEmpty || !hiddenColumns.isEmpty {
            x.raw("<cols>")
            let count = max(columnWidths.count, hiddenColumns.max() ?? 0)
            for i in 0..<count {
                let width = i < columnWidths.count ? columnWidths[i] : 10
                x.raw("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(min(255, width))\" customWidth=\"1\"")
                if hiddenColumns.contains(i + 1) { x.raw(#" hidden="1""#) }
                x.raw("/>")
            }
            x.raw("</cols>")
        }
        x.raw("<sheetData>")
        x.bytes.append(contentsOf: data.bytes)
        x.raw("</sheetData>")
        if protected {
            // No password: protection guards the layout against slips, not against a determined user.
            x.raw(#"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0" sort="0"/>"#)
        }
        if autoFilter, maxColumn > 0 {
            x.raw("<autoFilter ref=\"A\(frozenRows > 0 ? frozenRows : 1):\(last)\(max(1, rowCount))\"")
            if let filter {
                x.raw("><filterColumn colId=\"\(filter.column - 1)\"><filters>")
                for v in filter.values {
                    x.raw("<filter val=\"")
                    x.text(v)
                    x.raw("\"/>")
                }
                x.raw("</filters></filterColumn></autoFilter>")
            } else {
                x.raw("/>")
            }
        }
        if !merged.isEmpty {
            x.raw("<mergeCells count=\"\(merged.count)\">")
            for m in merged { x.raw("<mergeCell ref=\"\(m)\"/>") }
            x.raw("</mergeCells>")
        }
        if !validations.isEmpty {
            x.raw("<dataValidations count=\"\(validations.count)\">")
            for v in validations {
                let type: String
                var operatorAttr = ""
                var f1 = "", f2: String?
                switch v.rule {
                case .list(let words):
                    type = "list"
                    f1 = "\"" + words.joined(separator: ",").replacingQuotes() + "\""
                case .decimal(let lo, let hi):
                    type = "decimal"
                    operatorAttr = #" operator="between""#
                    f1 = Self.numberText(lo)
                    f2 = Self.numberText(hi)
                case .whole(let lo, let hi):
                    type = "whole"
                    operatorAttr = #" operator="between""#
                    f1 = "\(lo)"
                    f2 = "\(hi)"
                case .date(let lo, let hi):
                    type = "date"
                    operatorAttr = #" operator="between""#
                    f1 = "\(lo.daysSinceEpoch + 25_569)"
                    f2 = "\(hi.daysSinceEpoch + 25_569)"
                }
                x.raw("<dataValidation type=\"\(type)\"\(operatorAttr) allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"")
                x.text(v.title)
                x.raw("\" error=\"")
                x.text(v.message)
                x.raw("\"")
                if let prompt = v.prompt {
                    x.raw(" promptTitle=\"")
                    x.text(v.title)
                    x.raw("\" prompt=\"")
                    x.text(prompt)
                    x.raw("\"")
                }
                x.raw(" sqref=\"\(v.ranges)\"><formula1>")
                x.text(f1)
                x.raw("</formula1>")
                if let f2 {
                    x.raw("<formula2>")
                    x.text(f2)
                    x.raw("</formula2>")
                }
                x.raw("</dataValidation>")
            }
            x.raw("</dataValidations>")
        }
        x.raw(#"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>"#)
        x.raw("<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\"")
        if fitToWidth { x.raw(#" fitToWidth="1" fitToHeight="0""#) }
        x.raw("/>")
        x.raw("</worksheet>")
        return x.bytes
    }
}

extension String {
    /// A list validation's words inside a quoted formula: a quote is doubled.
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out
    }
}
