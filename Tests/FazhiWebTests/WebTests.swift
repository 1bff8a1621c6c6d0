import FazhiBase
import FazhiKit
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The web app through its router (HummingbirdTesting): signing in, the CSRF check, the security
/// headers, uploads, and the whole cycle from a unit's form to its published rank.
struct WebTests {
    @Test func loginSetsAStrictHttpOnlySessionCookieAndTheSecurityHeaders() async throws {
        let (app, _) = try freshApp()
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/login", as: nil)
            #expect(page.status == .ok)
            #expect(page.text.contains("登录"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'") && !policy.contains("script-src"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            let loginCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("fazhi_login=") })
            let token = String(loginCookie.dropFirst("fazhi_login=".count).prefix { $0 != ";" })
            #expect(page.text.contains("value=\"\(token)\""))

            func login(_ password: String) async throws -> TestResponse {
                try await client.execute(uri: "/login", method: .post, headers: [.cookie: "fazhi_login=\(token)", .contentType: "application/x-www-form-urlencoded"],
                                         body: urlEncoded([("_csrf", token), ("name", Users.xiji), ("password", password)]))
            }
            let wrong = try await login("not-the-password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("用户名或密码不正确"))
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("fazhi_session=") })

            let right = try await login(Users.password)
            #expect(right.status == .seeOther && right.location == "/")
            let session = try #require(right.headers[values: .setCookie].first { $0.hasPrefix("fazhi_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
            #expect(!session.contains("Secure"))
            let cookie = String(session.prefix { $0 != ";" })
            let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(home.status == .ok)
            #expect(home.text.contains("固原市2023年度法治政府建设考核") && home.text.contains("/c/guyuan-2023/u/xiji"))
            #expect(home.text.contains(Users.xiji))
        }
    }

    @Test func secureCookiesWhenAskedFor() async throws {
        let (_, store) = try freshApp()
        var configuration = WebConfiguration()
        configuration.secureCookies = true
        configuration.bcryptCost = 4
        let app = WebApp(store: store, configuration: configuration)
        try await Application(router: app.router()).test(.router) { client in
            let page = try await client.get("/login", as: nil)
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("fazhi_login=") })
            #expect(cookie.contains("Secure") && cookie.contains("SameSite=Strict"))
        }
    }

    @Test func aLoginWithoutItsFormTokenIsRefused() async throws {
        let (app, store) = try freshApp()
        try await Application(router: app.router()).test(.router) { client in
            let response = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: urlEncoded([("name", Users.xiji), ("password", Users.password)]))
            #expect(response.status == .forbidden)
            #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("fazhi_session=") })
        }
        #expect(try store.audit(limit: nil, entity: "session").isEmpty)
    }

    @Test func loginsAreRateLimitedPerUser() async throws {
        let (app, _) = try freshApp()
        try await Application(router: app.router()).test(.router) { client in
            func login(_ password: String) async throws -> TestResponse {
                try await client.execute(uri: "/login", method: .post, headers: [.cookie: "fazhi_login=t0ken", .contentType: "application/x-www-form-urlencoded"],
                                         body: urlEncoded([("_csrf", "t0ken"), ("name", Users.office), ("password", password)]))
            }
            for _ in 0..<5 { #expect(try await login("guess").status == .unauthorized) }
            // The sixth try is refused even with the right password.
            let refused = try await login(Users.password)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("登录失败次数过多"))
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenChangesNothing() async throws {
        let (app, store) = try freshApp()
        let unit = try signIn(store, Users.xiji)
        try await Application(router: app.router()).test(.router) { client in
            let missing = try await client.post("/c/guyuan-2023/u/xiji", as: unit, [("action", "submit")], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("CSRF"))
            let wrong = try await client.post("/c/guyuan-2023/u/xiji", as: unit, [("_csrf", String(unit.csrf.reversed())), ("action", "submit")], csrf: false)
            #expect(wrong.status == .forbidden)
            // Another user's token is no good either.
            let other = try signIn(store, Users.longde)
            let crossed = try await client.post("/c/guyuan-2023/u/xiji", as: unit, [("_csrf", other.csrf), ("action", "submit")], csrf: false)
            #expect(crossed.status == .forbidden)
        }
        #expect(try store.submissions(campaign: campaignID).isEmpty)
    }

    @Test func aUnitSeesOnlyItsOwnSubmission() async throws {
        let (app, store) = try freshApp()
        let xiji = try signIn(store, Users.xiji)
        try await Application(router: app.router()).test(.router) { client in
            let own = try await client.get("/c/guyuan-2023/u/xiji", as: xiji)
            #expect(own.status == .ok)
            #expect(own.text.contains("西吉县"))
            let other = try await client.get("/c/guyuan-2023/u/longde", as: xiji)
            #expect(other.status == .forbidden)
            #expect(!other.text.contains("隆德县"))
            #expect(try await client.get("/c/guyuan-2023/review/xiji", as: xiji).status == .forbidden)
            #expect(try await client.get("/c/guyuan-2023", as: xiji).status == .forbidden)
            #expect(try await client.get("/users", as: xiji).status == .forbidden)
            // Signed out: pages send to the login page.
            let anonymous = try await client.get("/c/guyuan-2023/u/xiji", as: nil)
            #expect(anonymous.status == .seeOther && anonymous.location == "/login")
        }
    }

    @Test func filesAreCheckedByContentAndTheBodyIsLimited() async throws {
        let (app, store) = try freshApp()
        let unit = try signIn(store, Users.xiji)
        try await Application(router: app.router()).test(.router) { client in
            // A script named .pdf is refused, and nothing is stored.
            let bad = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft")], files: [("f:nx-1", "材料.pdf", fakePDF)])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("材料.pdf") && bad.text.contains("不是可接受的文件"))
            #expect(try store.submissions(campaign: campaignID).isEmpty)
            // Over the limit (256 KiB in these tests): 413, nothing stored.
            let big = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft")],
                                                     files: [("f:nx-1", "大.pdf", pdfBytes + Array(repeating: 0x20, count: 300 * 1024))])
            #expect(big.status == .contentTooLarge)
            #expect(try store.submissions(campaign: campaignID).isEmpty)
            // A real PDF header with a misleading name is stored as a PDF, by its hash.
            let good = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft")], files: [("f:nx-1", "../../etc/passwd.png", pdfBytes)])
            #expect(good.status == .seeOther)
            let files = try store.webAttachments(campaign: campaignID, unit: "xiji")
            #expect(files.count == 1)
            #expect(files.first?.mediaType == "application/pdf" && files.first?.originalName == "passwd.png" && files.first?.indicatorID == "nx-1")
            #expect(files.first?.sha256 == SHA256.hex(pdfBytes))
            let download = try await client.get("/c/guyuan-2023/u/xiji/files/\(files[0].id)", as: unit)
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            #expect(Array(download.body.readableBytesView) == pdfBytes)
            #expect(download.headers[.contentDisposition]?.hasPrefix("inline") == true)
            // Another unit's file id under this unit's path is not found.
            let longde = try signIn(store, Users.longde)
            #expect(try await client.get("/c/guyuan-2023/u/xiji/files/\(files[0].id)", as: longde).status == .forbidden)
            #expect(try await client.get("/c/guyuan-2023/u/xiji/files/999", as: unit).status == .notFound)
        }
    }

    @Test func aFigureTheEngineRefusesIsNamedAtItsField() async throws {
        let (app, store) = try freshApp()
        let unit = try signIn(store, Users.xiji)
        try await Application(router: app.router()).test(.router) { client in
            let response = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft"), ("m:legality_review_rate", "很高")])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("请改正以下问题"))
            #expect(response.text.contains("合法性审查"))
            // The typed value is kept in the form, escaped.
            #expect(response.text.contains("value=\"很高\""))
            #expect(try store.submissions(campaign: campaignID).isEmpty)
            // A rate is typed in per cent, as its label says: 0.5 is 0.5%, not 50%.
            let saved = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft"), ("m:legality_review_rate", "0.5")])
            #expect(saved.status == .seeOther)
            #expect(try store.facts(campaign: campaignID, unit: "xiji", version: nil).first { $0.key == "legality_review_rate" }?.value == "0.5%")
            let page = try await client.get("/c/guyuan-2023/u/xiji", as: unit)
            #expect(page.text.contains("已填 1 / ") && page.text.contains("草稿"))
        }
    }

    @Test func textIsEscapedOnEveryPage() async throws {
        let (app, store) = try freshApp()
        let unit = try signIn(store, Users.xiji)
        try await Application(router: app.router()).test(.router) { client in
            let evil = "<script>alert(1)</script>"
            let draft = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "submit"), ("v:nx-1", "met"), ("vn:nx-1", evil)])
            #expect(draft.status == .seeOther)
            let page = try await client.get("/c/guyuan-2023/u/xiji", as: unit)
            #expect(!page.text.contains(evil))
            #expect(page.text.contains("&lt;script&gt;"))
            let review = try await client.get("/c/guyuan-2023/review/xiji", as: try signIn(store, Users.assessorXiji))
            #expect(review.status == .ok)
            #expect(!review.text.contains(evil))
        }
    }

    /// The cycle the issue asks for: a unit fills in, uploads and submits; its assessor returns it with
    /// a reason; the unit sees the reason, fixes and resubmits; the assessor reviews; the office
    /// publishes; the unit sees its score, grade and rank.
    @Test func theWholeCycle() async throws {
        let (app, store) = try freshApp()
        let unit = try signIn(store, Users.xiji), assessor = try signIn(store, Users.assessorXiji), office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let form = try await client.get("/c/guyuan-2023/u/xiji", as: unit)
            #expect(form.text.contains("保存草稿") && form.text.contains("报送"))
            let first = [("action", "submit"), ("m:legality_review_rate", "95"), ("m:public_comment_period_days", "33"), ("v:nx-1", "met"), ("vn:nx-1", "已印发实施方案")]
            let submitted = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, first, files: [("f:nx-1", "实施方案.png", pngBytes)])
            #expect(submitted.status == .seeOther && submitted.location == "/c/guyuan-2023/u/xiji?m=submitted")
            #expect(try store.submissions(campaign: campaignID).first?.state == "submitted")
            let facts = try store.facts(campaign: campaignID, unit: "xiji", version: nil)
            #expect(facts.contains { $0.key == "legality_review_rate" && $0.value == "95%" })
            // The stored document is the unit's evidence YAML: the CLI reads it as any other.
            let text = try #require(try store.evidenceText(campaign: campaignID, unit: "xiji"))
            #expect(text.contains("legality_review_rate: 95%") && text.contains("id: \"xiji\""))

            // Locked while it waits.
            #expect(try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, [("action", "draft")]).status == .badRequest)

            let queue = try await client.get("/c/guyuan-2023/queue", as: assessor)
            #expect(queue.text.contains("西吉县") && !queue.text.contains("隆德县"))
            let review = try await client.get("/c/guyuan-2023/review/xiji", as: assessor)
            #expect(review.status == .ok)
            #expect(review.text.contains("实施方案.png") && review.text.contains("合法性审查"))
            #expect(review.text.contains("达到") && review.text.contains("退回"))
            // The file opens for its assessor; its Chinese name travels percent-encoded (the header stays ASCII).
            let upload = try #require(try store.webAttachments(campaign: campaignID, unit: "xiji").first)
            let opened = try await client.get("/c/guyuan-2023/u/xiji/files/\(upload.id)", as: assessor)
            #expect(opened.status == .ok && opened.headers[.contentType] == "image/png")
            #expect(opened.headers[.contentDisposition] == "inline; filename*=UTF-8''%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88.png")
            let verdict = try await client.post("/c/guyuan-2023/review/xiji/verdict", as: assessor, [("indicator", "nx-1"), ("verdict", "partial"), ("comment", "方案未见印发文号")])
            #expect(verdict.status == .seeOther)
            let returned = try await client.post("/c/guyuan-2023/review/xiji/return", as: assessor,
                                                 [("reason", "请补充合法性审查台账"), ("n:nx-2", "缺少会议纪要")])
            #expect(returned.status == .seeOther)
            #expect(try store.submissions(campaign: campaignID).first?.state == "returned")

            let back = try await client.get("/c/guyuan-2023/u/xiji", as: unit)
            #expect(back.text.contains("请补充合法性审查台账") && back.text.contains("审核意见：缺少会议纪要"))
            #expect(back.text.contains("value=\"95\""))
            // A draft after a return keeps the submission returned.
            #expect(try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit, Array(first.dropFirst()) + [("action", "draft"), ("m:legality_review_rate", "100")]).status == .seeOther)
            #expect(try store.submissions(campaign: campaignID).first?.state == "returned")
            let resubmitted = try await client.postMultipart("/c/guyuan-2023/u/xiji", as: unit,
                                                             Array(first.dropFirst()) + [("action", "submit"), ("m:legality_review_rate", "100")])
            #expect(resubmitted.status == .seeOther)
            let state = try #require(try store.submissions(campaign: campaignID).first)
            #expect(state.state == "resubmitted" && state.version == 2)

            #expect(try await client.post("/c/guyuan-2023/review/xiji/reviewed", as: assessor, []).status == .seeOther)
            #expect(try store.submissions(campaign: campaignID).first?.state == "reviewed")

            let dashboard = try await client.get("/c/guyuan-2023", as: office)
            #expect(dashboard.text.contains("已审核") && dashboard.text.contains("按当前审核结果通报"))
            let published = try await client.post("/c/guyuan-2023/publish", as: office, [("note", "首次通报")])
            #expect(published.status == .seeOther)
            #expect(try store.results(campaign: campaignID, version: nil).map(\.unitID) == ["xiji"])

            let result = try await client.get("/c/guyuan-2023/u/xiji", as: unit)
            #expect(result.text.contains("通报结果") && result.text.contains("同级（县（市、区））排名") && result.text.contains("1 / 1"))
            let csv = try await client.get("/c/guyuan-2023/results.csv", as: office)
            #expect(csv.status == .ok && csv.text.contains("西吉县"))
            let viewer = try signIn(store, Users.viewer)
            let report = try await client.get("/c/guyuan-2023/report.html", as: viewer)
            #expect(report.status == .ok && report.text.contains("西吉县"))
            // The summary links each unit's page, served beside it, which links back.
            #expect(report.text.contains("href=\"report_files/xiji.html\""))
            let page = try await client.get("/c/guyuan-2023/report_files/xiji.html", as: viewer)
            #expect(page.status == .ok && page.text.contains("西吉县") && page.text.contains("href=\"../report.html#u--xiji\""))
            #expect(try await client.get("/c/guyuan-2023/report_files/nobody.html", as: viewer).status == .notFound)
            let audit = try await client.get("/audit", as: office)
            #expect(audit.text.contains("publish") && audit.text.contains(Users.assessorXiji))
        }
        #expect(try store.check().isEmpty)
    }

    @Test func theOfficeDecidesWhereAssessorsDisagree() async throws {
        let (app, store) = try freshApp()
        _ = try store.importSubmissions(campaign: campaignID, [.file(root + "/examples/guyuan-region-2023.yaml")], draft: false, by: "法治办")
        let first = try signIn(store, Users.assessorXiji), second = try signIn(store, Users.assessorLongde), office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            // No assessor is assigned to guyuan: both may judge it, and they disagree.
            #expect(try await client.post("/c/guyuan-2023/review/guyuan/verdict", as: first, [("indicator", "nx-1"), ("verdict", "met")]).status == .seeOther)
            #expect(try await client.post("/c/guyuan-2023/review/guyuan/verdict", as: second, [("indicator", "nx-1"), ("verdict", "unmet")]).status == .seeOther)
            // An assessor assigned elsewhere cannot judge xiji.
            #expect(try await client.post("/c/guyuan-2023/review/xiji/verdict", as: second, [("indicator", "nx-1"), ("verdict", "unmet")]).status == .forbidden)
            let dashboard = try await client.get("/c/guyuan-2023", as: office)
            #expect(dashboard.text.contains("评估人员意见不一致") && dashboard.text.contains("/c/guyuan-2023/review/guyuan#item-nx-1"))
            let refused = try await client.post("/c/guyuan-2023/publish", as: office, [])
            #expect(refused.status == .badRequest && refused.text.contains("disagree"))
            let review = try await client.get("/c/guyuan-2023/review/guyuan", as: office)
            #expect(review.text.contains("待法治办决定") && review.text.contains("法治办决定"))
            #expect(try await client.post("/c/guyuan-2023/review/guyuan/decide", as: office, [("indicator", "nx-1"), ("verdict", "partial"), ("comment", "以文件为准")]).status == .seeOther)
            #expect(try await client.post("/c/guyuan-2023/publish", as: office, []).status == .seeOther)
        }
        #expect(try store.results(campaign: campaignID, version: nil).count == 6)
        #expect(try store.verdicts(campaign: campaignID, unit: "guyuan").first { $0.indicatorID == "nx-1" }?.effective == "partial")
    }

    @Test func theDashboardShowsProgressAndOverdueUnitsReadOnlyForViewers() async throws {
        let (app, store) = try freshApp()
        // The template's deadline is 2024-01-31 and the store's clock is today: xiji submits late, the rest never did.
        _ = try store.importSubmissions(campaign: campaignID, [.source(.init(name: "xiji.yaml", text: """
            fazhi: 1
            unit: { id: xiji, name: 西吉县, level: county, parent: 固原市 }
            facts:
              legality_review_rate: 100%
            """))], draft: false, by: "法治办")
        try await Application(router: app.router()).test(.router) { client in
            let viewer = try await client.get("/c/guyuan-2023", as: try signIn(store, Users.viewer))
            #expect(viewer.status == .ok)
            #expect(viewer.text.contains("隆德县：截止 2024-01-31 仍未报送") && viewer.text.contains("西吉县：逾期报送"))
            #expect(!viewer.text.contains("按当前审核结果通报") && !viewer.text.contains("审核页"))
            let office = try await client.get("/c/guyuan-2023", as: try signIn(store, Users.office))
            #expect(office.text.contains("按当前审核结果通报") && office.text.contains("/c/guyuan-2023/review/xiji"))
        }
    }

    @Test func theOfficeMakesUsersWithAOneTimePassword() async throws {
        let (app, store) = try freshApp()
        let office = try signIn(store, Users.office)
        try await Application(router: app.router()).test(.router) { client in
            let made = try await client.post("/users", as: office, [("name", "彭阳填报"), ("role", "unit"), ("unit", "pengyang")])
            #expect(made.status == .ok)
            let password = try #require(made.text.firstMatch(of: /class="password">([a-zA-Z0-9-]{19})</)?.1)
            let stored = try #require(try store.webUser(named: "彭阳填报"))
            #expect(stored.user.unitID == "pengyang" && Passwords.verify(String(password), hash: stored.passwordHash))
            #expect(!stored.passwordHash.contains(String(password)))
            let duplicate = try await client.post("/users", as: office, [("name", "彭阳填报"), ("role", "unit"), ("unit", "pengyang")])
            #expect(duplicate.status == .badRequest)
        }
    }
}
