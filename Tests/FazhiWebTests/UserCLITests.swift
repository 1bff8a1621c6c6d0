import FazhiStore
import FazhiWeb
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `fazhi user …` through the built binary: no default password, a one-time one printed once or one
/// read from standard input, bad input refused with exit 2 and nothing written.
struct UserCLITests {
    @Test func addPrintsAOneTimePasswordOrReadsOne() throws {
        let folder = NSTemporaryDirectory() + "fazhi-web-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/fazhi.db"
        let env = ["FAZHI_USER": "法治办", "FAZHI_BCRYPT_COST": "4"]
        #expect(try fazhi(["units", "import", "examples/guyuan-region-2023.yaml", "--db", db], environment: env).status == 0)

        let office = try fazhi(["user", "add", "办公室", "--role", "office", "--db", db], environment: env)
        #expect(office.status == 0, "\(office.stderr)")
        let password = try #require(office.stdout.firstMatch(of: /one-time password: ([a-zA-Z0-9-]{19})\n/)?.1)
        let stored = try #require(try SQLiteStore(path: db).webUser(named: "办公室"))
        #expect(Passwords.verify(String(password), hash: stored.passwordHash) && stored.user.role == .office)

        let unit = try fazhi(["user", "add", "西吉填报", "--role", "unit", "--unit", "xiji", "--password-stdin", "--db", db], environment: env,
                             input: "a-long-enough-password\n")
        #expect(unit.status == 0, "\(unit.stderr)")
        #expect(!unit.stdout.contains("password:"))
        #expect(Passwords.verify("a-long-enough-password", hash: try #require(try SQLiteStore(path: db).webUser(named: "西吉填报")).passwordHash))

        // Refused, exit 2, nothing written: a short password, a unit user without its unit, an unknown unit, a taken name.
        for (arguments, input, message) in [
            (["user", "add", "甲", "--role", "assessor", "--password-stdin"], "short\n", "at least 10 characters"),
            (["user", "add", "乙", "--role", "unit"], "", "needs its unit"),
            (["user", "add", "丙", "--role", "unit", "--unit", "xijj"], "", "did you mean \"xiji\""),
            (["user", "add", "办公室", "--role", "viewer"], "", "exists already"),
            (["user", "add", "丁", "--role", "admin"], "", "expected office, unit, assessor or viewer"),
        ] {
            let refused = try fazhi(arguments + ["--db", db], environment: env, input: input)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        #expect(try SQLiteStore(path: db).webUsers().map(\.name).sorted() == ["办公室", "西吉填报"])
        let audit = try SQLiteStore(path: db).audit(limit: nil, entity: "user")
        #expect(audit.map(\.key) == ["办公室", "西吉填报"] && audit.allSatisfy { $0.actor == "法治办" })
    }
}

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `fazhi` from the repository root, with `input` on its standard input.
func fazhi(_ arguments: [String], environment extra: [String: String] = [:], input: String = "") throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["FAZHI_DB"] = nil
    environment.merge(extra) { $1 }
    process.environment = environment
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

/// `fazhi serve` as a user starts it: it listens, answers with the security headers, stops on SIGTERM,
/// and a port already taken is an error (exit 2), not a crash.
struct ServeCLITests {
    @Test func servesStopsOnSIGTERMAndRefusesATakenPort() async throws {
        let folder = NSTemporaryDirectory() + "fazhi-web-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/fazhi.db"
        let port = Int.random(in: 20_000..<60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
        server.arguments = ["serve", "--db", db, "--port", "\(port)"]
        let err = Pipe()
        server.standardError = err
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var head: String?
        for _ in 0..<100 where head == nil {
            try await Task.sleep(for: .milliseconds(100))
            head = try? rawGET(port: port, path: "/login")
        }
        let response = try #require(head, "the server did not answer")
        #expect(response.hasPrefix("HTTP/1.1 200"))
        #expect(response.contains("Content-Security-Policy: default-src 'none'") && response.contains("X-Content-Type-Options: nosniff"))
        let cookie = try #require(response.split(separator: "\r\n").first { $0.hasPrefix("Set-Cookie: fazhi_login=") })
        #expect(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"))

        let second = try fazhi(["serve", "--db", db, "--port", "\(port)"])
        #expect(second.status == 2 && second.stderr.contains("cannot serve on 127.0.0.1:\(port)"), "\(second.stderr)")

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("http://127.0.0.1:\(port)/") && log.contains("no office user yet: fazhi user add NAME --role office"))
    }

    /// One HTTP/1.1 GET over a plain socket: the status line and headers.
    func rawGET(port: Int, path: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
