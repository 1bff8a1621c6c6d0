import FazhiBase
import FazhiKit
import FazhiSheets
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Excel in the browser (issue 16): the fill-in template downloaded by a unit (with what it has
/// saved) and by the office (every unit), a filled template read back into the unit's form (never
/// saved by itself; another unit's data refused), the results workbook, and the office changing
/// deadlines and taking an assessor off a unit.
struct WorkbookWebTests {
    /// xiji's document of the bundled Guyuan example, alone.
    static func xijiEvidence() throws -> String {
        let text = try String(contentsOfFile: root + "/examples/guyuan-region-2023.yaml", encoding: .utf8)
        return try #require(text.components(separatedBy: "\n---\n").first { $0.contains("id: xiji") })
    }

    static func isWorkbook(_ response: TestResponse) -> Bool {
        let bytes = Array(response.body.readableBytesView)
        // A zip whose parts include the workbook's (part names are stored uncompressed in the zip).
        return bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && String(decoding: bytes, as: UTF8.self).contains("xl/workbook.xml")
            && response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }

    @Test func aUnitReadsAFilledTemplateIntoItsFormAndNothingIsSavedUntilItSaves() async throws {
        let (app, store) = try freshApp()
        let xiji = try signIn(store, Users.xiji)
        let workspace = Workspace(rulesets: root + "/rulesets")
        let plan = try store.plan(ofCampaign: campaignID)
        let filled = try workspace.template(plan, filledFrom: [.source(SourceFile(name: "xiji.yaml", text: try Self.xijiEvidence()))]).data()
        let everyone = try workspace.template(plan, filledFrom: [.file(root + "/examples/guyuan-region-2023.yaml")]).data()
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/c/\(campaignID)/u/xiji", as: xiji)
            #expect(page.text.contains("href=\"/c/\(campaignID)/u/xiji/template.xlsx\"") && page.text.contains("action=\"/c/\(campaignID)/u/xiji/workbook\""))
            #expect(page.text.contains("已填 0 /"))
            let blank = try await client.get("/c/\(campaignID)/u/xiji/template.xlsx", as: xiji)
            #expect(blank.status == .ok && Self.isWorkbook(blank))
            #expect(blank.headers[.contentDisposition]?.hasPrefix("attachment; filename*=UTF-8''") == true)

            let read = try await client.postMultipart("/c/\(campaignID)/u/xiji/workbook", as: xiji, [], files: [("workbook", "西吉县填报.xlsx", Array(filled))])
            #expect(read.status == .ok)
            #expect(read.text.contains("已读入 西吉县填报.xlsx，尚未保存"))
            #expect(read.text.contains("name=\"m:public_comment_period_days\" value=\"40\""))
            #expect(!read.text.contains("已填 0 /"))

            // A workbook with every unit of the region: refused, naming the others; a PDF named .xlsx: refused.
            let others = try await client.postMultipart("/c/\(campaignID)/u/xiji/workbook", as: xiji, [], files: [("workbook", "全市.xlsx", Array(everyone))])
            #expect(others.status == .badRequest && others.text.contains("全市.xlsx：含有其他单位的数据") && others.text.contains("隆德县（longde）"))
            let fake = try await client.postMultipart("/c/\(campaignID)/u/xiji/workbook", as: xiji, [], files: [("workbook", "x.xlsx", pdfBytes)])
            #expect(fake.status == .badRequest && fake.text.contains("x.xlsx：不是 Excel 工作簿（.xlsx）"))
        }
        // Reading a workbook saved nothing: no submission, no audit entry for xiji.
        #expect(try store.submissions(campaign: campaignID).first { $0.unitID == "xiji" } == nil)
        #expect(try store.audit(limit: nil, entity: nil).allSatisfy { !$0.key.contains("xiji") || $0.action == "assign" || $0.action == "create" })
    }

    @Test func theOfficeDownloadsTheTemplateForEveryUnitAndTheResultsWorkbookOncePublished() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        let viewer = try signIn(store, Users.viewer)
        try await Application(router: app.router()).test(.router) { client in
            let setup = try await client.get("/c/\(campaignID)/setup", as: office)
            #expect(setup.text.contains("href=\"/c/\(campaignID)/template.xlsx\""))
            let template = try await client.get("/c/\(campaignID)/template.xlsx", as: office)
            #expect(template.status == .ok && Self.isWorkbook(template))
            #expect(try await client.get("/c/\(campaignID)/results.xlsx", as: office).status == .notFound)
            #expect(try await client.get("/c/\(campaignID)/notice.docx", as: office).status == .notFound)
        }
        _ = try store.importSubmissions(campaign: campaignID, [.file(root + "/examples/guyuan-region-2023.yaml")], draft: false, by: "法治办")
        _ = try store.publish(campaign: campaignID, note: nil, by: Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let dashboard = try await client.get("/c/\(campaignID)", as: viewer)
            #expect(dashboard.text.contains("href=\"/c/\(campaignID)/results.xlsx\""))
            // The region's goals on the published results, as `fazhi region` states them.
            #expect(dashboard.text.contains("<h3>区域目标</h3>") && dashboard.text.contains("gy-goal-2023-pass"))
            #expect(dashboard.text.contains("已达到") || dashboard.text.contains("未达到：还需"))
            let results = try await client.get("/c/\(campaignID)/results.xlsx", as: viewer)
            #expect(results.status == .ok && Self.isWorkbook(results))
            #expect(results.headers[.contentDisposition]?.contains(".xlsx") == true)
            // The documents an office sends: the 通报 and a unit's 反馈意见, as Word files.
            #expect(dashboard.text.contains("href=\"/c/\(campaignID)/notice.docx\""))
            let notice = try await client.get("/c/\(campaignID)/notice.docx", as: viewer)
            let noticeBytes = String(decoding: Array(notice.body.readableBytesView), as: UTF8.self)
            #expect(notice.status == .ok && notice.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            #expect(noticeBytes.hasPrefix("PK") && noticeBytes.contains("word/document.xml"))
            #expect(notice.headers[.contentDisposition]?.contains(".docx") == true)
            let xiji = try signIn(store, Users.xiji)
            let page = try await client.get("/c/\(campaignID)/u/xiji", as: xiji)
            #expect(page.text.contains("href=\"/c/\(campaignID)/u/xiji/feedback.docx\""))
            let feedback = try await client.get("/c/\(campaignID)/u/xiji/feedback.docx", as: xiji)
            #expect(feedback.status == .ok && String(decoding: Array(feedback.body.readableBytesView), as: UTF8.self).contains("word/document.xml"))
            #expect(try await client.get("/c/\(campaignID)/u/longde/feedback.docx", as: xiji).status == .forbidden)
        }
    }

    @Test func theOfficeChangesDeadlinesAndTakesAnAssessorOffAUnitAudited() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let setup = try await client.get("/c/\(campaignID)/setup", as: office)
            #expect(setup.text.contains("name=\"submissionDeadline\" value=\"2024-01-31\""))
            let changed = try await client.post("/c/\(campaignID)/deadlines", as: office, [("submissionDeadline", "2024-02-15"), ("reviewDeadline", "2024-03-01")])
            #expect(changed.status == .seeOther && changed.location == "/c/\(campaignID)/setup?m=deadlines")
            let backwards = try await client.post("/c/\(campaignID)/deadlines", as: office, [("submissionDeadline", "2024-02-15"), ("reviewDeadline", "2024-02-01")])
            #expect(backwards.status == .badRequest && backwards.text.contains("审核截止 2024-02-01 早于报送截止 2024-02-15"))
            let notADate = try await client.post("/c/\(campaignID)/deadlines", as: office, [("submissionDeadline", "2月15日"), ("reviewDeadline", "")])
            #expect(notADate.status == .badRequest && notADate.text.contains("不是日期"))
            let noCSRF = try await client.post("/c/\(campaignID)/deadlines", as: office, [("submissionDeadline", "2030-01-01")], csrf: false)
            #expect(noCSRF.status == .forbidden)

            let removed = try await client.post("/c/\(campaignID)/unassign", as: office, [("unit", "xiji"), ("assessor", Users.assessorXiji)])
            #expect(removed.status == .seeOther && removed.location == "/c/\(campaignID)/setup?m=unassigned")
            let again = try await client.post("/c/\(campaignID)/unassign", as: office, [("unit", "xiji"), ("assessor", Users.assessorXiji)])
            #expect(again.status == .badRequest)
        }
        let info = try store.campaign(campaignID)
        #expect(info.submissionDeadline == "2024-02-15" && info.reviewDeadline == "2024-03-01")
        #expect(try store.assessors(campaign: campaignID)["xiji"] == nil)
        #expect(try store.assessors(campaign: campaignID)["longde"] == [Users.assessorLongde])
        let audit = try store.audit(limit: nil, entity: nil)
        #expect(audit.contains { $0.action == "set submission deadline" && $0.old == "2024-01-31" && $0.new == "2024-02-15" && $0.actor == Users.office })
        #expect(audit.contains { $0.action == "set review deadline" && $0.old == nil && $0.new == "2024-03-01" })
        #expect(audit.contains { $0.action == "unassign" && $0.key == "\(campaignID)/xiji" && $0.old == Users.assessorXiji })
        #expect(try store.check().isEmpty)
    }
}

