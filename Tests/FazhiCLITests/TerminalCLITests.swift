import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `fazhi` with its standard output on a pseudo-terminal `columns` wide (COLUMNS unset,
/// so the width is the terminal's), NO_COLOR and FAZHI_COLOR unset and TERM=xterm unless `extra` says
/// otherwise; what it printed there.
func fazhiOnTerminal(_ arguments: [String], environment extra: [String: String] = [:], columns: UInt16 = 80) throws -> String {
    // posix_openpt, grantpt, unlockpt and ptsname are C library functions the Glibc module leaves out
    // (they sit behind _XOPEN_SOURCE): found by name.
    let libc = try #require(dlopen(nil, RTLD_NOW))
    defer { dlclose(libc) }
    func function<F>(_ name: String, _ type: F.Type) throws -> F {
        let symbol = try #require(dlsym(libc, name))
        return unsafeBitCast(symbol, to: F.self)
    }
    let openpt = try function("posix_openpt", (@convention(c) (Int32) -> Int32).self)
    let grantpt = try function("grantpt", (@convention(c) (Int32) -> Int32).self)
    let unlockpt = try function("unlockpt", (@convention(c) (Int32) -> Int32).self)
    let ptsname = try function("ptsname", (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
    let master = openpt(O_RDWR | O_NOCTTY)
    #expect(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0)
    defer { close(master) }
    var size = winsize(ws_row: 50, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    #expect(ioctl(master, UInt(TIOCSWINSZ), &size) == 0)
    let name = try #require(ptsname(master))
    let terminal = try #require(FileHandle(forWritingAtPath: String(cString: name)))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var environment = ProcessInfo.processInfo.environment
    for key in ["COLUMNS", "NO_COLOR", "FAZHI_COLOR", "FAZHI_PROGRESS"] { environment[key] = nil }
    environment["TERM"] = "xterm"
    environment.merge(extra) { $1 }
    process.environment = environment
    process.standardOutput = terminal
    process.standardError = FileHandle.nullDevice
    try process.run()
    try terminal.close()
    // Read until the child closes the terminal (read fails with EIO), so a long output never blocks it.
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(master, &buffer, buffer.count)
        if n < 0, errno == EINTR { continue }
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    process.waitUntilExit()
    // The terminal turns each line feed into a carriage return and a line feed.
    return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
}

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
            #expect(row.contains("本地区（单位）是否积极争创全国法治政府建设示范地区、示范项目：待评估人认定"))
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

    /// One rule for colour in every command: on a terminal, unless NO_COLOR is set to something or TERM is
    /// dumb; FAZHI_COLOR=always or never decides outright. evaluate colours outcomes and the grade.
    @Test func colourFollowsOneRule() throws {
        let escape = "\u{1B}["
        for arguments in [Self.ningcheng, ["compare", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"],
                          ["region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"]] {
            #expect(try fazhiOnTerminal(arguments).contains(escape), "\(arguments[0])")
            #expect(try fazhiOnTerminal(arguments, environment: ["NO_COLOR": ""]).contains(escape), "\(arguments[0])")
            #expect(try !fazhiOnTerminal(arguments, environment: ["NO_COLOR": "1"]).contains(escape), "\(arguments[0])")
            #expect(try !fazhiOnTerminal(arguments, environment: ["TERM": "dumb"]).contains(escape), "\(arguments[0])")
            #expect(try !fazhiOnTerminal(arguments, environment: ["FAZHI_COLOR": "never"]).contains(escape), "\(arguments[0])")
            #expect(try !fazhi(arguments).stdout.contains(escape), "\(arguments[0])")
            #expect(try fazhi(arguments, environment: ["FAZHI_COLOR": "always"]).stdout.contains(escape), "\(arguments[0])")
        }
        let evaluate = try fazhiOnTerminal(Self.ningcheng)
        #expect(evaluate.contains("\u{1B}[32m达到\u{1B}[0m"))
        #expect(evaluate.contains("\u{1B}[35m无佐证\u{1B}[0m"))
        #expect(evaluate.contains("等级：\u{1B}[1;31m不达标\u{1B}[0m"))
        // The terminal's own width (80 here) is used when COLUMNS is not set, and colour never widens a line.
        let plain = evaluate.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).components(separatedBy: "\n")
        for line in plain { #expect(displayWidth(line) <= 80, "\(line)") }
        #expect(plain.contains("4   无佐证    提高法治政府建设公众参与度"))
    }

    /// generate shows its progress on standard error when asked (FAZHI_PROGRESS=always; by default only
    /// on a terminal), never in its output.
    @Test func generateShowsProgress() throws {
        let arguments = ["generate", "--ruleset", "ningxia-2023-eight-actions", "--units", "300"]
        let loud = try fazhi(arguments, environment: ["FAZHI_PROGRESS": "always"])
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("\r生成单位 300/300"))
        let quiet = try fazhi(arguments)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == loud.stdout)
    }

    /// explain takes an indicator by id or by its printed number in any common form; an unknown one
    /// lists the close candidates with their numbers and titles.
    @Test func explainByPrintedNumber() throws {
        for key in ["xx-74", "74", "(74)", "（74）", "74.", "七十四", "第七十四条"] {
            let run = try fazhi("explain", "xixia-2020-demonstration", key)
            #expect(run.status == 0, "\(key): \(run.stderr)")
            #expect(run.stdout.hasPrefix("(74) 执行法院生效裁判，司法建议办复率100%（xx-74）\n"), "\(key)")
        }
        let unknown = try fazhi("explain", "xixia-2020-demonstration", "740")
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "error: ruleset xixia-2020-demonstration has no indicator \"740\" (by id or printed number); did you mean "
                + "xx-40 ((40) 听取利益相关方意见，推行民意调查), xx-70 ((70) 不下达与法律冲突的执法任务指标), xx-74 ((74) 执行法院生效裁判，司法建议办复率100%)?\n")
        let typo = try fazhi("explain", "ningxia-2023-eight-actions", "nx4")
        #expect(typo.stderr == "error: ruleset ningxia-2023-eight-actions has no indicator \"nx4\" (by id or printed number); did you mean nx-4 (4 提高法治政府建设公众参与度)?\n")
        let nothing = try fazhi("explain", "ningxia-2023-eight-actions", "zz")
        #expect(nothing.stderr == "error: ruleset ningxia-2023-eight-actions has no indicator \"zz\" (by id or printed number); `fazhi show ningxia-2023-eight-actions` lists its indicators\n")
    }

    /// A fact under a key that is no metric: the closest metrics by id or Chinese name, with their names.
    @Test func factKeySuggestsMetricsByIdAndName() throws {
        let evidence = temporaryFile("unit.yaml", """
            fazhi: 1
            unit: { id: t, name: 测试县 }
            period: 2023
            facts:
              行政机关负责人出庭率: 100%
              行政机关负责人出庭应诉率: 100%
            """)
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", evidence)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(evidence):5:3: error: facts.行政机关负责人出庭率: unknown metric \"行政机关负责人出庭率\"; "
                                     + "expected a metric id or Chinese name from the catalog; did you mean \"court_appearance_rate\" (行政机关负责人出庭应诉率)?\n"))
        // The exact Chinese name is accepted: only the misspelt key is a problem.
        #expect(!run.stderr.contains(":6:3:"))
    }

    /// The subcommands a help screen lists.
    static func subcommands(_ help: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.dropFirst(2).split(separator: " ").first.map(String.init)
        }
    }

    /// Every command's help fits 80 columns (Chinese counted two wide; the usage line shortened to
    /// `[<options>]`), and every top-level command shows examples of itself.
    @Test func helpFitsAndShowsExamples() throws {
        let top = try fazhi(["--help"], environment: ["COLUMNS": "80"])
        let commands = Self.subcommands(top.stdout)
        #expect(commands.count >= 25)
        #expect(top.stdout.contains("EXAMPLES:\n  fazhi evaluate "))
        // Errors too: the list of commands after an unknown one, and a usage error's usage line.
        let unknown = try fazhi(["evaluat"], environment: ["COLUMNS": "80"])
        #expect(unknown.stderr.hasPrefix("error: unknown command 'evaluat'; did you mean 'evaluate'?\ncommands: validate, show,"))
        let missing = try fazhi(["evaluate"], environment: ["COLUMNS": "80"])
        #expect(missing.stderr.contains("Usage: fazhi evaluate [<options>] --ruleset <ruleset> [<evidence> ...]\n"))
        for line in Self.lines(unknown.stderr + missing.stderr) { #expect(displayWidth(line) <= 80, "\(line)") }
        for command in commands where command != "help" {
            let help = try fazhi(["help", command], environment: ["COLUMNS": "80"])
            #expect(help.status == 0, "\(command)")
            var screens = [(command, help.stdout)]
            for sub in Self.subcommands(help.stdout) where sub != "help" {
                screens.append(("\(command) \(sub)", try fazhi(["help", command, sub], environment: ["COLUMNS": "80"]).stdout))
            }
            for (name, text) in screens {
                for line in Self.lines(text) { #expect(displayWidth(line) <= 80, "\(name): \(line)") }
                #expect(Self.lines(text).contains { $0.hasPrefix("USAGE: fazhi \(name)") }, "\(name)")
            }
            #expect(help.stdout.contains("EXAMPLES:\n  fazhi \(command)"), "\(command)")
        }
    }

    /// The command's own options come first, the search path and the YAML limits after them; show offers
    /// only the formats it prints.
    @Test func helpListsTheCommandsOwnOptionsFirst() throws {
        for command in ["evaluate", "compare", "region", "generate", "template", "extract", "show"] {
            let help = try fazhi(["help", command], environment: ["COLUMNS": "80"]).stdout
            let options = try #require(help.range(of: "\nOPTIONS:\n")).upperBound
            let body = help[options...]
            let own = try #require(body.range(of: command == "extract" || command == "show" ? "--format" : "--ruleset <"), "\(command)")
            let search = try #require(body.range(of: "--rulesets <dir>"), "\(command)")
            let limits = try #require(body.range(of: "--max-file-size"), "\(command)")
            #expect(own.lowerBound < search.lowerBound && search.lowerBound < limits.lowerBound, "\(command)")
        }
        let show = try fazhi(["help", "show"], environment: ["COLUMNS": "80"]).stdout
        #expect(show.contains("(values:\n                          table, json; default: table)"))
        let refused = try fazhi("show", "ningxia-2023-eight-actions", "--format", "csv")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'table' and 'json'"))
    }

    /// Reasons say what to do, naming the item by its number and title and the figure by its Chinese
    /// name (the id in parentheses), and read a condition in words.
    @Test func reasonsAreActions() throws {
        let json = try fazhi(Self.ningcheng + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let indicators = try #require((object["units"] as? [[String: Any]])?.first?["indicators"] as? [[String: Any]])
        func reason(_ id: String) -> String? { indicators.first { $0["id"] as? String == id }?["reason"] as? String }
        #expect(reason("nx-4") == "待评估人认定（第4项：提高法治政府建设公众参与度）")
        #expect(reason("nx-9") == "请提供 公开征求意见期限（public_comment_period_days）及出处")
        #expect(!indicators.contains { ($0["reason"] as? String ?? "").contains("缺少评估人对") })
        // A number printed otherwise than as digits is given as printed.
        let zhongwei = try fazhi("evaluate", "--ruleset", "zhongwei-2022-points", "examples/ningcheng-2023.yaml")
        #expect(zhongwei.stdout.contains("待评估人认定：（一） 全面落实清单管理制度"))
        let xixia = try fazhi("evaluate", "--ruleset", "xixia-2020-leadership-assessment", "examples/xixia-leadership-2020.yaml")
        #expect(xixia.stdout.contains("条件不成立：干部网络教育培训结业率 已提供 且 干部网络教育培训结业率 < 100%（干部网络教育培训结业率 未提供）"))
        #expect(!xixia.stdout.contains("has(") && !xixia.stdout.contains("表达式"))
    }

    /// Every report in a terminal keeps within it, at 80 and 120 columns: region (a table too narrow for
    /// its columns becomes one block per row), the other compare forms, crosswalk, and the questions
    /// evaluate --report asks.
    @Test(arguments: [
        ["region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"],
        ["region", "--ruleset", "xixia-2020-leadership-assessment", "examples/xixia-leadership-2020.yaml"],
        ["compare", "--unit", "examples/ningcheng-2023.yaml", "ningxia-2023-eight-actions", "xixia-2020-demonstration"],
        ["compare", "--ruleset", "guyuan-2023-2025-creation", "--before", "examples/guyuan-region-2023.yaml", "--after", "examples/guyuan-region-2024.yaml"],
        ["crosswalk", "zhongwei-2022-points", "xixia-2020-demonstration"],
        ["evaluate", "--ruleset", "ningxia-2023-eight-actions", "--report", "Tests/FazhiExtractTests/Fixtures/ningcheng-2023.txt"],
        ["evaluate", "--ruleset", "zhongwei-2022-points", "examples/ningcheng-2023.yaml"],
        ["show", "xixia-2020-demonstration"],
        ["explain", "xixia-2020-demonstration", "74"],
    ])
    func everyReportFits(arguments: [String]) throws {
        for columns in [80, 120] {
            let run = try fazhi(arguments, environment: ["COLUMNS": "\(columns)"])
            #expect(run.status == 0, "\(run.stderr)")
            for line in Self.lines(run.stdout) { #expect(displayWidth(line) <= columns, "\(columns): \(line)") }
        }
    }

    /// region's targets at 80 columns: too many columns for a table, so a block per target.
    @Test func regionTargetsAsBlocks() throws {
        let region = try fazhi(["region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"], environment: ["COLUMNS": "80"])
        #expect(region.stdout.contains("gy-goal-2023-pass\n  年份：2023\n  要求：达标及以上 ≥100%\n"))
        #expect(region.stdout.contains("  结论：未达到：还需 1 个单位达到达标\n"))
    }
}
