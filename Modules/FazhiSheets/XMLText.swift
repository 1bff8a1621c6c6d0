/// Escaping for the XML the writer produces by hand. XML 1.0 allows only tab, line feed and carriage
/// return below U+0020, and neither U+FFFE nor U+FFFF: those are dropped (a spreadsheet cell cannot
/// hold them in any case), so a stray control character in a ruleset's text never makes a workbook
/// that Excel refuses to open.
package enum XMLText {
    /// Text content or a double-quoted attribute value.
    package static func escape(_ s: String, into out: inout [UInt8]) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "\t", "\n": out.append(UInt8(scalar.value))
            case "\r": out.append(contentsOf: "&#13;".utf8)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    package static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether text needs `xml:space="preserve"` (leading or trailing spaces, or line breaks).
    package static func needsPreserve(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        return first == " " || last == " " || first == "\t" || last == "\t" || s.contains("\n")
    }
}

/// A byte buffer the writer appends XML to.
package struct XMLBuffer {
    package var bytes: [UInt8] = []

    package init() {}

    package mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    package mutating func text(_ s: String) { XMLText.escape(s, into: &bytes) }
}
