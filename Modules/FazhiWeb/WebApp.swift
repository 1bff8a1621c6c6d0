import FazhiBase
package import FazhiKit
package import FazhiStore
package import Foundation
package import HTTPTypes
package import Hummingbird
import HummingbirdBcrypt
import FazhiReports
import Logging
import NIOCore
import Synchronization

/// How the server behaves; the defaults are what `fazhi serve` uses.
package struct WebConfiguration: Sendable {
    /// Mark the session cookie Secure (when the app is reached through TLS, e.g. behind a proxy).
    package var secureCookies = false
    /// The largest request body (a form with its files) taken.
    package var maxUploadBytes = 20 * 1024 * 1024
    /// bcrypt's cost for new passwords (tests lower it to stay fast).
    package var bcryptCost: UInt8 = 12
    package var sessionLifetime: TimeInterval = 8 * 3600
    /// Failed logins allowed within `loginWindow`, per user name and per client address.
    package var failuresPerUser = 5
    package var failuresPerAddress = 20
    package var loginWindow: TimeInterval = 15 * 60

    package init() {}
}

/// The request context: who is signed in (found from the session cookie) and the client's address.
package struct WebContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var address: String

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}

/// One route: method, path, who may use it, and its handler. `WebApp.routes` is the one table every
/// request is checked against, so a test can enumerate it (Tests/FazhiWebTests: the authorization matrix).
package struct WebRoute: Sendable {
    package enum Access: Sendable, Equatable {
        /// Anyone (the login page, the style sheet).
        case open
        /// Any signed-in user.
        case signedIn
        /// Signed-in users of these roles.
        case roles(Set<WebRole>)
    }

    package var method: HTTPRequest.Method
    package var path: String
    package var access: Access
    let handler: @Sendable (WebApp, Request, RouteInput) async throws -> Response

    /// A path naming `{unit}` is also limited to that unit: a unit user to its own, an assessor to the
    /// units assigned to them (or to units with no assessor assigned), the office and viewers to all.
    package var unitScoped: Bool { path.contains("{unit}") }
}

/// What a handler is given: the session, the form (POST), the path's parameters.
struct RouteInput: Sendable {
    var session: WebSession?
    var form: Form
    var parameters: [String: String]
    var query: [String: String]
    var address: String
    var loginToken: String?

    var campaign: String { parameters["campaign"] ?? "" }
    var unit: String { parameters["unit"] ?? "" }
    var user: WebUser { session!.user }
}

