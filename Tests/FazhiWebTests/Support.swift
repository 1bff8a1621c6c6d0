import FazhiBase
import FazhiKit
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// The repository root, found from this file.
let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let campaignID = "guyuan-2023"

/// The users every test has: one per role, two units and two assessors (审核甲 on xiji, 审核乙 on longde).
enum Users {
    static let office = "办公室"
    static let xiji = "西吉填报"
    static let longde = "隆德填报"
    static let assessorXiji = "审核甲"
    static let assessorLongde = "审核乙"
    static let viewer = "领导"
    static let password = "correct-horse-battery"
}

/// A store with the Guyuan 2023 campaign, its units and the users, made once and copied for each test.
private let template = Result { () throws -> String in
    let folder = NSTemporaryDirectory() + "fazhi-web-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let store = try SQLiteStore(path: folder + "/template.db")
    _ = try store.createCampaign(CampaignRequest(id: campaignID, name: "固原市2023年度法治政府建设考核", ruleset: "guyuan-2023-2025-creation", year: 2023,
                                                 submissionDeadline: CalendarDate(year: 2024, month: 1, day: 31),
                                                 units: [.file(root + "/examples/guyuan-region-2023.yaml")],
                                                 assessors: ["xiji": [Users.assessorXiji], "longde": [Users.assessorLongde]]),
                                 workspace: Workspace(rulesets: root + "/rulesets"), by: "法治办")
    let hash = Passwords.hash(Users.password, cost: 4)
    for (name, role, unit) in [(Users.office, WebRole.office, nil), (Users.xiji, .unit, "xiji"), (Users.longde, .unit, "longde"),
                               (Users.assessorXiji, .assessor, nil), (Users.assessorLongde, .assessor, nil), (Users.viewer, .viewer, nil)] as [(String, WebRole, String?)] {
        _ = try store.addUser(name: name, role: role, unit: unit, passwordHash: hash, by: "测试")
    }
    return folder + "/template.db"
}

/// A fresh copy of the template store and the app over it (bcrypt at its lowest cost, to stay fast).
func freshApp() throws -> (WebApp, SQLiteStore) {
    let folder = NSTemporaryDirectory() + "fazhi-web-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: try template.get(), toPath: folder + "/fazhi.db")
    let store = try SQLiteStore(path: folder + "/fazhi.db")
    var configuration = WebConfiguration()
    configuration.bcryptCost = 4
    configuration.maxUploadBytes = 256 * 1024
    return (WebApp(store: store, configuration: configuration, workspace: Workspace(rulesets: root + "/rulesets")), store)
}

/// A signed-in user: the cookie header to send and the session's CSRF token.
struct Login {
    var cookie: String
    var csrf: String
}

func signIn(_ store: SQLiteStore, _ user: String) throws -> Login {
    let token = Tokens.random(32), csrf = Tokens.random(32)
    _ = try store.createSession(user: user, tokenSHA256: SHA256.hex(token), csrf: csrf, lifetime: 3600)
    return Login(cookie: "fazhi_session=\(token)", csrf: csrf)
}

func urlEncoded(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&"))
}

/// A multipart/form-data body: fields, then files (field, file name, bytes).
func multipart(_ fields: [(String, String)], files: [(String, String, [UInt8])] = []) -> (ByteBuffer, String) {
    let boundary = "----fazhi-test-\(UUID().uuidString)"
    var body = ByteBuffer()
    for (name, value) in fields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    for (name, filename, bytes) in files {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n")
    }
    body.writeString("--\(boundary)--\r\n")
    return (body, "multipart/form-data; boundary=\(boundary)")
}

extension TestClientProtocol {
    func get(_ uri: String, as login: Login?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let login { headers[.cookie] = login.cookie }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    func post(_ uri: String, as login: Login?, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let login { headers[.cookie] = login.cookie }
        let all = (csrf && login != nil ? [("_csrf", login!.csrf)] : []) + fields
        return try await execute(uri: uri, method: .post, headers: headers, body: urlEncoded(all))
    }

    func postMultipart(_ uri: String, as login: Login, _ fields: [(String, String)], files: [(String, String, [UInt8])] = []) async throws -> TestResponse {
        let (body, type) = multipart([("_csrf", login.csrf)] + fields, files: files)
        return try await execute(uri: uri, method: .post, headers: [.cookie: login.cookie, .contentType: type], body: body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}

/// The smallest PNG and PDF headers (what the type check reads), and a text file posing as a PDF.
let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
let pdfBytes: [UInt8] = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
let fakePDF: [UInt8] = Array("<script>alert(1)</script>".utf8)
