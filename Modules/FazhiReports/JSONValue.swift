/// A JSON value that keeps object keys in the order they were written, so output is stable and
/// documented field by field (Foundation's encoders either scramble or sort keys).
package indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    package static func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }

    package func render(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ l: Int) -> String { indent.map { String(repeating: " ", count: $0 * l) } ?? "" }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if d.isNaN || d.isInfinite { out += "null" }
            else if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) }
            else { out += String(d) }
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in fields.enumerated() {
                out += pad(level + 1)
                JSONValue.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, level: level + 1)
                out += (i < fields.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
