import FazhiBase

/// Maps offsets in an `expr` scalar's text back to line:column in the file.
///
/// A one-line plain or quoted scalar maps exactly: the scalar's start column, plus the offset, plus 1
/// when quoted (escape sequences such as `\"` inside double quotes shift the columns after them). A
/// scalar over several lines (block `|` / `>`, or folded plain and quoted text) is walked line by
/// line, each line contributing its text after the indentation and one character for the line break.
struct ExprLocator {
    let value: NodeValue

    func location(_ start: Int, _ end: Int) -> SourceLocation {
        SourceLocation(source: value.source, start: mark(start), end: mark(max(start + 1, end)))
    }

    func mark(_ offset: Int) -> Mark {
        let node = value.node
        guard let style = node.scalar?.style else { return node.start }
        let quoted = style == .singleQuoted || style == .doubleQuoted ? 1 : 0
        let block = style == .literal || style == .folded
        if !block, node.start.line == node.end.line {
            return Mark(line: Int(node.start.line), column: Int(node.start.column) + quoted + offset)
        }
        var line = Int(node.start.line) + (block ? 1 : 0)
        var column: Int
        var blockIndent = 0
        if block {
            // The first non-empty line sets the block's indentation.
            var probe = line
            while let text = value.source.lineText(probe), text.allSatisfy({ $0 == " " }) { probe += 1 }
            blockIndent = value.source.lineText(probe).map(Self.indentation) ?? 0
            column = blockIndent + 1
        } else {
            column = Int(node.start.column) + quoted
        }
        var remaining = offset
        while let text = value.source.lineText(line) {
            let length = max(0, text.unicodeScalars.count - (column - 1))
            if remaining <= length { return Mark(line: line, column: column + remaining) }
            remaining -= length + 1
            line += 1
            guard let next = value.source.lineText(line) else { break }
            column = (block ? min(blockIndent, Self.indentation(next)) : Self.indentation(next)) + 1
        }
        return node.start
    }

    static func indentation(_ line: String) -> Int {
        var n = 0
        for c in line.unicodeScalars { if c == " " || c == "\t" { n += 1 } else { break } }
        return n
    }
}
