import FazhiBase
import Testing
@testable import FazhiReports

/// How terminal text is broken and fitted: by display width (Chinese two columns), Latin words and ids
/// kept whole when they fit, no line opened by closing punctuation, every cell's text kept.
struct TextTableTests {
    @Test func wrapKeepsWordsAndPunctuation() {
        // 10 columns: five Chinese characters a line.
        #expect(TextTable.wrap("一二三四五六七八九十", width: 10) == ["一二三四五", "六七八九十"])
        // "，" would open the second line: the character before it moves down with it.
        #expect(TextTable.wrap("一二三四五，六七", width: 10) == ["一二三四", "五，六七"])
        // A year is not cut in two; a long id that cannot fit on a line of its own is.
        #expect(TextTable.wrap("宁政办发〔2023〕21号", width: 10) == ["宁政办发〔", "2023〕21号"])
        #expect(TextTable.wrap("缺少abcdefghijkl", width: 8) == ["缺少abcd", "efghijkl"])
        // Words of Latin letters break at spaces, and the space is dropped.
        #expect(TextTable.wrap("see the codes in docs", width: 10) == ["see the", "codes in", "docs"])
        for width in 2...30 {
            let text = "本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目：待评估人认定（第1项）"
            let lines = TextTable.wrap(text, width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(width)")
            #expect(lines.joined() == text, "\(width)")
        }
    }

    @Test func fittedNarrowsTheWrappingColumns() throws {
        var table = TextTable(["编号", "理由"])
        table.add(["1", "本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目"])
        table.add(["22", "短"])
        let fitted = try #require(table.fitted(width: 30, wrapping: [1]))
        let lines = fitted.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(lines[0] == "编号  理由")
        #expect(lines.dropFirst(2).map { $0.dropFirst(6) }.joined() == "本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目短")
        // No width: the full text on one line; too narrow for the minimum: nil.
        #expect(table.fitted(width: nil, wrapping: [1])?.contains("示范地区、示范项目") == true)
        #expect(table.fitted(width: 12, wrapping: [1], minimum: 10) == nil)
        #expect(table.stacked(width: 30) == "1\n  理由：本地区（单位）是否积极\n    争创全国法治政府建设示范地\n    区、示范项目\n22\n  理由：短")
    }

    /// The lines as `fitted` laid them out before it built them as bytes (a String per line, padding
    /// by `String(repeating:)`, trailing spaces cut one by one): the new layout must give the same text.
    static func fittedAsBefore(_ t: TextTable, width: Int?, wrapping: Set<Int>, minimum: Int = 8,
                               paint: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String? {
        let all = [t.headers] + t.rows
        let cells = all.map { row in row.enumerated().map { i, c in
            wrapping.contains(i) ? c.replacingOccurrences(of: "\n", with: " ") : TextTable.clip(c, t.maxWidth)
        } }
        var widths = t.headers.map { _ in 0 }
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        if let width {
            let widest = widths
            let fixed = widths.indices.filter { !wrapping.contains($0) }.reduce(0) { $0 + widths[$1] } + 2 * (widths.count - 1)
            let flexible = widths.indices.filter { wrapping.contains($0) }
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
        var lines: [String] = []
        for (r, row) in cells.enumerated() {
            let wrapped = widths.indices.map { i -> [String] in
                let plain = i < row.count ? row[i] : ""
                return wrapping.contains(i) && width != nil ? TextTable.wrap(plain, width: widths[i]) : [plain]
            }
            for k in 0..<(wrapped.map(\.count).max() ?? 1) {
                var line = ""
                for i in widths.indices {
                    let plain = k < wrapped[i].count ? wrapped[i][k] : ""
                    let fill = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(plain)))
                    let c = r > 0 && !plain.isEmpty ? (paint?(r - 1, i, plain) ?? plain) : plain
                    line += t.alignments[i] == .right ? fill + c : c + (i == widths.count - 1 ? "" : fill)
                    if i < widths.count - 1 { line += "  " }
                }
                while line.hasSuffix(" ") { line.removeLast() }
                lines.append(line)
            }
            if r == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// Cells that end in spaces, padding that ends a line, empty last columns, line breaks, Chinese,
    /// a prepended mark (U+0600) before spaces, a combining mark, CRLF: laid out as before, byte for byte.
    @Test func fittedLaysOutAsBefore() {
        let texts = ["", " ", "a", "ab ", "一二三", "本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目", "x\ny", "\u{600} ", "\u{600}",
                     "e\u{301} ", "行一\r\n行二", "佐证文件第31行；佐证文件第32行", "  lead", "met", "达到", "—"]
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<300 {
            let columns = 2 + trial % 5
            var table = TextTable((0..<columns).map { "列\($0)" }, alignments: (0..<columns).map { _ in Bool.random(using: &generator) ? .left : .right },
                                  maxWidth: [8, 20, 48][trial % 3])
            for _ in 0..<(1 + trial % 7) {
                // Some rows shorter than the header, as callers may give.
                let count = trial % 11 == 0 ? columns - 1 : columns
                table.add((0..<count).map { _ in texts.randomElement(using: &generator)! })
            }
            let wrapping: Set<Int> = trial % 2 == 0 ? [1] : [1, columns - 1]
            for width in [nil, 30, 60, 100] as [Int?] {
                let paint: ((Int, Int, String) -> String)? = trial % 4 == 0 ? { _, column, text in column == 0 ? "\u{1B}[1m\(text)\u{1B}[0m" : text } : nil
                #expect(table.fitted(width: width, wrapping: wrapping, minimum: 10, paint: paint)
                        == Self.fittedAsBefore(table, width: width, wrapping: wrapping, minimum: 10, paint: paint), "\(table.rows) \(String(describing: width))")
            }
        }
        // Spaces after a prepended mark (the first one is part of its character), after Chinese, after ASCII.
        for text in ["\u{600}   ", "\u{600}", "一   ", "a  ", "   ", "e\u{301} ", "\u{110BD} x  "] {
            var line = text
            while line.hasSuffix(" ") { line.removeLast() }
            #expect(String(decoding: TextTable.trimmingSpaces(Array(text.utf8)), as: UTF8.self) == line, "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The CSV writer gives what `render` gave: quotes doubled only where they are characters of their own.
    @Test func csvAsBefore() {
        func before(_ rows: [[String]]) -> String {
            "\u{FEFF}" + rows.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        }
        let cells = ["", "a", "a,b", "say \"hi\"", "\"", "\"\u{301}x", "一\"二", "line\nbreak", "cr\r", "\r\n", "达到", "c/u0000001/v1:31:11"]
        var generator = SystemRandomNumberGenerator()
        #expect(CSV.render([]) == before([]))
        for _ in 0..<200 {
            let rows = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<Int.random(in: 1...6, using: &generator)).map { _ in cells.randomElement(using: &generator)! }
            }
            #expect(CSV.render(rows) == before(rows), "\(rows)")
        }
    }
}
