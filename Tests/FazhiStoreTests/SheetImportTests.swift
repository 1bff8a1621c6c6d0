import FazhiKit
import Foundation
import GRDB
import Testing

/// Submissions imported from a filled workbook (fazhi template): the same versions and scores as the
/// same evidence in YAML; a workbook with any error imports nothing and names the cell.
struct SheetImportTests {
    @Test func filledWorkbookImportsAsTheYAML() throws {
        let folder = try temporaryFolder()
        let book = folder + "/填报.xlsx"
        let made = try fazhi(["template", "--ruleset", "guyuan-2023-2025-creation", "--from", "examples/guyuan-region-2023.yaml", "--output", book])
        #expect(made.status == 0, "\(made.stderr)")

        func campaign(_ db: String) throws -> [String: String] {
            let env = ["FAZHI_DB": folder + "/" + db, "FAZHI_USER": "法治办"]
            let created = try fazhi(["campaign", "create", "guyuan-2023", "--ruleset", "guyuan-2023-2025-creation", "--year", "2023",
                                     "--units", "examples/guyuan-region-2023.yaml"], environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            return env
        }
        let fromYAML = try campaign("yaml.db")
        // The campaign's own template: its ruleset and units; nothing filled in yet, so nothing to read.
        let blank = folder + "/campaign.xlsx"
        let made2 = try fazhi(["template", "--campaign", "guyuan-2023", "--output", blank], environment: fromYAML)
        #expect(made2.status == 0 && made2.stderr == "wrote \(blank): ruleset guyuan-2023-2025-creation, campaign guyuan-2023, 6 units\n", "\(made2.stderr)")
        let empty = try fazhi(["import", "--campaign", "guyuan-2023", blank], environment: fromYAML)
        #expect(empty.status == 2 && empty.stderr.contains("no unit in sheet \"填报\" has any value filled in"))
        let fromSheet = try campaign("xlsx.db")
        let a = try fazhi(["import", "--campaign", "guyuan-2023", "examples/guyuan-region-2023.yaml"], environment: fromYAML)
        let b = try fazhi(["import", "--campaign", "guyuan-2023", book], environment: fromSheet)
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        #expect(b.stdout.hasPrefix("guyuan-2023: 6 new version(s), 0 unchanged (guyuan v1, jingyuan v1,"), "\(b.stdout)")
        let again = try fazhi(["import", "--campaign", "guyuan-2023", book], environment: fromSheet)
        #expect(again.stdout.contains("imported before; nothing changed"))
        let ra = try fazhi(["results", "--campaign", "guyuan-2023", "--current", "--format", "csv"], environment: fromYAML)
        let rb = try fazhi(["results", "--campaign", "guyuan-2023", "--current", "--format", "csv"], environment: fromSheet)
        #expect(ra.status == 0 && rb.status == 0, "\(ra.stderr) \(rb.stderr)")
        // Scores and outcomes the same; only the citations (a YAML line, a workbook cell) differ.
        func outcomes(_ csv: String) -> [String] {
            csv.components(separatedBy: "\r\n").map { $0.components(separatedBy: ",").prefix(7).joined(separator: ",") }
        }
        #expect(outcomes(ra.stdout) == outcomes(rb.stdout))
    }

    @Test func brokenWorkbookImportsNothing() throws {
        let folder = try temporaryFolder()
        let env = ["FAZHI_DB": folder + "/考核.db", "FAZHI_USER": "法治办"]
        let created = try fazhi(["campaign", "create", "guyuan-2023", "--ruleset", "guyuan-2023-2025-creation", "--year", "2023",
                                 "--units", "examples/guyuan-region-2023.yaml"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        // A template of another ruleset, and an old .xls: refused, nothing stored.
        let other = folder + "/other.xlsx"
        #expect(try fazhi(["template", "--ruleset", "ningxia-2023-eight-actions", "--from", "examples/ningcheng-2023.yaml", "--output", other]).status == 0)
        let xls = folder + "/old.xls"
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64)).write(to: URL(fileURLWithPath: xls))
        let good = folder + "/good.xlsx"
        #expect(try fazhi(["template", "--ruleset", "guyuan-2023-2025-creation", "--from", "examples/guyuan-region-2023.yaml", "--output", good]).status == 0)
        let refused = try fazhi(["import", "--campaign", "guyuan-2023", good, other, xls], environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("other.xlsx: the workbook is a template for ruleset \"ningxia-2023-eight-actions\"; expected one for \"guyuan-2023-2025-creation\""))
        #expect(refused.stderr.contains("old.xls: this is an old binary Excel workbook (.xls)"))
        let counts = try DatabaseQueue(path: folder + "/考核.db").read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM submission"), try Int.fetchOne(db, sql: "SELECT count(*) FROM import"))
        }
        #expect(counts.0 == 0 && counts.1 == 0)
    }
}
