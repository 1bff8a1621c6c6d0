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
        // Without a width and with no column wrapping, `fitted` lays out every row on one line.
        fitted(width: nil, wrapping: [], paint: paint)!
    }

    /// The table for a terminal `width` columns wide (nil: as `render`): the `wrapping` columns narrowed
    /// and wrapped; when even that cannot fit, each line broken under its own indent.
    package func render(width: Int?, wrapping: Set<Int>, paint: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        guard let width else { return render(paint: paint) }
        if let fitted = fitted(width: width, wrapping: wrapping, minimum: 10, paint: paint) { return fitted }
        return stacked(width: width, paint: paint)
    }

    /// The rows one below the other, for a terminal too narrow for the columns: the first cell on a line
    /// of its own, then "  header：cell" for each other non-empty cell, broken to the width.
    package func stacked(width: Int, paint: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        var lines: [String] = []
        for (r, row) in rows.enumerated() {
            for (i, cell) in row.enumerated() where !cell.isEmpty {
                let text = i == 0 ? cell : "  \(headers[i])：\(cell)"
                let wrapped = ReportText.wrapLine(text, width: width)
                // Colour only a cell that stays on one line, so codes never split.
                if wrapped.count == 1, let paint, i > 0 {
                    lines.append("  \(headers[i])：" + paint(r, i, cell))
                } else {
                    lines += wrapped
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The table cut into blocks of columns that each fit `width`, every block repeating the first `keep`
    /// columns (a unit's rank and name): for each, the table and the original index of each of its columns.
    /// One block when the table fits, or when there is no width.
    package func paged(width: Int?, keep: Int) -> [(table: TextTable, columns: [Int])] {
        let all = Array(headers.indices)
        guard let width else { return [(self, all)] }
        var widths = headers.map { _ in 0 }
        for row in [headers] + rows {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(TextTable.clip(c, maxWidth))) }
        }
        let kept = Array(all.prefix(keep))
        let base = kept.reduce(0) { $0 + widths[$1] + 2 }
        var blocks: [[Int]] = []
        var current: [Int] = []
        var used = base
        for i in all.dropFirst(keep) {
            if !current.isEmpty, used + widths[i] > width {
                blocks.append(current)
                current = []
                used = base
            }
            current.append(i)
            used += widths[i] + 2
        }
        if !current.isEmpty || blocks.isEmpty { blocks.append(current) }
        return blocks.map { block in
            let columns = kept + block
            var t = TextTable(columns.map { headers[$0] }, alignments: columns.map { alignments[$0] }, maxWidth: maxWidth)
            t.rows = rows.map { row in columns.map { $0 < row.count ? row[$0] : "" } }
            return (t, columns)
        }
    }

    /// The table within `width` display columns, the `wrapping` columns (never cut) narrowed and their
    /// text wrapped onto continuation lines; the other columns are cut at `maxWidth` as in `render`.
    /// With no width the wrapping columns keep their full text on one line. Nil when the table cannot
    /// fit: the wrapping columns would be narrower than `minimum`.
    package func fitted(width: Int?, wrapping: Set<Int>, minimum: Int = 8,
                        paint: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String? {
        let all = [headers] + rows
        let cells = all.map { row in row.enumerated().map { i, c in
            wrapping.contains(i) ? TextTable.flattened(c) : TextTable.clip(c, maxWidth)
        } }
        // Each cell's display width, measured once: it sizes the columns and pads the cell.
        let cellWidths = cells.map { row in row.map { DisplayWidth.of($0) } }
        var widths = headers.map { _ in 0 }
        for row in cellWidths { for (i, w) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], w) } }
        if let width {
            // A wrapping column may be narrowed to `minimum`, or to its widest cell when that is less.
            let widest = widths
            let fixed = widths.indices.filter { !wrapping.contains($0) }.reduce(0) { $0 + widths[$1] } + 2 * (widths.count - 1)
            let flexible = widths.indices.filter { wrapping.contains($0) }
            // Share what is left among the wrapping columns: a narrow one keeps its width, the rest
            // share equally what the narrow ones leave.
            var left = width - fixed
            var open = flexible.sorted { widths[$0] < widths[$1] }
            while !open.isEmpty {
                let share = left / open.count
                if widths[open[0]] <= share {
                    left -= widths[open[0]]
                    open.removeFirst()
                } else {
                    for (k, i) in open.enumerated() { widths[i] = share + (k < left % open.count ? 1 : 0) }
                    break
                }
            }
            if flexible.contains(where: { widths[$0] < min(minimum, widest[$0]) }) { return nil }
        }
        // The lines are built as UTF-8 bytes: padding is a run of spaces appended, and the spaces a line
        // ends in are cut once (a table of 10,000 units has half a million lines, most ending in padding).
        var out: [UInt8] = []
        var line: [UInt8] = []
        var lineCount = 0
        for (r, row) in cells.enumerated() {
            let wraps = widths.indices.map { wrapping.contains($0) && width != nil }
            let wrapped = widths.indices.map { i -> [String] in
                let plain = i < row.count ? row[i] : ""
                return wraps[i] ? TextTable.wrap(plain, width: widths[i]) : [plain]
            }
            for k in 0..<(wrapped.map(\.count).max() ?? 1) {
                line.removeAll(keepingCapacity: true)
                for i in widths.indices {
                    let plain = k < wrapped[i].count ? wrapped[i][k] : ""
                    // A cell not wrapped is on the first line whole, measured above.
                    let plainWidth = !wraps[i] && k == 0 && i < row.count ? cellWidths[r][i] : DisplayWidth.of(plain)
                    let fill = max(0, widths[i] - plainWidth)
                    let c = r > 0 && !plain.isEmpty ? (paint?(r - 1, i, plain) ?? plain) : plain
                    if alignments[i] == .right {
                        line.append(contentsOf: repeatElement(0x20, count: fill))
                        line.append(contentsOf: c.utf8)
                    } else {
                        line.append(contentsOf: c.utf8)
                        if i != widths.count - 1 { line.append(contentsOf: repeatElement(0x20, count: fill)) }
                    }
                    if i < widths.count - 1 { line.append(contentsOf: [0x20, 0x20]) }
                }
                if lineCount > 0 { out.append(0x0A) }
                out.append(contentsOf: TextTable.trimmingSpaces(line))
                lineCount += 1
            }
            if r == 0 {
                if lineCount > 0 { out.append(0x0A) }
                lineCount += 1
                out.append(contentsOf: widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ").utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A line without the spaces it ends in, as `while line.hasSuffix(" ") { line.removeLast() }` cuts
    /// them: every trailing U+0020 that is a character of its own (one that a preceding prepended mark
    /// joins into its character stays).
    static func trimmingSpaces(_ line: [UInt8]) -> ArraySlice<UInt8> {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 { end -= 1 }
        guard end < line.count, end > 0, line[end - 1] >= 0x80 else { return line[..<end] }
        // The first space cut is kept when it is part of the character before it (after a prepended
        // mark, U+0600 and the like): asked of String only when that character is neither ASCII nor CJK.
        var start = end - 1
        while start > 0, line[start] & 0xC0 == 0x80 { start -= 1 }
        if let scalar = String(decoding: line[start..<end], as: UTF8.self).unicodeScalars.first,
           (0x2E80...0x9FFF).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value) {
            return line[..<end]
        }
        let kept = String(decoding: line[..<(end + 1)], as: UTF8.self)
        return kept.last == " " ? line[..<end] : line[..<(end + 1)]
    }

    /// Line breaks as spaces, for a wrapping column (text without one is returned as it is).
    static func flattened(_ text: String) -> String {
        text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: " ") : text
    }

    /// Text broken into lines of at most `width` display columns: at a space between words where there
    /// is one, anywhere between Chinese characters, never before closing punctuation (，。）…) when the
    /// character before it can move down. Line breaks in the text are kept.
    package static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(2, width)
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let chars = Array(paragraph)
            var line: [Character] = []
            var lineWidth = 0
            for (k, ch) in chars.enumerated() {
                let cw = DisplayWidth.of(String(ch))
                if lineWidth + cw > width, !line.isEmpty {
                    var carry: [Character] = []
                    if ch != " " {
                        // A word of Latin letters or digits (a year, an id, a path) moves down whole, when it
                        // is not the whole line and fits on the next one.
                        let start = (line.lastIndex { $0 == " " || isWide($0) }).map { $0 + 1 } ?? 0
                        let rest = chars[k...].prefix { $0 != " " && !isWide($0) }.count
                        if !isWide(ch), start > 0, start < line.count, line.count - start + rest <= width {
                            carry = Array(line[start...])
                            line.removeSubrange(start...)
                        } else if closing.contains(ch), line.count > 1, width >= 4 {
                            carry = [line.removeLast()]
                        }
                    }
                    while line.last == " " { line.removeLast() }
                    out.append(String(line))
                    line = carry
                    lineWidth = DisplayWidth.of(String(carry))
                    if ch == " " && line.isEmpty { continue }
                }
                line.append(ch)
                lineWidth += cw
            }
            out.append(String(line))
        }
        return out
    }

    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "』", "》", "”", "！", "？", ",", ".", ";", ":", ")", "…"]

    static func isWide(_ ch: Character) -> Bool { DisplayWidth.of(String(ch)) == 2 }

    /// Cuts text to a display width, ending in "…"; line breaks become spaces.
    package static func clip(_ text: String, _ width: Int) -> String {
        let flat = flattened(text)
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
