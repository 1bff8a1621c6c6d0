import FazhiBase
import FazhiReports

/// ArgumentParser's help, fitted to the terminal by display width: it wraps by characters, so a line
/// of Chinese (two columns a character) runs past the edge, and it lists every option in the usage
/// line (up to 290 columns here). A usage line too wide keeps the command, its required options and
/// its arguments, with `[<options>]` for the rest (all listed under OPTIONS); any other line too wide is
/// wrapped, continuation lines under the text they continue (an option's description, or the line's
/// own indent).
enum HelpText {
    /// `reflow`: help, whose paragraphs are joined up again after a line is broken; an error message's
    /// lines (error, help, usage) are each wrapped on their own.
    static func fitted(_ text: String, width: Int, reflow: Bool = true) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard DisplayWidth.of(line) > width else {
                out.append(line)
                continue
            }
            if let prefix = ["USAGE: ", "Usage: "].first(where: line.hasPrefix) {
                out += wrap(prefix + shortUsage(String(line.dropFirst(prefix.count))), width: width, indent: prefix.count + 2)
                continue
            }
            let indent = min(textColumn(line), width / 2)
            let pieces = wrap(line, width: width, indent: indent)
            // What runs over joins the next line when that line goes on with the same paragraph, so the
            // paragraph is reflowed rather than left with a short line in it.
            if reflow, i < lines.count, pieces.count > 1, !lines[i].allSatisfy({ $0 == " " }), lines[i].prefix(while: { $0 == " " }).count == indent {
                out += pieces.dropLast()
                lines[i] = String(repeating: " ", count: indent) + pieces.last!.drop { $0 == " " } + " " + lines[i].dropFirst(indent)
            } else {
                out += pieces
            }
        }
        return out.joined(separator: "\n")
    }

    /// "fazhi results [--db <db>] --campaign <campaign> [--version <version>]" →
    /// "fazhi results [<options>] --campaign <campaign>".
    static func shortUsage(_ usage: String) -> String {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for ch in usage {
            if ch == " ", depth == 0 {
                if !current.isEmpty { parts.append(current) }
                current = ""
                continue
            }
            if ch == "[" { depth += 1 }
            if ch == "]" { depth -= 1 }
            current.append(ch)
        }
        if !current.isEmpty { parts.append(current) }
        let command = parts.prefix { !$0.hasPrefix("-") && !$0.hasPrefix("<") && !$0.hasPrefix("[") }
        let rest = parts.dropFirst(command.count)
        let kept = rest.filter { !$0.hasPrefix("[-") && $0 != "[<options>]" }
        return (command + ["[<options>]"] + kept).joined(separator: " ")
    }

    /// Where an option's or a subcommand's description starts ("  -o, --output <output>   Write…"),
    /// else the line's indent.
    static func textColumn(_ line: String) -> Int {
        let lead = line.prefix { $0 == " " }.count
        let chars = Array(line)
        if lead == 2, chars.count > 4, chars[2] != " " {
            var i = 3
            while i + 1 < chars.count, !(chars[i] == " " && chars[i + 1] == " ") { i += 1 }
            while i < chars.count, chars[i] == " " { i += 1 }
            if i < chars.count { return DisplayWidth.of(String(chars[..<i])) }
        }
        return lead
    }

    static func wrap(_ line: String, width: Int, indent: Int) -> [String] {
        let head = String(line.prefix { $0 == " " })
        let first = TextTable.wrap(String(line.dropFirst(head.count)), width: width - head.count)
        guard first.count > 1 else { return [line] }
        // The first line as wrapped; the rest re-wrapped to the narrower width under the indent.
        let restText = line.dropFirst(head.count + first[0].count).drop { $0 == " " }
        let rest = TextTable.wrap(String(restText), width: width - indent)
        return [head + first[0]] + rest.map { String(repeating: " ", count: indent) + $0 }
    }
}
