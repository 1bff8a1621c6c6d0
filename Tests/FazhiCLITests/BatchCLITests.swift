import Foundation
import Testing

/// `fazhi generate` and `fazhi evaluate` on batches, through the built binary.
struct BatchCLITests {
    @Test func generateIsReproducible() throws {
        let a = try fazhi("generate", "--ruleset", "zhongwei-2022-points", "--units", "50", "--seed", "9")
        let b = try fazhi("generate", "--ruleset", "zhongwei-2022-points", "--units", "50", "--seed", "9")
        let c = try fazhi("generate", "--ruleset", "zhongwei-2022-points", "--units", "50", "--seed", "10")
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.count == 51)
        #expect(lines[0].hasPrefix("id,name,level,has_legislative_power,invented,"))
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[4] == "true" })
        // Units with and without legislative power, and about 2% empty cells.
        #expect(lines.contains { $0.contains(",true,true,") } && lines.contains { $0.contains(",false,true,") })
        let cells = lines.dropFirst().flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(5) }
        let empty = cells.filter(\.isEmpty).count
        #expect(empty > 0 && empty * 100 < cells.count * 5, "\(empty) of \(cells.count)")
    }

    @Test func evaluateBatchStreamsRowsAndSummary() throws {
        let folder = NSTemporaryDirectory() + "fazhi-cli-batch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gen = try fazhi("generate", "--ruleset", "ningxia-2023-eight-actions", "--units", "300", "--seed", "4", "--output", folder + "/r.csv")
        #expect(gen.status == 0, "\(gen.stderr)")
        let one = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--jobs", "1", folder + "/r.csv")
        let two = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--jobs", "2", folder + "/r.csv")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.hasPrefix("\u{FEFF}unit,name,completion,numerator,denominator,adjustment,grade,unmet,no_evidence,revoked,invented\r\n"))
        #expect(one.stdout.utf8.filter { $0 == 0x0A }.count == 301)
        #expect(one.stderr.contains("区域汇总 ningxia-2023-eight-actions：300 个单位（全部为虚构数据"))
        #expect(one.stderr.contains("示范") && one.stderr.contains("不达标"))
        // No per-indicator table for a batch.
        #expect(!one.stdout.contains("理由"))
        let jsonl = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "jsonl", "--jobs", "2", folder + "/r.csv")
        #expect(jsonl.stdout.hasPrefix("{\"unit\":\"u0000001\",\"name\":\"合成"))
        let table = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "table", folder + "/r.csv")
        #expect(table.status == 2)
    }

    /// `--summary`: the region summary alone, on standard output or in the --output file, with the
    /// counts of the run that writes a row per unit; a bad batch still fails, located, writing nothing.
    @Test func summaryWritesOnlyTheGradeDistribution() throws {
        let folder = NSTemporaryDirectory() + "fazhi-cli-summary-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let batch = folder + "/r.csv"
        #expect(try fazhi("generate", "--ruleset", "guyuan-2023-2025-creation", "--units", "200", "--seed", "5", "--output", batch).status == 0)
        let rows = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", batch)
        let summary = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "--summary", batch)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout == rows.stderr)
        #expect(summary.stdout.hasPrefix("区域汇总 guyuan-2023-2025-creation：200 个单位"))
        #expect(summary.stderr.isEmpty)
        let file = try fazhi("evaluate", "--ruleset", "guyuan-2023-2025-creation", "--summary", "--output", folder + "/s.txt", batch)
        #expect(file.status == 0 && file.stdout.isEmpty)
        #expect(try String(contentsOfFile: folder + "/s.txt", encoding: .utf8) == rows.stderr)
        for bad in [["--format", "jsonl"], ["--format", "table"]] {
            let run = try fazhi(["evaluate", "--ruleset", "guyuan-2023-2025-creation", "--summary"] + bad + [batch])
            #expect(run.status != 0 && run.stderr.contains("--summary"), "\(bad)")
        }
        let yaml = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--summary", "examples/ningcheng-2023.yaml")
        #expect(yaml.status != 0 && yaml.stderr.contains("--summary goes with a batch"))
        let broken = temporaryFile("bad-summary.csv", "id,name,court_appearance_rate\nx,某县,95\n")
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--summary", "--output", folder + "/b.txt", broken)
        #expect(run.status == 2 && run.stderr.contains("row 2, column 3 (court_appearance_rate)"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/b.txt"))
    }

    @Test func badBatchExits2AndWritesNothing() throws {
        let path = temporaryFile("bad.csv", "id,name,court_appearance_rate\nx,某县,95\n")
        let out = path + ".out.csv"
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--output", out, path)
        #expect(run.status == 2)
        #expect(run.stderr == "\(path):2:3: error: row 2, column 3 (court_appearance_rate): expected a percentage (e.g. 90% or 0.9), found \"95\"; did you mean 95%?\n")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).count == 1)
    }
}
