import FazhiKit
import Foundation
import GRDB
import Testing

/// The store's commands through the built `fazhi` binary: exit status, output and what is written.
struct StoreCLITests {
    @Test func cycleThroughTheCommandLine() throws {
        let folder = try temporaryFolder()
        let env = ["FAZHI_DB": folder + "/考核.db", "FAZHI_USER": "法治办"]
        let created = try fazhi(["campaign", "create", "guyuan-2023", "--ruleset", "guyuan-2023-2025-creation", "--year", "2023",
                                 "--submission-deadline", "2024-01-31", "--units", "examples/guyuan-region-2023.yaml"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("campaign guyuan-2023: 关于开展全市法治政府建设示范创建提升行动（2023—2025年）工作方案（2023年度）, ruleset guyuan-2023-2025-creation sha256:"))

        // A bad file: every error located, exit 2, nothing written.
        let bad = folder + "/bad.yaml"
        try write("fazhi: 1\nunit: { id: xiji, name: 西吉县 }\nfacts:\n  court_appearance_rate: 95\n  no_such_metric: 1\n", to: bad)
        let refused = try fazhi(["import", "--campaign", "guyuan-2023", bad], environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(bad):4:26: error: facts.court_appearance_rate: expected a percentage"))
        #expect(refused.stderr.contains("\(bad):5:3: error: facts.no_such_metric: unknown metric \"no_such_metric\""))
        #expect(refused.stdout.isEmpty)
        let submissions = try DatabaseQueue(path: folder + "/考核.db").read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") }
        #expect(submissions == 0)

        let imported = try fazhi(["import", "--campaign", "guyuan-2023", "examples/guyuan-region-2023.yaml"], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("guyuan-2023: 6 new version(s), 0 unchanged (guyuan v1, jingyuan v1,"))
        let again = try fazhi(["import", "--campaign", "guyuan-2023", "examples/guyuan-region-2023.yaml"], environment: env)
        #expect(again.stdout == "examples/guyuan-region-2023.yaml: imported before; nothing changed\nguyuan-2023: 0 new version(s), 0 unchanged\n")

        // Submitted today, after the 2024-01-31 deadline.
        let shown = try fazhi(["campaign", "show", "guyuan-2023", "--format", "csv"], environment: env)
        #expect(shown.stdout.components(separatedBy: "\r\n").filter { $0.contains("（逾期）") }.count == 6, "\(shown.stdout)")

        let published = try fazhi(["campaign", "publish", "guyuan-2023"], environment: env)
        #expect(published.stdout == "guyuan-2023: published v1, 6 units\n", "\(published.stderr)")

        let csv = try fazhi(["results", "--campaign", "guyuan-2023", "--format", "csv"], environment: env)
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("\u{FEFF}名次,单位编号,名称,等次,得分,达到,"))
        #expect(lines[1].hasPrefix("1,xiji,西吉县,示范,96.36%,53/55,"))
        #expect(lines.count == 8)

        let report = try fazhi(["results", "--campaign", "guyuan-2023", "--html", folder + "/通报.html"], environment: env)
        #expect(report.status == 0 && report.stdout.isEmpty, "\(report.stderr)")
        let html = try String(contentsOfFile: folder + "/通报.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("西吉县"))
        #expect(html.contains("href=\"%E9%80%9A%E6%8A%A5_files/xiji.html\""))
        #expect(FileManager.default.fileExists(atPath: folder + "/通报_files/xiji.html"))
        // The published campaign's 通报 and 反馈意见 as documents.
        let documents = try fazhi(["results", "--campaign", "guyuan-2023", "--docx", folder + "/通报.docx", "--feedback-dir", folder + "/反馈意见",
                                   "--issuer", "固原市法治政府建设工作领导小组办公室", "--date", "2024-01-15"], environment: env)
        #expect(documents.status == 0 && documents.stdout.isEmpty, "\(documents.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/通报.docx"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/反馈意见").sorted().count == 6)
        #expect(FileManager.default.fileExists(atPath: folder + "/反馈意见/西吉县反馈意见.docx"))

        let history = try fazhi(["history", "xiji", "--format", "json"], environment: env)
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1 && entries?[0]["grade"] as? String == "示范" && entries?[0]["year"] as? Int == 2023)

        let check = try fazhi(["check"], environment: env)
        #expect(check.status == 0 && check.stdout == "\(folder)/考核.db: ok\n")
        let unknown = try fazhi(["results", "--campaign", "guyuan-2032"], environment: env)
        #expect(unknown.status == 2 && unknown.stderr == "error: no campaign \"guyuan-2032\"; did you mean \"guyuan-2023\"?\n")
    }
}
