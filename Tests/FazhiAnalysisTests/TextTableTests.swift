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
}
