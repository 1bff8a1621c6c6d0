import Foundation
import Testing

/// What a user sees in a terminal: lines that fit its width (measured with East Asian width: Chinese
/// characters take two columns), the whole reason text wrapped rather than cut, short paths.
struct TerminalCLITests {
    static let ningcheng = ["evaluate", "--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml"]

    /// The reasons `evaluate --format json` gives, in order.
    static func reasons(_ arguments: [String]) throws -> [String] {
        let json = try fazhi(arguments + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let units = try #require(object["units"] as? [[String: Any]])
        return units.flatMap { ($0["indicators"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String } }
    }

    static func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    static func squeezed(_ text: String) -> String { String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }) }

    /// A line's text from display column `from` (0-based) for `width` columns.
    static func columns(_ line: String, from: Int, width: Int) -> String {
        var out = "", column = 0
        for ch in line {
            let w = displayWidth(String(ch))
            if column >= from, column + w <= from + width { out.append(ch) }
            column += w
        }
        return out
    }

    @Test(arguments: [80, 120])
    func evaluateFitsTheWidth(columns: Int) throws {
        let run = try fazhi(Self.ningcheng, environment: ["COLUMNS": "\(columns)"])
        #expect(run.status == 0, "\(run.stderr)")
        for line in Self.lines(run.stdout) { #expect(displayWidth(line) <= columns, "\(displayWidth(line)): \(line)") }
        #expect(!run.stdout.contains("…"))
        let reasons = try Self.reasons(Self.ningcheng)
        #expect(reasons.count == 50)
        let text: String
        if columns < 100 {
            // One indicator to a block: the reason after "理由", continued on indented lines.
            #expect(run.stdout.contains("\n4   无佐证    提高法治政府建设公众参与度\n    理由  "))
            text = Self.squeezed(run.stdout)
        } else {
            // A table: the reason column, read down the lines, holds every reason whole.
            let lines = Self.lines(run.stdout)
            let header = try #require(lines.first { $0.hasPrefix("编号  指标") })
            let rule = try #require(lines.first { $0.hasPrefix("────") })
            let start = displayWidth(String(header[..<header.range(of: "理由")!.lowerBound]))
            let widths = rule.split(separator: " ", omittingEmptySubsequences: true).map { displayWidth(String($0)) }
            let width = try #require(widths.dropFirst(3).first)
            let body = lines[(lines.firstIndex(of: rule)! + 1)...].prefix { !$0.isEmpty }
            text = body.map { Self.squeezed(Self.columns($0, from: start, width: width)) }.joined()
        }
        for reason in reasons { #expect(text.contains(Self.squeezed(reason)), "\(reason)") }
    }

    /// A pipe or file gets every row on one line, whole; COLUMNS that is not a number is no width.
    @Test func aPipeKeepsFullLines() throws {
        for environment in [[:], ["COLUMNS": "wide"]] {
            let run = try fazhi(Self.ningcheng, environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            let row = try #require(Self.lines(run.stdout).first { $0.hasPrefix("1 ") })
            #expect(row.contains("本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目：缺少评估人对 nx-1 的认定"))
            #expect(displayWidth(row) > 120)
        }
    }

    /// The evidence file is named once, relative to the working directory, even when given by its full
    /// path; a fact without a citation points at its line in that file.
    @Test func evidencePathsAreShort() throws {
        let path = root + "/examples/guyuan-region-2023.yaml"
        for columns in ["80", "120"] {
            let run = try fazhi(["evaluate", "--ruleset", "guyuan-2023-2025-creation", path], environment: ["COLUMNS": columns])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.contains(root))
            #expect(run.stdout.contains("examples/guyuan-region-2023.yaml"))
            #expect(run.stdout.contains("佐证文件第"))
        }
    }

    /// evaluate ends with the way to the next grade: the same list compare gives, in the table and in JSON.
    @Test func evaluateShowsTheNextGrade() throws {
        let run = try fazhi(Self.ningcheng)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Self.lines(run.stdout)
        let start = try #require(lines.firstIndex(of: "距下一等级：再达到 20 项 → 达标"))
        let steps = lines[(start + 1)...].prefix { $0.hasPrefix("  · ") }
        #expect(steps.count == 20)
        #expect(steps.first == "  · nx-1 积极争创全国法治政府建设示范地区、示范项目［无佐证，+1 项］")
        let compare = try fazhi("compare", "--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml")
        let compareLines = Self.lines(compare.stdout)
        let from = try #require(compareLines.firstIndex(of: "宁城县（不达标，20%）：再达到 20 项 → 达标"))
        #expect(Array(compareLines[(from + 1)...].prefix { $0.hasPrefix("  · ") }) == Array(steps))

        let json = try fazhi(Self.ningcheng + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let unit = try #require((object["units"] as? [[String: Any]])?.first)
        let gap = try #require(unit["gap"] as? [String: Any])
        #expect(gap["target"] as? String == "达标")
        #expect(gap["needed"] as? Int == 20)
        #expect((gap["steps"] as? [[String: Any]])?.first?["id"] as? String == "nx-1")
        // A unit at the top grade has none.
        let top = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml")
        #expect(top.stdout.contains("等级：示范\n距下一等级：已是最高等级"))
    }

    @Test func compareWithThreeHundredUnitsFits() throws {
        let batch = temporaryFile("units.csv", "")
        let generated = try fazhi("generate", "--ruleset", "ningxia-2023-eight-actions", "--units", "300", "--output", batch)
        #expect(generated.status == 0, "\(generated.stderr)")
        let run = try fazhi(["compare", "--ruleset", "ningxia-2023-eight-actions", batch], environment: ["COLUMNS": "120"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Self.lines(run.stdout)
        for line in lines { #expect(displayWidth(line) <= 120, "\(displayWidth(line)): \(line)") }
        // The indicators where units differ, turned: a row per unit in each block of indicator columns,
        // every block starting with the unit column; every indicator in some block.
        let blocks = lines.filter { $0.hasPrefix("单位  ") }
        #expect(blocks.count >= 2)
        let ids = Set(blocks.flatMap { $0.split(separator: " ").dropFirst().map(String.init) })
        #expect(ids == Set((1...50).map { "nx-\($0)" }))
        #expect(lines.filter { $0.hasPrefix("合成县1 ") }.count == blocks.count)
        #expect(lines.filter { $0.hasPrefix("合成局4 ") }.count == blocks.count)
    }
}
