import FazhiKit
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route of the app's one route table × every role (and no one signed in) × the user's own unit
/// and another unit, against the policy written out here. A route added to the table without a line
/// here fails the test, so none is left out.
struct AuthorizationMatrixTests {
    /// Who may use each route: "open" (anyone), "signedIn", or role names; `scoped`: a unit user only
    /// for its own unit, an assessor only for a unit assigned to them.
    static let policy: [String: (who: Set<String>, scoped: Bool)] = [
        "GET /static/app.css": (["open"], false),
        "GET /login": (["open"], false),
        "POST /login": (["open"], false),
        "POST /logout": (["signedIn"], false),
        "GET /": (["signedIn"], false),
        "GET /c/{campaign}/u/{unit}": (["unit", "office"], true),
        "POST /c/{campaign}/u/{unit}": (["unit"], true),
        "GET /c/{campaign}/u/{unit}/files/{file}": (["unit", "assessor", "office"], true),
        "GET /c/{campaign}/queue": (["assessor", "office"], false),
        "GET /c/{campaign}/review/{unit}": (["assessor", "office"], true),
        "POST /c/{campaign}/review/{unit}/verdict": (["assessor"], true),
        "POST /c/{campaign}/review/{unit}/decide": (["office"], true),
        "POST /c/{campaign}/review/{unit}/return": (["assessor", "office"], true),
        "POST /c/{campaign}/review/{unit}/reviewed": (["assessor", "office"], true),
        "GET /c/{campaign}": (["office", "viewer"], false),
        "POST /c/{campaign}/publish": (["office"], false),
        "GET /c/{campaign}/results.csv": (["office", "viewer"], false),
        "GET /c/{campaign}/report.html": (["office", "viewer"], false),
        "GET /c/{campaign}/results.xlsx": (["office", "viewer"], false),
        "GET /c/{campaign}/notice.docx": (["office", "viewer"], false),
        "GET /c/{campaign}/u/{unit}/feedback.docx": (["unit", "office", "viewer"], true),
        "GET /c/{campaign}/template.xlsx": (["office"], false),
        "GET /c/{campaign}/u/{unit}/template.xlsx": (["unit", "office"], true),
        "POST /c/{campaign}/u/{unit}/workbook": (["unit"], true),
        "GET /c/{campaign}/report_files/{page}": (["office", "viewer"], false),
        "GET /users": (["office"], false),
        "POST /users": (["office"], false),
        "GET /audit": (["office"], false),
        "GET /campaigns": (["office"], false),
        "POST /campaigns": (["office"], false),
        "GET /c/{campaign}/setup": (["office"], false),
        "POST /c/{campaign}/assign": (["office"], false),
        "POST /c/{campaign}/unassign": (["office"], false),
        "POST /c/{campaign}/units": (["office"], false),
        "POST /c/{campaign}/deadlines": (["office"], false),
        "GET /c/{campaign}/rectify": (["office", "viewer"], false),
        "POST /c/{campaign}/rectify/open": (["office"], false),
        "POST /c/{campaign}/rectify/{task}": (["office"], false),
        "POST /c/{campaign}/u/{unit}/rectify/{task}": (["unit"], true),
        "GET /c/{campaign}/u/{unit}/rectify-files/{file}": (["unit", "office", "viewer"], true),
        "GET /units": (["office"], false),
        "POST /units": (["office"], false),
    ]

    static func key(_ route: WebRoute) -> String { "\(route.method) \(route.path)" }

    @Test func everyRouteHasAPolicyAndEveryPolicyARoute() {
        let keys = Set(WebApp.routes.map(Self.key))
        #expect(keys.subtracting(Self.policy.keys).isEmpty, "routes without a line in the policy: \(keys.subtracting(Self.policy.keys).sorted())")
        #expect(Set(Self.policy.keys).subtracting(keys).isEmpty, "policy lines without a route: \(Set(Self.policy.keys).subtracting(keys).sorted())")
        #expect(WebApp.routes.count == keys.count, "a route is listed twice")
        for route in WebApp.routes {
            #expect(route.unitScoped == (Self.policy[Self.key(route)]?.scoped ?? !route.unitScoped), "\(Self.key(route)): scoped by unit")
        }
    }

    @Test func everyRouteTimesEveryRoleTimesOwnAndOtherUnit() async throws {
        let (app, store) = try freshApp()
        _ = try store.importSubmissions(campaign: campaignID, [.file(root + "/examples/guyuan-region-2023.yaml")], draft: false, by: "法治办")
        var fileID: [String: Int64] = [:]
        for unit in ["xiji", "longde"] {
            fileID[unit] = try store.attach(campaign: campaignID, unit: unit, indicator: "nx-1", name: "\(unit).png", mediaType: "image/png", data: Data(pngBytes), by: "测试").id
        }
        // Each actor's own unit is xiji: the xiji unit user, and 审核甲 who is assigned to xiji (审核乙 has longde).
        let actors: [(name: String?, role: String)] = [(nil, "anonymous"), (Users.office, "office"), (Users.xiji, "unit"), (Users.assessorXiji, "assessor"),
                                                       (Users.viewer, "viewer")]
        let ids = fileID
        let (failures, checked) = try await Application(router: app.router()).test(.router) { client in
            var failures: [String] = []
            var checked = 0
            for route in WebApp.routes {
                let (who, scoped) = try #require(Self.policy[Self.key(route)])
                for unit in route.unitScoped ? ["xiji", "longde"] : ["xiji"] {
                    let uri = route.path.replacingOccurrences(of: "{campaign}", with: campaignID).replacingOccurrences(of: "{unit}", with: unit)
                        .replacingOccurrences(of: "{file}", with: "\(ids[unit]!)").replacingOccurrences(of: "{task}", with: "1")
                        .replacingOccurrences(of: "{page}", with: "\(unit).html")
                    for actor in actors {
                        let signedIn = actor.name != nil
                        var allowed = who.contains("open") || (signedIn && (who.contains("signedIn") || who.contains(actor.role)))
                        if allowed, scoped, actor.role == "unit" || actor.role == "assessor" { allowed = unit == "xiji" }
                        // A fresh session for each request (a POST to /logout ends the one it is sent with).
                        let login = try actor.name.map { try signIn(store, $0) }
                        let response: TestResponse
                        if route.method == .get {
                            response = try await client.get(uri, as: login)
                        } else {
                            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                            headers[.cookie] = login?.cookie ?? "fazhi_login=matrix"
                            response = try await client.execute(uri: uri, method: .post, headers: headers, body: urlEncoded([("_csrf", login?.csrf ?? "matrix")]))
                        }
                        checked += 1
                        let status = response.status.code
                        let toLogin = response.location == "/login" && route.path != "/logout"
                        let ok: Bool
                        if allowed {
                            // Allowed: anything but a refusal (a form left empty may be a 400; a wrong password a 401).
                            ok = status != 403 && !toLogin && (status != 401 || route.path == "/login")
                        } else if signedIn {
                            ok = status == 403
                        } else {
                            ok = route.method == .get ? (status == 303 && toLogin) : status == 401
                        }
                        if !ok {
                            failures.append("\(route.method) \(uri) as \(actor.role): \(status)\(response.location.map { " → \($0)" } ?? "") (expected \(allowed ? "allowed" : "refused"))")
                        }
                    }
                }
            }
            return (failures, checked)
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked >= WebApp.routes.count * actors.count)
    }
}
