import FazhiBase
import FazhiStore
import Foundation
import Hummingbird
import NIOCore

extension WebApp {
    /// Every route of the app, with who may use it. The authorization matrix test walks this table.
    package static let routes: [WebRoute] = [
        WebRoute(method: .get, path: "/static/app.css", access: .open) { _, _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Templates.css)))
        },
        WebRoute(method: .get, path: "/login", access: .open) { app, _, input in app.loginPage(input, error: nil, status: .ok) },
        WebRoute(method: .post, path: "/login", access: .open) { app, _, input in try app.login(input) },
        WebRoute(method: .post, path: "/logout", access: .signedIn) { app, request, input in try app.logout(request, input) },
        WebRoute(method: .get, path: "/", access: .signedIn) { app, _, input in try app.home(input) },

        // 填报: the unit's own submission.
        WebRoute(method: .get, path: "/c/{campaign}/u/{unit}", access: .roles([.unit, .office])) { app, _, input in try app.unitPage(input) },
        WebRoute(method: .post, path: "/c/{campaign}/u/{unit}", access: .roles([.unit])) { app, _, input in try app.saveUnit(input) },
        WebRoute(method: .get, path: "/c/{campaign}/u/{unit}/files/{file}", access: .roles([.unit, .assessor, .office])) { app, _, input in
            try app.file(input)
        },
        WebRoute(method: .get, path: "/c/{campaign}/u/{unit}/template.xlsx", access: .roles([.unit, .office])) { app, _, input in try app.unitTemplate(input) },
        WebRoute(method: .post, path: "/c/{campaign}/u/{unit}/workbook", access: .roles([.unit])) { app, _, input in try app.readWorkbook(input) },

        // 审核
        WebRoute(method: .get, path: "/c/{campaign}/queue", access: .roles([.assessor, .office])) { app, _, input in try app.queue(input) },
        WebRoute(method: .get, path: "/c/{campaign}/review/{unit}", access: .roles([.assessor, .office])) { app, _, input in try app.reviewPage(input) },
        WebRoute(method: .post, path: "/c/{campaign}/review/{unit}/verdict", access: .roles([.assessor])) { app, _, input in try app.recordVerdict(input) },
        WebRoute(method: .post, path: "/c/{campaign}/review/{unit}/decide", access: .roles([.office])) { app, _, input in try app.decide(input) },
        WebRoute(method: .post, path: "/c/{campaign}/review/{unit}/return", access: .roles([.assessor, .office])) { app, _, input in try app.returnSubmission(input) },
        WebRoute(method: .post, path: "/c/{campaign}/review/{unit}/reviewed", access: .roles([.assessor, .office])) { app, _, input in try app.markReviewed(input) },

        // 法治办 and leaders
        WebRoute(method: .get, path: "/c/{campaign}", access: .roles([.office, .viewer])) { app, _, input in try app.dashboard(input) },
        WebRoute(method: .post, path: "/c/{campaign}/publish", access: .roles([.office])) { app, _, input in try app.publish(input) },
        WebRoute(method: .get, path: "/c/{campaign}/results.csv", access: .roles([.office, .viewer])) { app, _, input in try app.resultsCSV(input) },
        WebRoute(method: .get, path: "/c/{campaign}/report.html", access: .roles([.office, .viewer])) { app, _, input in try app.report(input) },
        WebRoute(method: .get, path: "/c/{campaign}/notice.docx", access: .roles([.office, .viewer])) { app, _, input in try app.noticeDocument(input) },
        WebRoute(method: .get, path: "/c/{campaign}/u/{unit}/feedback.docx", access: .roles([.unit, .office, .viewer])) { app, _, input in try app.feedbackDocument(input) },
        WebRoute(method: .get, path: "/c/{campaign}/results.xlsx", access: .roles([.office, .viewer])) { app, _, input in try app.resultsWorkbook(input) },
        WebRoute(method: .get, path: "/c/{campaign}/template.xlsx", access: .roles([.office])) { app, _, input in try app.campaignTemplate(input) },
        WebRoute(method: .get, path: "/c/{campaign}/report_files/{page}", access: .roles([.office, .viewer])) { app, _, input in
            try app.report(input, page: input.parameters["page"])
        },
        WebRoute(method: .get, path: "/users", access: .roles([.office])) { app, _, input in try app.usersPage(input, created: nil) },
        WebRoute(method: .post, path: "/users", access: .roles([.office])) { app, _, input in try app.addUser(input) },
        WebRoute(method: .get, path: "/audit", access: .roles([.office])) { app, _, input in try app.auditPage(input) },

        // 考核设置 and 整改 (Office.swift)
        WebRoute(method: .get, path: "/campaigns", access: .roles([.office])) { app, _, input in try app.campaignsPage(input) },
        WebRoute(method: .post, path: "/campaigns", access: .roles([.office])) { app, _, input in try app.createCampaign(input) },
        WebRoute(method: .get, path: "/c/{campaign}/setup", access: .roles([.office])) { app, _, input in try app.setupPage(input) },
        WebRoute(method: .post, path: "/c/{campaign}/assign", access: .roles([.office])) { app, _, input in try app.assignAssessor(input) },
        WebRoute(method: .post, path: "/c/{campaign}/unassign", access: .roles([.office])) { app, _, input in try app.unassignAssessor(input) },
        WebRoute(method: .post, path: "/c/{campaign}/units", access: .roles([.office])) { app, _, input in try app.changeCampaignUnits(input) },
        WebRoute(method: .post, path: "/c/{campaign}/deadlines", access: .roles([.office])) { app, _, input in try app.setDeadlines(input) },
        WebRoute(method: .get, path: "/c/{campaign}/rectify", access: .roles([.office, .viewer])) { app, _, input in try app.rectifyPage(input) },
        WebRoute(method: .post, path: "/c/{campaign}/rectify/open", access: .roles([.office])) { app, _, input in try app.openRectification(input) },
        WebRoute(method: .post, path: "/c/{campaign}/rectify/{task}", access: .roles([.office])) { app, _, input in try app.closeOrReopen(input) },
        WebRoute(method: .post, path: "/c/{campaign}/u/{unit}/rectify/{task}", access: .roles([.unit])) { app, _, input in try app.answerTask(input) },
        WebRoute(method: .get, path: "/c/{campaign}/u/{unit}/rectify-files/{file}", access: .roles([.unit, .office, .viewer])) { app, _, input in
            try app.rectificationFile(input)
        },
        WebRoute(method: .get, path: "/units", access: .roles([.office])) { app, _, input in try app.unitsPage(input) },
        WebRoute(method: .post, path: "/units", access: .roles([.office])) { app, _, input in try app.importUnits(input) },
    ]
}