/// The web app over one store: server-rendered pages in Chinese, every one usable without JavaScript.
package final class WebApp: Sendable {
    package let store: SQLiteStore
    package let configuration: WebConfiguration
    /// Where campaign set-up finds the bundled rulesets and the metric catalog (the CLI's search path).
    package let workspace: Workspace
    /// A bcrypt hash of nothing anyone knows, checked when the user name is unknown so that a login
    /// takes as long for a missing user as for a wrong password.
    let decoyHash: String
    /// The dashboard's region goals of each publication (`publishedGoals`).
    let goalsByPublication = Mutex<[String: [RegionReport.GoalLine]]>([:])

    static let sessionCookie = "fazhi_session"
    static let loginCookie = "fazhi_login"

    package init(store: SQLiteStore, configuration: WebConfiguration = WebConfiguration(), workspace: Workspace = Workspace()) {
        self.store = store
        self.configuration = configuration
        self.workspace = workspace
        decoyHash = Bcrypt.hash(Tokens.random(16), cost: configuration.bcryptCost)
    }

    /// The router with every route of `routes` behind the security headers.
    package func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        for route in Self.routes {
            router.on(RouterPath(route.path), method: route.method) { [self] request, context in
                try await self.dispatch(route, request, context)
            }
        }
        return router
    }

    package func application(host: String, port: Int) -> some ApplicationProtocol {
        var logger = Logger(label: "fazhi.web")
        logger.logLevel = .notice
        return Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
    }

    /// Serves until SIGINT or SIGTERM (hummingbird's service lifecycle stops it gracefully).
    package func run(host: String, port: Int) async throws {
        try await application(host: host, port: port).runService()
    }

    // MARK: Authorization

    /// Whether `user` may use `route` with these path parameters (the role, then the unit named).
    package func allows(_ user: WebUser, _ route: WebRoute, campaign: String?, unit: String?) throws -> Bool {
        switch route.access {
        case .open, .signedIn: break
        case .roles(let roles): guard roles.contains(user.role) else { return false }
        }
        guard route.unitScoped, let unit else { return true }
        switch user.role {
        case .office, .viewer: return true
        case .unit: return user.unitID == unit
        case .assessor:
            guard let campaign else { return false }
            return try mayAssess(user, campaign: campaign, unit: unit)
        }
    }

    /// An assessor judges the units assigned to them, and units no assessor is assigned to (the store's rule).
    func mayAssess(_ user: WebUser, campaign: String, unit: String) throws -> Bool {
        guard user.role == .assessor else { return user.role == .office }
        let assigned = try store.assessors(campaign: campaign)[unit] ?? []
        return assigned.isEmpty || assigned.contains(user.name)
    }

    // MARK: Dispatch

    func dispatch(_ route: WebRoute, _ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let token = request.cookies[Self.sessionCookie]?.value
        let session = try token.flatMap { try store.session(tokenSHA256: SHA256.hex($0)) }
        var parameters: [String: String] = [:]
        for key in ["campaign", "unit", "file", "task", "page"] { parameters[key] = context.parameters.get(key) }
        var input = RouteInput(session: session, form: Form(), parameters: parameters, query: Self.query(request.uri.query),
                               address: context.address, loginToken: request.cookies[Self.loginCookie]?.value)
        if route.access != .open {
            guard let session else {
                if request.method == .get { return .redirect(to: "/login", type: .normal) }
                return page(status: .unauthorized, "message", ["title": "需要登录", "heading": "需要登录", "lines": ["登录已过期，请重新登录。"], "back": "/login"], session: nil)
            }
            guard try allows(session.user, route, campaign: parameters["campaign"], unit: parameters["unit"]) else {
                return forbidden(session)
            }
        }
        if request.method == .post {
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: configuration.maxUploadBytes) } catch let error as HTTPError where error.status == .contentTooLarge {
                return page(status: .contentTooLarge, "message", ["title": "文件太大", "heading": "文件太大",
                                                                  "lines": ["一次提交最多 \(configuration.maxUploadBytes / 1024 / 1024) MB（表单和所有文件合计），请分次上传。"],
                                                                  "back": "/"], session: session)
            }
            do { input.form = try Form.parse(body, contentType: request.headers[.contentType]) } catch {
                return page(status: .badRequest, "message", ["title": "表单有误", "heading": "表单有误", "lines": [error.message], "back": "/"], session: session)
            }
            // Every POST carries the session's CSRF token (the login form: the token of its cookie).
            let expected = session?.csrf ?? input.loginToken
            guard let expected, let given = input.form["_csrf"], Tokens.equal(given, expected) else {
                return page(status: .forbidden, "message", ["title": "请求无效", "heading": "请求无效（CSRF）",
                                                           "lines": ["表单已过期或不是从本系统的页面提交的。请回到页面刷新后再试。"], "back": "/"], session: session)
            }
        }
        do {
            return try await route.handler(self, request, input)
        } catch let error as StoreError {
            return page(status: .badRequest, "message", ["title": "未能完成", "heading": "未能完成", "lines": [error.message], "back": request.uri.path], session: session)
        } catch let error as DiagnosticList {
            return page(status: .badRequest, "message", ["title": "未能完成", "heading": "未能完成", "lines": error.diagnostics.map(\.message), "back": request.uri.path],
                        session: session)
        } catch let error as HTTPError {
            throw error
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return page(status: .internalServerError, "message", ["title": "出错了", "heading": "服务器出错", "lines": ["请稍后再试；问题已记入服务器日志。"], "back": "/"],
                        session: session)
        }
    }

    func forbidden(_ session: WebSession?) -> Response {
        page(status: .forbidden, "message", ["title": "无权访问", "heading": "无权访问", "lines": ["您的账号不能查看或修改这一页。"], "back": "/"], session: session)
    }

    func notFound(_ session: WebSession?, _ what: String) -> Response {
        page(status: .notFound, "message", ["title": "未找到", "heading": "未找到", "lines": [what], "back": "/"], session: session)
    }

    /// Characters left as they are in a percent-encoded header value or URL fragment (RFC 3986's
    /// unreserved set; everything else, Chinese included, is encoded).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func query(_ query: String?) -> [String: String] {
        Form.urlEncoded(query ?? "").fields
    }

    // MARK: Rendering

    /// A page through the layout, with the session's name, role and CSRF token.
    func page(status: HTTPResponse.Status = .ok, _ template: String, _ context: [String: Any], session: WebSession?) -> Response {
        var context = context
        if let session {
            var unitName: String? = nil
            if let unit = session.user.unitID { unitName = (try? store.units(under: unit))?.first { $0.id == unit }?.name ?? unit }
            context["session"] = ["name": session.user.name, "roleName": session.user.role.chinese, "userUnit": unitName as Any,
                                  "isOffice": session.user.role == .office, "csrf": session.csrf] as [String: Any]
            context["csrf"] = session.csrf
        }
        let html = Templates.render(template, context)
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }
}

/// Headers on every response: a Content-Security-Policy that allows nothing but this server's own
/// style sheet and images (no script at all, no framing), no MIME sniffing, no referrer.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = WebContext
    static let policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as HTTPError {
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: error.status == .notFound ? "未找到\n" : "\(error.status.code)\n")))
        }
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.fazhiFrameOptions] = "DENY"
        response.headers[.fazhiReferrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    static let fazhiFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let fazhiReferrerPolicy = HTTPField.Name("Referrer-Policy")!
}

/// Random tokens and passwords from the system's generator, and a comparison that takes the same
/// time wherever two tokens differ.
package enum Tokens {
    package static func random(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A password of 16 characters from an alphabet without look-alikes (0/O, 1/l/I), in groups of four: 80 bits.
    package static func password() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789AB")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 16, by: 4).map { String(chars[$0..<$0 + 4]) }.joined(separator: "-")
    }

    package static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Passwords hashed with bcrypt (hummingbird-auth's HummingbirdBcrypt).
package enum Passwords {
    package static func hash(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }
    package static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// At least 10 characters: the one rule for a password a user chooses (`--password-stdin`).
    package static func check(_ password: String) throws {
        guard password.count >= 10 else { throw StoreError("the password must have at least 10 characters") }
        guard password.utf8.count <= 72 else { throw StoreError("the password must be at most 72 bytes (bcrypt reads no further)") }
    }
}
