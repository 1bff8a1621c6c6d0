/// An exact decimal with six places, stored as a scaled integer (95.5% is 955_000 as a fraction 0.955).
///
/// Thresholds and facts are compared as integers, so a value that sits exactly on a threshold is
/// never lost to floating-point rounding.
public struct FixedPoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let scale: Int64 = 1_000_000
    package var raw: Int64

    package init(raw: Int64) { self.raw = raw }
    package init(_ whole: Int) { raw = Int64(whole) * Self.scale }

    package static let zero = FixedPoint(raw: 0)
    package static let one = FixedPoint(raw: scale)
    public static func < (a: FixedPoint, b: FixedPoint) -> Bool { a.raw < b.raw }

    package var doubleValue: Double { Double(raw) / Double(Self.scale) }
    package var isWhole: Bool { raw % Self.scale == 0 }

    /// Plain decimal text without trailing zeros: 3, 0.95, 12.5.
    public var description: String { Self.format(raw, places: 6) }

    /// As a percentage of one: 0.9113 → "91.13%".
    package var percentText: String { Self.format(raw * 100, places: 6) + "%" }

    static func format(_ value: Int64, places: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var text = (negative ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            fraction = 0
            text += "." + digits
        }
        return text
    }
}

/// A number read from text: its value, and whether it carried a percent sign.
package struct ParsedNumber: Sendable, Hashable {
    package var value: FixedPoint
    package var hadPercent: Bool

    package init(value: FixedPoint, hadPercent: Bool) {
        self.value = value
        self.hadPercent = hadPercent
    }
}

/// Reads numbers the way people type them in Chinese offices, straight from bytes (no `String` per cell):
/// ASCII or full-width digits (９５), an optional sign, a decimal point (. or ．), thousands separators
/// between digit groups, and an optional trailing percent sign (% or ％) with or without a space before it.
/// More than six decimal places are refused rather than rounded.
package enum NumberParser {
    package enum Failure: Error, Sendable, Hashable {
        case empty, notANumber, tooPrecise, outOfRange
    }

    package static func parse(_ text: String) -> Result<ParsedNumber, Failure> {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ParsedNumber, Failure> {
        var i = 0
        var n = bytes.count
        @inline(__always) func isSpace(_ at: Int) -> Bool {
            let c = bytes[at]
            if c == 0x20 || c == 0x09 { return true }
            // U+3000 IDEOGRAPHIC SPACE: E3 80 80
            return c == 0xE3 && at + 2 < bytes.count && bytes[at + 1] == 0x80 && bytes[at + 2] == 0x80
        }
        while i < n, isSpace(i) { i += bytes[i] == 0xE3 ? 3 : 1 }
        while n > i, bytes[n - 1] == 0x20 || bytes[n - 1] == 0x09 { n -= 1 }
        while n >= i + 3, bytes[n - 3] == 0xE3, bytes[n - 2] == 0x80, bytes[n - 1] == 0x80 { n -= 3 }
        if i >= n { return .failure(.empty) }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var places = 0
        var digits = 0
        var inFraction = false
        var hadPercent = false
        // Thousands separators must split the whole part into groups of three: 1,000 and 12,345,678.
        // "0,95" (a decimal comma) or "5," are not numbers rather than 95 or 5.
        var sawSeparator = false
        var groupDigits = 0
        var groupsOK: Bool { !sawSeparator || groupDigits == 3 }
        while i < n {
            var c = bytes[i]
            var width = 1
            // Full-width forms: ０-９ (EF BC 90-99), ． (EF BC 8E), ％ (EF BC 85)
            if c == 0xEF, i + 2 < n, bytes[i + 1] == 0xBC {
                let d = bytes[i + 2]
                switch d {
                case 0x90...0x99: c = UInt8(ascii: "0") + (d - 0x90)
                case 0x8E: c = UInt8(ascii: ".")
                case 0x85: c = UInt8(ascii: "%")
                default: return .failure(.notANumber)
                }
                width = 3
            }
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let d = Int64(c - UInt8(ascii: "0"))
                if inFraction {
                    if places == 6 { if d != 0 { return .failure(.tooPrecise) } }
                    else { fraction = fraction * 10 + d; places += 1 }
                } else {
                    groupDigits += 1
                    let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 || s > Int64.max / FixedPoint.scale / 100 { return .failure(.outOfRange) }
                    whole = s
                }
                digits += 1
            case UInt8(ascii: "."):
                if inFraction || hadPercent || !groupsOK { return .failure(.notANumber) }
                inFraction = true
            case UInt8(ascii: ","):
                // Thousands separator: only between digits of the whole part.
                if inFraction || groupDigits == 0 || groupDigits > 3 || !groupsOK { return .failure(.notANumber) }
                sawSeparator = true
                groupDigits = 0
            case UInt8(ascii: "%"):
                if digits == 0 || (!inFraction && !groupsOK) { return .failure(.notANumber) }
                hadPercent = true
                i += width
                while i < n, isSpace(i) { i += bytes[i] == 0xE3 ? 3 : 1 }
                if i != n { return .failure(.notANumber) }
                continue
            case 0x20, 0x09:
                // "95 %": spaces allowed only before a percent sign.
                var j = i
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < n, bytes[j] == UInt8(ascii: "%") || (bytes[j] == 0xEF && j + 2 < n && bytes[j + 1] == 0xBC && bytes[j + 2] == 0x85) {
                    i = j
                    continue
                }
                return .failure(.notANumber)
            default:
                return .failure(.notANumber)
            }
            i += width
        }
        if digits == 0 || (!inFraction && !groupsOK) { return .failure(.notANumber) }
        while places < 6 { fraction *= 10; places += 1 }
        var raw = whole * FixedPoint.scale + fraction
        if hadPercent {
            if raw % 100 != 0 { return .failure(.tooPrecise) }
            raw /= 100
        }
        return .success(ParsedNumber(value: FixedPoint(raw: negative ? -raw : raw), hadPercent: hadPercent))
    }
}
