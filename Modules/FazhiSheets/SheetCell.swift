public import FazhiBase
import Foundation

/// What a cell holds, as the file stores it.
public enum CellValue: Sendable, Hashable {
    /// A number: Excel and WPS store binary doubles in decimal text (`0.90000000000000002` for 0.9);
    /// `text` is that text as stored.
    case number(Double, text: String)
    /// Text: a shared string, an inline string or a formula's text result (rich-text runs joined).
    case text(String)
    case bool(Bool)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)
    /// A formula whose result the file does not hold (written by a program that does not calculate).
    case formulaWithoutValue(String)
}

/// The number format of a cell, as far as reading needs it.
public enum NumberFormatKind: Sendable, Hashable {
    case general
    /// A `%` format: the cell holds a fraction (0.9 shows as 90%).
    case percent
    /// A date or date-time format: the cell holds a serial day number.
    case date
    /// `@`: text.
    case text
    /// Any other (a fixed number of decimals, a currency, …).
    case other

    /// Classifies a built-in format id (ECMA-376 §18.8.30) or a custom format code.
    public static func classify(id: Int, code: String?) -> NumberFormatKind {
        switch id {
        case 0: return .general
        case 9, 10: return .percent
        case 14...22, 27...36, 45...47, 50...58: return .date
        case 49: return .text
        default: break
        }
        guard let code else { return .other }
        // Quoted text, escaped characters and [colour]/[condition] sections are not format letters.
        var plain = ""
        var inQuote = false, inBracket = false, escaped = false
        for c in code {
            if escaped { escaped = false; continue }
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if inBracket { if c == "]" { inBracket = false }; continue }
            switch c {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true
            default: plain.append(c)
            }
        }
        let lower = plain.lowercased()
        if lower.contains("%") { return .percent }
        if lower == "@" { return .text }
        if lower.contains("y") || lower.contains("d") || (lower.contains("m") && !lower.contains("0") && !lower.contains("#")) { return .date }
        if lower == "general" { return .general }
        return .other
    }
}

/// One cell read from a sheet.
public struct SheetCell: Sendable, Hashable {
    /// 1-based row and column.
    public var row: Int
    public var column: Int
    public var value: CellValue
    public var format: NumberFormatKind
    /// Whether the cell holds a formula (its cached result is `value`).
    public var isFormula: Bool

    public init(row: Int, column: Int, value: CellValue, format: NumberFormatKind = .general, isFormula: Bool = false) {
        self.row = row
        self.column = column
        self.value = value
        self.format = format
        self.isFormula = isFormula
    }

    /// `C12`.
    public var reference: String { SourceLocation.columnName(column) + "\(row)" }

    /// Text cells (and formula text results) trimmed of spaces; nil for other kinds.
    public var text: String? {
        if case .text(let t) = value { return t }
        return nil
    }

    /// Whether the cell holds nothing a reader should take as a value: empty text (Excel writes a
    /// styled empty cell with no value; some programs write an empty string).
    public var isBlank: Bool {
        if case .text(let t) = value { return t.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{3000}" } }
        return false
    }
}

/// One row of a sheet, with its cells in column order (empty cells left out).
public struct SheetRow: Sendable {
    public var number: Int
    public var hidden: Bool
    public var cells: [SheetCell]
}

/// A range of cells (merged cells), 1-based and inclusive.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

    public var description: String {
        SourceLocation.columnName(firstColumn) + "\(firstRow):" + SourceLocation.columnName(lastColumn) + "\(lastRow)"
    }

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }
}

/// Reading numbers and dates the way Excel and WPS store them.
public enum SheetNumbers {
    /// Excel keeps 15 significant digits and shows no more: a number is read as it shows at that
    /// precision, so the binary noise of a double (0.9 stored as 0.90000000000000002, 95.7% computed
    /// as 0.9570000000000001) never reaches the engine's exact decimals.
    public static let significantDigits = 15

    /// The shortest decimal text that reads back as the same double, without an exponent: Excel's
    /// `0.90000000000000002` is the double nearest 0.9, so it reads as `0.9`, not as a rounding error.
    public static func decimal(_ d: Double) -> String {
        guard d.isFinite else { return "\(d)" }
        if d == 0 { return "0" }
        let shortest = String(format: "%.\(significantDigits)g", d)
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest
        }
        // m.mmme±x → plain digits
        var mantissa = String(shortest[..<e])
        let exponent = Int(shortest[shortest.index(after: e)...]) ?? 0
        var negative = false
        if mantissa.hasPrefix("-") { negative = true; mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = whole + fraction
        let point = whole.count + exponent
        var out: String
        if point <= 0 {
            out = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out = digits + String(repeating: "0", count: point - digits.count)
        } else {
            out = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        if out.contains(".") {
            while out.hasSuffix("0") { out.removeLast() }
            if out.hasSuffix(".") { out.removeLast() }
        }
        return (negative ? "-" : "") + out
    }

    /// A fraction as a percentage text: `0.9` → `90%`, `0.955` → `95.5%` (decimal shift, no rounding).
    public static func percent(_ d: Double) -> String {
        var text = decimal(d)
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        whole += fraction.prefix(2)
        fraction = String(fraction.dropFirst(2))
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction) + "%"
    }

    /// The calendar date of a serial day number in the 1900 or 1904 date system; nil for a serial
    /// with a time part, before 1900-03-01 in the 1900 system (Excel's phantom 1900-02-29 lies there),
    /// or out of range.
    public static func date(serial d: Double, date1904: Bool) -> CalendarDate? {
        guard d.isFinite, d == d.rounded(), abs(d) < 3_000_000 else { return nil }
        let serial = Int(d)
        if date1904 {
            guard serial >= 0 else { return nil }
            return CalendarDate(daysSinceEpoch: serial - 24_107)  // 1904-01-01 is serial 0
        }
        guard serial >= 61 else { return nil }
        return CalendarDate(daysSinceEpoch: serial - 25_569)  // 1970-01-01 is serial 25569
    }
}
