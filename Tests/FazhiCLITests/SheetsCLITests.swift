import Foundation
import Testing

/// `fazhi template` and `--format xlsx` through the built binary.
struct SheetsCLITests {
    static let rulesets = ["ningxia-2023-eight-actions", "guyuan-2023-2025-creation", "zhongwei-2022-points", "xixia-2020-demonstration",
                           "xixia-2020-effect-indicators", "xixia-2020-leadership-assessment"]

    func folder() throws -> String {
        let f = NSTemporaryDirectory() + "fazhi-sheets-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }

    @Test(arguments: rulesets)
    func templateForEveryBundledRuleset(ruleset: String) throws {
        let path = try folder() + "/填报模板.xlsx"
        let run = try fazhi("template", "--ruleset", ruleset, "--output", path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "wrote \(path): ruleset \(ruleset), one blank unit block\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(2) == Data("PK".utf8))
    }

    @Test func filledTemplateEvaluatesAsTheYAML() throws {
        let path = try folder() + "/ningcheng.xlsx"
        #expect(try fazhi("template", "--ruleset", "ningxia-2023-eight-actions", "--from", "examples/ningcheng-2023.yaml", "--output", path).status == 0)
        let sheet = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", path)
        #expect(sheet.status == 0, "\(sheet.stderr)")
        #expect(sheet.stdout.contains("合计：10/50 = 20%"))
        #expect(sheet.stdout.contains("等级：不达标"))
        // As a batch (one row per unit), the same row as the YAML's.
        let row = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "jsonl", path)
        let yaml = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "jsonl", "examples/ningcheng-2023.yaml")
        #expect(row.status == 0 && row.stdout == yaml.stdout, "\(row.stdout)\n\(yaml.stdout)")
    }

    @Test func resultsWorkbook() throws {
        let f = try folder()
        for (command, args) in [("evaluate", ["--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml"]),
                                ("compare", ["--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"]),
                                ("region", ["--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"])] {
            let out = f + "/\(command).xlsx"
            let run = try fazhi([command] + args + ["--format", "xlsx", "--output", out])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)).prefix(2) == Data("PK".utf8))
        }
        // Never to a terminal or standard output; the name must say .xlsx.
        let bare = try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--format", "xlsx")
        #expect(bare.status == 2 && bare.stderr.contains("--format xlsx writes a binary workbook: give --output FILE.xlsx"))
        let named = try fazhi("region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--format", "xlsx", "--output", f + "/r.csv")
        #expect(named.status == 2 && !FileManager.default.fileExists(atPath: f + "/r.csv"))
    }

    @Test func badWorkbookLeavesNoOutput() throws {
        let f = try folder()
        let other = f + "/guyuan.xlsx"
        #expect(try fazhi("template", "--ruleset", "guyuan-2023-2025-creation", "--output", other).status == 0)
        let out = f + "/out.xlsx"
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", other, "--format", "xlsx", "--output", out)
        #expect(run.status == 2)
        #expect(run.stderr.contains("guyuan.xlsx: the workbook is a template for ruleset \"guyuan-2023-2025-creation\""))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: f) == ["guyuan.xlsx"])
        let macro = f + "/宏.xlsm"
        try Data("PK\u{3}\u{4}".utf8).write(to: URL(fileURLWithPath: macro))
        let refused = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", macro)
        #expect(refused.status == 2 && refused.stderr.contains("a macro-enabled workbook (.xlsm) is not read"))
        #expect(refused.stderr.contains("另存为"))
        let notXLSX = try fazhi("template", "--ruleset", "ningxia-2023-eight-actions", "--output", f + "/t.csv")
        #expect(notXLSX.status == 2 && notXLSX.stderr.contains("expected a file name ending in .xlsx"))
    }
}
