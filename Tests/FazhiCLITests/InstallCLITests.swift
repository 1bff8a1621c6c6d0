import Foundation
import Testing

/// Runs the built `fazhi` in `directory` with only the `environment` given (no inherited
/// `FAZHI_RULESETS`), as a user elsewhere on the machine would.
func fazhi(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"].merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, terminatedNormally: process.terminationReason == .exit,
               stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

/// A fresh folder outside the repository, removed when the value goes.
final class Elsewhere {
    let directory = NSTemporaryDirectory() + "fazhi-elsewhere-" + UUID().uuidString

    init() { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = directory + "/" + name
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        return path
    }
}

/// A ruleset folder of its own: one indicator on a metric that only its own catalog has.
let ownCatalog = """
    fazhi: 1
    metrics:
      - id: own_review_rate
        name: 自有审查率
        unit: percent
        direction: higher
    """
let ownRuleset = """
    fazhi: 1
    id: own-2024
    title: 自有指标
    jurisdiction: { name: 测试县, level: county }
    issuer: 测试县人民政府
    period: 2024
    source: { file: own.txt }
    groups:
      - id: g1
        number: 一、
        title: 第一组
        indicators:
          - { id: o-1, number: "1", text: 自有审查率达到90%, kind: rate_at_least, metric: own_review_rate, min: 90% }
    """
let ownEvidence = """
    fazhi: 1
    unit: { id: u1, name: 测试县, level: county }
    period: 2024
    facts: { own_review_rate: 95% }
    """

let lookElsewhere = "to look in other folders, give --rulesets DIR or set FAZHI_RULESETS=DIR (folders separated by ':')"

/// Rulesets and the catalog found from any working directory: `--rulesets`, `$FAZHI_RULESETS`, a
/// ruleset's own folder; and the version.
struct InstallCLITests {
    @Test func fromAnotherFolderWithTheEnvironmentVariable() throws {
        let here = Elsewhere()
        #expect(!here.directory.hasPrefix(root))
        let environment = ["FAZHI_RULESETS": "/no/such/folder:" + root + "/rulesets"]
        let validate = try fazhi(["validate", "ningxia-2023-eight-actions"], in: here.directory, environment: environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout == "ningxia-2023-eight-actions: ok (ningxia-2023-eight-actions: 8 groups, 50 indicators, 0 adjustments, 1 vetoes)\n")
        let evaluate = try fazhi(["evaluate", "--ruleset", "ningxia-2023-eight-actions", root + "/examples/ningcheng-2023.yaml"],
                                 in: here.directory, environment: environment)
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("合计：10/50 = 20%"))
        #expect(evaluate.stdout.contains("等级：不达标"))
        // extends: guyuan's parent is found on the same path.
        let child = try fazhi(["show", "guyuan-2023-2025-creation"], in: here.directory, environment: environment)
        #expect(child.status == 0, "\(child.stderr)")
        // --rulesets comes before the variable, and may be given more than once.
        let given = try fazhi(["validate", "--rulesets", "/no/such/folder", "--rulesets", root + "/rulesets", "zhongwei-2022-points"],
                              in: here.directory, environment: ["FAZHI_RULESETS": "/also/not/here"])
        #expect(given.status == 0, "\(given.stderr)")
    }

    /// Found nowhere: the folders looked in and how to look elsewhere.
    @Test func nothingFoundNamesTheFoldersAndTheOptions() throws {
        let here = Elsewhere()
        let evidence = here.write("unit.yaml", ownEvidence)
        let run = try fazhi(["evaluate", "--ruleset", "ningxia-2023-eight-actions", evidence], in: here.directory)
        #expect(run.status == 2)
        #expect(run.stderr == """
            error: no ruleset "ningxia-2023-eight-actions" (looked in rulesets)
            note: \(lookElsewhere)

            """)
        let listed = try fazhi(["show", "ningxia-2023-eight-actions"], in: here.directory, environment: ["FAZHI_RULESETS": "/a:/b"])
        #expect(listed.stderr.contains("(looked in /a, /b, rulesets)"), "\(listed.stderr)")
        // A catalog alone (extraction) is looked for on the same path.
        let report = here.write("report.txt", "行政机关负责人出庭率100%。\n")
        let extract = try fazhi(["extract", report], in: here.directory)
        #expect(extract.status == 2)
        #expect(extract.stderr == "error: no metric catalog (metrics.yaml) in rulesets\nnote: \(lookElsewhere)\n")
    }

    /// A folder of one's own with its metrics.yaml: by path (its catalog comes along, ahead of the
    /// search path's) and by id through --rulesets.
    @Test func aRulesetFolderOfItsOwn() throws {
        let mine = Elsewhere(), here = Elsewhere()
        let ruleset = mine.write("rules/own-2024.yaml", ownRuleset)
        mine.write("rules/metrics.yaml", ownCatalog)
        let evidence = here.write("unit.yaml", ownEvidence)
        let byPath = try fazhi(["evaluate", "--ruleset", ruleset, "unit.yaml"], in: here.directory,
                               environment: ["FAZHI_RULESETS": root + "/rulesets"])
        #expect(byPath.status == 0, "\(byPath.stderr)")
        #expect(byPath.stdout.contains("合计：1/1 = 100%"), "\(byPath.stdout)")
        let byID = try fazhi(["evaluate", "--rulesets", mine.directory + "/rules", "--ruleset", "own-2024", evidence], in: here.directory)
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(byID.stdout.contains("合计：1/1 = 100%"))
        let validate = try fazhi(["validate", "--rulesets", "/no/such/folder:" + mine.directory + "/rules", "own-2024"], in: here.directory)
        #expect(validate.stdout == "own-2024: ok (own-2024: 1 groups, 1 indicators, 0 adjustments, 0 vetoes)\n", "\(validate.stderr)")
    }

    /// `--version` prints the version written once in the source, which `--help` shows too.
    @Test func version() throws {
        let source = try String(contentsOfFile: root + "/Modules/fazhi/Version.swift", encoding: .utf8)
        let written = try #require(source.firstMatch(of: /let fazhiVersion = "([0-9]+\.[0-9]+\.[0-9]+)"/)).1
        let here = Elsewhere()
        let run = try fazhi(["--version"], in: here.directory)
        #expect(run.status == 0)
        #expect(run.stdout == "\(written)\n")
        let help = try fazhi(["--help"], in: here.directory)
        #expect(help.stdout.contains("Version \(written)."))
        #expect(help.stdout.contains("--version"))
    }
}
