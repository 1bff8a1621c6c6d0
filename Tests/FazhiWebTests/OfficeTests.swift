import FazhiBase
import FazhiKit
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The office's set-up and follow-up pages: campaigns made in the browser (a bundled ruleset, or an
/// uploaded one whose problems are shown located), assessors assigned, 整改 tasks opened, answered
/// with files, closed and reopened, and the units page.
struct OfficeTests {
    @Test func theOfficeCreatesACampaignFromABundledRulesetWithUnitsByLevelAndTicked() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/campaigns", as: office)
            #expect(page.status == .ok)
            #expect(page.text.contains("固原市2023年度法治政府建设考核") && page.text.contains("新建考核"))
            #expect(page.text.contains("value=\"guyuan-2023-2025-creation\"") && page.text.contains("name=\"u:xiji\""))
            #expect(page.text.contains("<option value=\"county\" >县（市、区）</option>"))

            let made = try await client.postMultipart("/campaigns", as: office, [
                ("id", "guyuan-2024"), ("year", "2024"), ("submissionDeadline", "2025-01-31"), ("source", "bundled"),
                ("ruleset", "guyuan-2023-2025-creation"), ("level", "county"), ("u:guyuan", "on"),
            ])
            #expect(made.status == .seeOther)
            #expect(made.location == "/c/guyuan-2024/setup?m=created")
            let setup = try await client.get("/c/guyuan-2024/setup?m=created", as: office)
            #expect(setup.status == .ok && setup.text.contains("考核已建立") && setup.text.contains("彭阳县（pengyang）"))
        }
        let info = try store.campaign("guyuan-2024")
        #expect(info.rulesetID == "guyuan-2023-2025-creation" && info.year == 2024 && info.submissionDeadline == "2025-01-31")
        #expect(info.name.hasSuffix("（2024年度）"))
        #expect(Set(try store.campaignUnits(campaign: "guyuan-2024").map(\.id)) == ["guyuan", "yuanzhou", "xiji", "longde", "jingyuan", "pengyang"])
        #expect(try store.audit(limit: nil, entity: "campaign").contains { $0.key == "guyuan-2024" && $0.actor == Users.office && $0.action == "create" })
        #expect(try store.check().isEmpty)
    }

    @Test func anUploadedRulesetWithAProblemIsShownLocatedAndNothingIsMade() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        let yaml = """
            fazhi: 1
            id: guyuan-2024-local
            title: 固原市2024年度考核（本地）
            extends: guyuan-2023-2025-creation
            period: { from: 2024, to: 二〇二五 }

            """
        try await Application(router: app.router()).test(.router) { client in
            let refused = try await client.postMultipart("/campaigns", as: office, [
                ("id", "local-2024"), ("year", "2024"), ("source", "upload"), ("u:xiji", "on"),
            ], files: [("rulesetFile", "本地规则.yaml", Array(yaml.utf8))])
            #expect(refused.status == .badRequest)
            // The file's own name, the line and column, the message, the source line: as `fazhi validate` prints them.
            #expect(refused.text.contains("本地规则.yaml:5:27: error: period.to: expected a whole number"))
            #expect(refused.text.contains("period: { from: 2024, to: 二〇二五 }"))
            #expect(!refused.text.contains("fazhi-ruleset-"))
            #expect(refused.text.contains("考核未建立"))
            // A parent named by a path would have the server read a file of the sender's choosing: refused, located.
            let path = try await client.postMultipart("/campaigns", as: office, [("id", "local-2024"), ("year", "2024"), ("source", "upload"), ("u:xiji", "on")],
                                                      files: [("rulesetFile", "up.yaml", Array("fazhi: 1\nid: x\ntitle: x\nextends: /etc/passwd\n".utf8))])
            #expect(path.status == .badRequest && path.text.contains("up.yaml:4:10: error: extends: &quot;/etc/passwd&quot; is a file path; an uploaded ruleset extends a ruleset by its id")
                    && path.text.contains("extends: /etc/passwd\n"))
            #expect(!path.text.contains("root:x:0"))
            // What was entered is kept.
            #expect(refused.text.contains("value=\"local-2024\"") && refused.text.contains("name=\"u:xiji\" id=\"u-xiji\" checked"))
        }
        #expect(try store.campaigns().map(\.id) == [campaignID])
        #expect(try store.audit(limit: nil, entity: "campaign").count == 1)
    }

    @Test func anUploadedRulesetExtendingABundledOneMakesTheCampaignUnderItsOwnName() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        let yaml = """
            fazhi: 1
            id: guyuan-2024-local
            title: 固原市2024年度考核（本地）
            extends: guyuan-2023-2025-creation

            """
        try await Application(router: app.router()).test(.router) { client in
            let made = try await client.postMultipart("/campaigns", as: office, [
                ("id", "local-2024"), ("year", "2024"), ("name", "本地考核"), ("source", "upload"), ("u:xiji", "on"), ("u:longde", "on"),
            ], files: [("rulesetFile", "本地规则.yaml", Array(yaml.utf8))])
            #expect(made.status == .seeOther)
        }
        let info = try store.campaign("local-2024")
        #expect(info.rulesetID == "guyuan-2024-local" && info.name == "本地考核")
        #expect(info.documents.first == "ruleset 本地规则.yaml")
        #expect(try store.campaignUnits(campaign: "local-2024").map(\.id).sorted() == ["longde", "xiji"])
        #expect(try store.plan(ofCampaign: "local-2024").indicators.count > 50)
        #expect(try store.check().isEmpty)
    }

    @Test func aCampaignFormWithMistakesSaysWhatIsWrongAndMakesNothing() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let refused = try await client.postMultipart("/campaigns", as: office, [
                ("id", "Guyuan 2024"), ("year", "二〇二四"), ("asOf", "2024-13-01"), ("source", "bundled"), ("ruleset", "guyuan-2023-2025-creation"),
            ])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("编号：应为小写英文字母") && refused.text.contains("年度：应为年份") && refused.text.contains("评估日期：应为日期 YYYY-MM-DD"))
            #expect(refused.text.contains("参加单位：至少选一个单位"))
            let again = try await client.postMultipart("/campaigns", as: office, [
                ("id", campaignID), ("year", "2023"), ("source", "upload"), ("all", "on"),
            ])
            #expect(again.status == .badRequest && again.text.contains("已经存在") && again.text.contains("请选择要上传的规则集"))
            // Without the CSRF token: refused, nothing made.
            let (body, type) = multipart([("id", "guyuan-2024"), ("year", "2024"), ("source", "bundled"), ("ruleset", "guyuan-2023-2025-creation"), ("all", "on")])
            let forged = try await client.execute(uri: "/campaigns", method: .post, headers: [.cookie: office.cookie, .contentType: type], body: body)
            #expect(forged.status == .forbidden)
            // Other roles cannot make campaigns.
            for user in [Users.viewer, Users.assessorXiji, Users.xiji] {
                let other = try signIn(store, user)
                let response = try await client.postMultipart("/campaigns", as: other, [("id", "guyuan-2024"), ("year", "2024"), ("source", "bundled"),
                                                                                        ("ruleset", "guyuan-2023-2025-creation"), ("all", "on")])
                #expect(response.status == .forbidden)
            }
        }
        #expect(try store.campaigns().map(\.id) == [campaignID])
    }

    @Test func theOfficeAssignsAnAssessorOnTheCampaignPage() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/c/guyuan-2023/setup", as: office)
            #expect(page.text.contains("西吉县（xiji）") && page.text.contains(Users.assessorXiji) && page.text.contains("未分配"))
            let assigned = try await client.post("/c/guyuan-2023/assign", as: office, [("unit", "pengyang"), ("assessor", Users.assessorLongde)])
            #expect(assigned.status == .seeOther)
            let unknown = try await client.post("/c/guyuan-2023/assign", as: office, [("unit", "pengyang"), ("assessor", Users.viewer)])
            #expect(unknown.status == .badRequest && unknown.text.contains("没有名为“\(Users.viewer)”的审核账号"))
            let forged = try await client.post("/c/guyuan-2023/assign", as: office, [("unit", "jingyuan"), ("assessor", Users.assessorLongde)], csrf: false)
            #expect(forged.status == .forbidden)
            let assessor = try await client.post("/c/guyuan-2023/assign", as: try signIn(store, Users.assessorXiji), [("unit", "jingyuan"), ("assessor", Users.assessorXiji)])
            #expect(assessor.status == .forbidden)
        }
        let assignments = try store.assessors(campaign: campaignID)
        #expect(assignments["pengyang"] == [Users.assessorLongde])
        #expect(assignments["jingyuan"] == nil)
        #expect(try store.audit(limit: nil, entity: "assignment").contains { $0.key == "guyuan-2023/pengyang" && $0.new == Users.assessorLongde })
    }

    @Test func rectificationTasksAreOpenedAnsweredWithAFileClosedAndReopened() async throws {
        let (app, store) = try freshApp()
        _ = try store.importSubmissions(campaign: campaignID, [.file(root + "/examples/guyuan-region-2023.yaml")], draft: false, by: "法治办")
        let office = try signIn(store, Users.office), xiji = try signIn(store, Users.xiji), viewer = try signIn(store, Users.viewer)
        try await Application(router: app.router()).test(.router) { client in
            let before = try await client.get("/c/guyuan-2023/rectify", as: office)
            #expect(before.status == .ok && before.text.contains("尚未通报") && !before.text.contains("name=\"deadline\""))
            #expect(try await client.post("/c/guyuan-2023/rectify/open", as: office, [("deadline", "2024-06-30")]).status == .badRequest)
            _ = try store.publish(campaign: campaignID, note: nil, by: "法治办")

            #expect(try await client.post("/c/guyuan-2023/rectify/open", as: office, [("deadline", "2024-06-30")], csrf: false).status == .forbidden)
            #expect(try await client.post("/c/guyuan-2023/rectify/open", as: viewer, [("deadline", "2024-06-30")]).status == .forbidden)
            #expect(try store.rectifications(campaign: campaignID, unit: nil, overdueOn: nil).isEmpty)
            let opened = try await client.post("/c/guyuan-2023/rectify/open", as: office, [("deadline", "2024-06-30")])
            #expect(opened.status == .seeOther)
            let tasks = try store.rectifications(campaign: campaignID, unit: nil, overdueOn: nil)
            #expect(!tasks.isEmpty)
            #expect(opened.location == "/c/guyuan-2023/rectify?m=opened&n=\(tasks.count)")
            let mine = try #require(tasks.first { $0.unitID == "xiji" })
            let theirs = try #require(tasks.first { $0.unitID == "longde" })

            let list = try await client.get(try #require(opened.location), as: office)
            #expect(list.text.contains("已下达 \(tasks.count) 项整改任务"))
            #expect(list.text.contains("西吉县") && list.text.contains("隆德县") && list.text.contains("逾期") && list.text.contains("销号"))
            let plan = try store.plan(ofCampaign: campaignID)
            let indicator = try #require(plan.planned(mine.indicatorID)?.indicator)
            #expect(list.text.contains("\(indicator.number ?? indicator.id) \(indicator.title)"))

            let one = try await client.get("/c/guyuan-2023/rectify?unit=xiji", as: office)
            #expect(one.text.contains("只显示 西吉县 的任务") && one.text.contains("id=\"task-\(mine.id)\"") && !one.text.contains("id=\"task-\(theirs.id)\""))

            // The unit sees its own tasks and answers one with a file.
            let page = try await client.get("/c/guyuan-2023/u/xiji", as: xiji)
            #expect(page.text.contains("整改任务") && page.text.contains("id=\"task-\(mine.id)\"") && !page.text.contains("id=\"task-\(theirs.id)\""))
            let answered = try await client.postMultipart("/c/guyuan-2023/u/xiji/rectify/\(mine.id)", as: xiji, [("text", "已修订制度并印发")],
                                                          files: [("file", "整改报告.pdf", pdfBytes)])
            #expect(answered.status == .seeOther && answered.location == "/c/guyuan-2023/u/xiji?m=answered#task-\(mine.id)")
            // Not another unit's task, neither through its own path nor through the other's.
            let crossed = try await client.postMultipart("/c/guyuan-2023/u/xiji/rectify/\(theirs.id)", as: xiji, [("text", "冒充")])
            #expect(crossed.status == .badRequest)
            #expect(try await client.postMultipart("/c/guyuan-2023/u/longde/rectify/\(theirs.id)", as: xiji, [("text", "冒充")]).status == .forbidden)
            // Without the CSRF token: refused, nothing saved.
            let (body, type) = multipart([("text", "伪造")])
            let forged = try await client.execute(uri: "/c/guyuan-2023/u/xiji/rectify/\(mine.id)", method: .post, headers: [.cookie: xiji.cookie, .contentType: type], body: body)
            #expect(forged.status == .forbidden)
            // A file that is not what it claims is refused and nothing is saved.
            let fake = try await client.postMultipart("/c/guyuan-2023/u/xiji/rectify/\(mine.id)", as: xiji, [("text", "再答")],
                                                      files: [("file", "假.pdf", fakePDF)])
            #expect(fake.status == .badRequest && fake.text.contains("不是可接受的文件"))

            let after = try store.rectifications(campaign: campaignID, unit: nil, overdueOn: nil)
            let answeredTask = try #require(after.first { $0.id == mine.id })
            #expect(answeredTask.state == "answered" && answeredTask.lastAnswer == "已修订制度并印发" && answeredTask.files == ["整改报告.pdf"])
            #expect(after.first { $0.id == theirs.id }?.state == "open")

            let shown = try await client.get("/c/guyuan-2023/rectify", as: viewer)
            #expect(shown.status == .ok && shown.text.contains("已修订制度并印发") && shown.text.contains("整改报告.pdf"))
            #expect(!shown.text.contains("name=\"action\" value=\"close\""))
            let href = try #require(shown.text.firstMatch(of: /href="(\/c\/guyuan-2023\/u\/xiji\/rectify-files\/\d+)"/)?.1)
            let download = try await client.get(String(href), as: office)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == pdfBytes && download.headers[.contentType] == "application/pdf")
            #expect(try await client.get(String(href), as: try signIn(store, Users.longde)).status == .forbidden)

            // The office closes it with a note; a viewer cannot; without CSRF nothing changes; then it is reopened.
            #expect(try await client.post("/c/guyuan-2023/rectify/\(mine.id)", as: viewer, [("action", "close")]).status == .forbidden)
            #expect(try await client.post("/c/guyuan-2023/rectify/\(mine.id)", as: office, [("action", "close")], csrf: false).status == .forbidden)
            #expect(try store.rectifications(campaign: campaignID, unit: "xiji", overdueOn: nil).first { $0.id == mine.id }?.state == "answered")
            #expect(try await client.post("/c/guyuan-2023/rectify/\(mine.id)", as: office, [("action", "close"), ("text", "核查属实")]).status == .seeOther)
            #expect(try store.rectifications(campaign: campaignID, unit: "xiji", overdueOn: nil).first { $0.id == mine.id }?.state == "closed")
            let closedPage = try await client.get("/c/guyuan-2023/u/xiji", as: xiji)
            #expect(closedPage.text.contains("已销号"))
            #expect(try await client.post("/c/guyuan-2023/rectify/\(mine.id)", as: office, [("action", "reopen"), ("text", "材料不全")]).status == .seeOther)
            #expect(try store.rectifications(campaign: campaignID, unit: "xiji", overdueOn: nil).first { $0.id == mine.id }?.state == "open")
        }
        let audit = try store.audit(limit: nil, entity: "rectification")
        #expect(audit.contains { $0.action == "answer" && $0.actor == Users.xiji && ($0.new ?? "").contains("整改报告.pdf") })
        #expect(audit.contains { $0.action == "close" && $0.actor == Users.office && ($0.new ?? "").contains("核查属实") })
        #expect(audit.contains { $0.action == "reopen" && $0.actor == Users.office })
        #expect(try store.check().isEmpty)
    }

    @Test func theHomePageLinksTheOfficeToSetUpAndRectificationAndViewersToRectificationOnly() async throws {
        let (app, store) = try freshApp()
        try await Application(router: app.router()).test(.router) { client in
            let office = try await client.get("/", as: try signIn(store, Users.office))
            #expect(office.text.contains("href=\"/c/guyuan-2023/setup\"") && office.text.contains("href=\"/c/guyuan-2023/rectify\""))
            #expect(office.text.contains("href=\"/campaigns\"") && office.text.contains("href=\"/units\""))
            let viewer = try await client.get("/", as: try signIn(store, Users.viewer))
            #expect(viewer.text.contains("href=\"/c/guyuan-2023/rectify\"") && !viewer.text.contains("/setup") && !viewer.text.contains("href=\"/campaigns\""))
            #expect(try await client.get("/c/guyuan-2023/setup", as: try signIn(store, Users.viewer)).status == .forbidden)
        }
    }

    @Test func theOfficeReadsTheUnits() async throws {
        let (app, store) = try freshApp()
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/units", as: try signIn(store, Users.office))
            #expect(page.status == .ok)
            #expect(page.text.contains("<td>xiji</td><td>西吉县</td><td>县（市、区）</td><td>固原市（guyuan）</td>"))
            #expect(page.text.contains("<td>guyuan</td><td>固原市</td><td>市</td>"))
            #expect(try await client.get("/units", as: try signIn(store, Users.viewer)).status == .forbidden)
        }
    }
}