// MARK: Signing in

extension WebApp {
    func loginPage(_ input: RouteInput, error: String?, status: HTTPResponse.Status, name: String = "") -> Response {
        let token = input.loginToken ?? Tokens.random(16)
        var response = page(status: status, "login", ["title": "登录", "loginToken": token, "error": error as Any, "name": name], session: nil)
        if input.loginToken == nil { response.setCookie(cookie(Self.loginCookie, token, maxAge: 3600)) }
        return response
    }

    func login(_ input: RouteInput) throws -> Response {
        let name = (input.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = input.form["password"] ?? ""
        let failures = try store.recentFailures(user: name, address: input.address, within: configuration.loginWindow)
        if failures.user >= configuration.failuresPerUser || failures.address >= configuration.failuresPerAddress {
            return loginPage(input, error: "登录失败次数过多，请 \(Int(configuration.loginWindow / 60)) 分钟后再试。", status: .tooManyRequests, name: name)
        }
        let account = try store.webUser(named: name)
        // The hash is checked even for an unknown name, so that both take as long.
        let matches = Passwords.verify(String(password.prefix(200)), hash: account?.passwordHash ?? decoyHash)
        guard let account, matches, !account.user.disabled else {
            try store.recordLogin(user: name, address: input.address, ok: false)
            return loginPage(input, error: "用户名或密码不正确。", status: .unauthorized, name: name)
        }
        try store.recordLogin(user: name, address: input.address, ok: true)
        let token = Tokens.random(32)
        _ = try store.createSession(user: name, tokenSHA256: SHA256.hex(token), csrf: Tokens.random(32), lifetime: configuration.sessionLifetime)
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(cookie(Self.sessionCookie, token, maxAge: Int(configuration.sessionLifetime)))
        return response
    }

    func logout(_ request: Request, _ input: RouteInput) throws -> Response {
        if let token = request.cookies[Self.sessionCookie]?.value { try store.endSession(tokenSHA256: SHA256.hex(token)) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        return response
    }
}

// MARK: Home

extension WebApp {
    func home(_ input: RouteInput) throws -> Response {
        let user = input.user
        var rows: [[String: Any]] = []
        for campaign in try store.campaigns() {
            var links: [[String: String]] = []
            let base = "/c/\(campaign.id)"
            switch user.role {
            case .unit:
                guard let unit = user.unitID, try store.campaignUnits(campaign: campaign.id).contains(where: { $0.id == unit }) else { continue }
                links.append(["href": "\(base)/u/\(unit)", "label": "填报"])
            case .assessor:
                links.append(["href": "\(base)/queue", "label": "审核队列"])
            case .office:
                links.append(["href": base, "label": "总览"])
                links.append(["href": "\(base)/queue", "label": "审核队列"])
                links.append(["href": "\(base)/setup", "label": "设置"])
                links.append(["href": "\(base)/rectify", "label": "整改"])
            case .viewer:
                links.append(["href": base, "label": "总览"])
                links.append(["href": "\(base)/rectify", "label": "整改"])
            }
            rows.append(["name": campaign.name, "year": campaign.year, "ruleset": campaign.rulesetID, "deadline": campaign.submissionDeadline ?? "—",
                         "status": campaign.published > 0 ? "已通报 \(campaign.published) 次" : "\(campaign.submissions)/\(campaign.units) 已报送", "links": links])
        }
        return page("home", ["title": "考核", "campaigns": rows, "isOffice": user.role == .office], session: input.session)
    }
}

// MARK: Users and the audit log

extension WebApp {
    func usersPage(_ input: RouteInput, created: (String, String)?) throws -> Response {
        let units = try store.units(under: nil)
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let users: [[String: Any]] = try store.webUsers().map { u in
            ["name": u.name, "role": u.role.chinese, "unit": u.unitID.map { "\(names[$0] ?? $0)（\($0)）" } ?? "—", "createdAt": u.createdAt, "createdBy": u.createdBy,
             "disabled": u.disabled]
        }
        var context: [String: Any] = ["title": "用户", "users": users, "roles": WebRole.allCases.map { ["value": $0.rawValue, "label": $0.chinese] },
                                      "units": units.map { ["id": $0.id, "name": $0.name] }]
        if let created { context["created"] = ["name": created.0, "password": created.1] }
        return page("users", context, session: input.session)
    }

    func addUser(_ input: RouteInput) throws -> Response {
        guard let role = WebRole(rawValue: input.form["role"] ?? "") else { throw StoreError("角色应为 office、unit、assessor 或 viewer") }
        let unit = (input.form["unit"] ?? "").isEmpty ? nil : input.form["unit"]
        let password = Tokens.password()
        let name = (input.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        _ = try store.addUser(name: name, role: role, unit: role == .unit ? unit : nil, passwordHash: Passwords.hash(password, cost: configuration.bcryptCost),
                              by: input.user.name)
        return try usersPage(input, created: (name, password))
    }

    func auditPage(_ input: RouteInput) throws -> Response {
        let entries = try store.audit(limit: 300, entity: nil).reversed().map { e -> [String: Any] in
            ["id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "entity": e.entity, "key": e.key, "old": e.old ?? "", "new": e.new ?? ""]
        }
        return page("audit", ["title": "审计日志", "entries": entries, "count": entries.count], session: input.session)
    }
}