struct UnitsImportWebTests {
    @Test func theOfficeImportsUnitsFromAFileAndABadFileChangesNothing() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        let good = "单位编码,名称,层级,上级\nxiji,西吉县,县,guyuan\nxiji-sfj,西吉县司法局,部门,xiji\n"
        let bad = "单位编码,名称,层级,上级\nxiji-jyj,西吉县教育局,部门,xiji\nxiji-xx,某某,村委会,xiji\n"
        let before = try store.units(under: nil).count
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/units", as: office)
            #expect(page.text.contains("name=\"unitsFile\"") && page.text.contains("action=\"/units\""))
            let refused = try await client.postMultipart("/units", as: office, [], files: [("unitsFile", "名单.csv", Array(bad.utf8))])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("名单.csv:3:") && refused.text.contains("村委会") && refused.text.contains("单位名单未导入"))
            let wrongKind = try await client.postMultipart("/units", as: office, [], files: [("unitsFile", "名单.xlsx", pngBytes)])
            #expect(wrongKind.status == .badRequest && wrongKind.text.contains("另存为"))
            let done = try await client.postMultipart("/units", as: office, [], files: [("unitsFile", "名单.csv", Array(good.utf8))])
            #expect(done.status == .seeOther && done.location == "/units?m=imported&added=1&changed=1&unchanged=0", "\(done.location ?? "")")
            let shown = try await client.get(done.location!, as: office)
            #expect(shown.text.contains("单位名单已导入：新增 1 个，更新 1 个，未变 0 个。") && shown.text.contains("西吉县司法局"))
            // Not for a unit user.
            #expect(try await client.postMultipart("/units", as: try signIn(store, Users.xiji), [], files: [("unitsFile", "名单.csv", Array(good.utf8))]).status == .forbidden)
        }
        #expect(try store.units(under: nil).count == before + 1)
        #expect(try store.units(under: nil).first { $0.id == "xiji-sfj" }?.parentID == "xiji")
        #expect(try store.units(under: nil).first { $0.id == "xiji-jyj" } == nil)
        // xiji's parent was given by id instead of by name (an update); its attributes, not in the file, are kept.
        #expect(try store.units(under: nil).first { $0.id == "xiji" }?.attributes == ["has_legislative_power": "false", "named_regional_demonstration_area": "false"])
        #expect(try store.audit(limit: nil, entity: nil).contains { $0.actor == Users.office && $0.key == "xiji-sfj" })
    }
}

