import Foundation
import Testing

let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

struct Run {
    var status: Int32
    var terminatedNormally = true
    var stdout: String
    var stderr: String
}

/// Runs the built `fazhi` from the repository root.
func fazhi(_ arguments: String...) throws -> Run { try fazhi(arguments) }

func fazhi(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    // The output's width and colour are the test's to choose, not the shell's that runs it.
    environment["COLUMNS"] = nil
    environment["FAZHI_COLOR"] = nil
    environment.merge(extra) { $1 }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, terminatedNormally: process.terminationReason == .exit, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

func temporaryFile(_ name: String, _ text: String) -> String {
    let directory = NSTemporaryDirectory() + "fazhi-cli-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

struct CLITests {
    @Test func bundledRulesetsValidate() throws {
        let run = try fazhi("validate", "rulesets/ningxia-2023-eight-actions.yaml", "rulesets/guyuan-2023-2025-creation.yaml",
                            "rulesets/zhongwei-2022-points.yaml", "rulesets/xixia-2020-demonstration.yaml", "rulesets/metrics.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("rulesets/ningxia-2023-eight-actions.yaml: ok (ningxia-2023-eight-actions: 8 groups, 50 indicators, 0 adjustments, 1 vetoes)"))
        #expect(run.stdout.contains("rulesets/zhongwei-2022-points.yaml: ok (zhongwei-2022-points: 9 groups, 34 indicators, 0 adjustments, 0 vetoes)"))
        #expect(run.stdout.contains("rulesets/xixia-2020-demonstration.yaml: ok (xixia-2020-demonstration: 42 groups, 100 indicators, 4 adjustments, 0 vetoes)"))
    }

    @Test func ningchengUnderNingxia() throws {
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "json", "examples/ningcheng-2023.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"id\": \"ningcheng\""))
        #expect(run.stdout.contains("\"grade\": \"不达标\""))
        // 出庭率 100% is met and cites the report's line.
        let table = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml")
        #expect(table.stdout.contains("等级：不达标"))
        #expect(table.stdout.contains("合计：10/50 = 20%"))
    }

    @Test func failBelowExitsOne() throws {
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--fail-below", "达标", "examples/ningcheng-2023.yaml")
        #expect(run.status == 1)
        let batch = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "--fail-below", "不达标", "examples/guyuan-region-2023.yaml")
        #expect(batch.status == 0)
    }

    @Test func inventedEvidenceIsSaidInEveryFormat() throws {
        let table = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml")
        #expect(table.stdout.components(separatedBy: "【注意】本单位的佐证材料为虚构示例数据").count - 1 == 6)
        let json = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "--format", "json", "examples/guyuan-region-2023.yaml")
        #expect(json.stdout.components(separatedBy: "\"invented\": true").count - 1 == 6)
    }

    @Test func badEvidenceIsLocatedAndWritesNothing() throws {
        let evidence = temporaryFile("bad.yaml", """
            fazhi: 1
            unit: { id: u, name: 测试县, level: county }
            period: 2023
            facts:
              court_appearance_rate: 95
            """)
        let output = evidence + ".csv"
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "csv", "--output", output, evidence)
        #expect(run.status == 2)
        #expect(run.stderr == """
            \(evidence):5:26: error: facts.court_appearance_rate: expected a percentage (e.g. 90% or 0.9), found "95"; did you mean 95%?
              court_appearance_rate: 95
                                     ^~

            """)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func csvHasABomAndChineseHeaders() throws {
        let output = temporaryFile("out.csv", "")
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "csv", "--output", output, "examples/ningcheng-2023.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("单位编号,单位名称,指标编号,序号,指标,结果,结果代码,理由,佐证,牵头单位,等级,下一等级所需\r\n"))
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 51)
        // The 20 indicators that lift 宁城县 to 达标 (as the table's 距下一等级 lists them) are marked.
        #expect(rows.filter { $0.hasSuffix(",不达标,达标") }.count == 20)
        #expect(rows.contains { $0.hasPrefix("ningcheng,宁城县,nx-1,1,") && $0.hasSuffix(",不达标,达标") })
    }

    @Test func showPrintsAStableHash() throws {
        let a = try fazhi("show", "--format", "json", "guyuan-2023-2025-creation")
        let b = try fazhi("show", "--format", "json", "guyuan-2023-2025-creation")
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("\"contentHash\": \"sha256:"))
        #expect(a.stdout.contains("\"extends\": [\n    \"ningxia-2023-eight-actions\"\n  ]"))
    }

    @Test func unknownRulesetSuggestsTheClosest() throws {
        let run = try fazhi("explain", "ningxia-2023-eight-action", "nx-1")
        #expect(run.status == 2)
        #expect(run.stderr.contains("no ruleset \"ningxia-2023-eight-action\""))
        #expect(run.stderr.contains("did you mean \"ningxia-2023-eight-actions\"?"))
    }

    @Test func explainShowsTheWholeIndicator() throws {
        let run = try fazhi("explain", "zhongwei-2022-points", "zw-4")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("business_startup_working_days"))
        #expect(run.stdout.contains("≤ 3 个工作日"))
        #expect(run.stdout.contains("牵头单位："))
    }
}
