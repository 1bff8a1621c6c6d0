import FazhiBase

/// A plain terminal table whose columns line up under Chinese text (CJK characters are two columns
/// wide). Written here because the mirrored TextTable package pads by character count, which
/// misaligns every row that holds Chinese.
package struct TextTable: Sendable {
    package enum Alignment: Sendable { case left, right }
    package var headers: [String]
    package var alignments: [Alignment]
    package var rows: [[String]] = []
    /// Widest a cell may be before it is cut with "…".
    package var maxWidth: Int

    package init(_ headers: [String], alignments: [Alignment]? = nil, maxWidth: Int = 60) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
        self.maxWidth = maxWidth
    }

    package mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as lines. `paint` may wrap a body cell's text (row and column from 0, header excluded)
    /// in escape codes after widths are measured, so colour never shifts a column.
    package func render(paint: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        let cells = ([headers] + rows).map { $0.map { TextTable.clip($0, maxWidth) } }
        var widths = headers.map { _ in 0 }
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        var lines: [String] = []
        for (r, row) in cells.enumerated() {
            var line = ""
            for i in widths.indices {
                let plain = i < row.count ? row[i] : ""
                let fill = String(repeating: " ", count: widths[i] - DisplayWidth.of(plain))
                let c = r > 0 && !plain.isEmpty ? (paint?(r - 1, i, plain) ?? plain) : plain
                line += alignments[i] == .right ? fill + c : c + (i == widths.count - 1 ? "" : fill)
                if i < widths.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            if r == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// Cuts text to a display width, ending in "…"; line breaks become spaces.
    package static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        if DisplayWidth.of(flat) <= width { return flat }
        var out = ""
        var w = 0
        for ch in flat {
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