struct CampaignUnitsWebTests {
    @Test func theOfficeAddsAUnitAndTakesOutOneThatHandedInNothing() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        _ = try store.importUnits([.source(SourceFile(name: "新单位.csv", text: "id,name,level,parent\nxiji-sfj,西吉县司法局,部门,xiji\n"))], by: "测试")
        _ = try store.importSubmissions(campaign: campaignID, [.source(SourceFile(name: "xiji.yaml", text: try WorkbookWebTests.xijiEvidence()))], draft: true, by: "测试")
        try await Application(router: app.router()).test(.router) { client in
            let setup = try await client.get("/c/\(campaignID)/setup", as: office)
            #expect(setup.text.contains("name=\"add:xiji-sfj\"") && setup.text.contains("name=\"remove\" value=\"longde\""))
            #expect(!setup.text.contains("name=\"remove\" value=\"xiji\""))
            let added = try await client.post("/c/\(campaignID)/units", as: office, [("add:xiji-sfj", "on")])
            #expect(added.status == .seeOther && added.location == "/c/\(campaignID)/setup?m=enrolled")
            let kept = try await client.post("/c/\(campaignID)/units", as: office, [("remove", "xiji")])
            #expect(kept.status == .badRequest && kept.text.contains("xiji 已有填报记录，不能移出这次考核。"))
            let out = try await client.post("/c/\(campaignID)/units", as: office, [("remove", "longde")])
            #expect(out.status == .seeOther && out.location == "/c/\(campaignID)/setup?m=withdrawn")
        }
        let units = Set(try store.campaignUnits(campaign: campaignID).map(\.id))
        #expect(units.contains("xiji-sfj") && units.contains("xiji") && !units.contains("longde"))
        #expect(try store.assessors(campaign: campaignID)["longde"] == nil)
        let audit = try store.audit(limit: nil, entity: "campaign_unit")
        #expect(audit.contains { $0.action == "enrol" && $0.key == "\(campaignID)/xiji-sfj" && $0.actor == Users.office })
        #expect(audit.contains { $0.action == "withdraw" && $0.key == "\(campaignID)/longde" })
        #expect(try store.check().isEmpty)
    }
}
