import ArgumentParser
import FazhiKit
import FazhiStore
import FazhiWeb
import Foundation

// The web app (docs/web.md): `fazhi serve` and its users (`fazhi user …`).

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The web app over the store: units fill in and upload, assessors review, the office publishes (Chinese pages, no JavaScript needed).",
        discussion: """
            Make the first office account with `fazhi user add NAME --role office` (it prints a one-time \
            password); there is no default password. Listens on 127.0.0.1 unless --host says otherwise; \
            behind a TLS proxy give --secure-cookies.

            EXAMPLES:
              fazhi serve --db 考核.db --port 8080     # then open http://127.0.0.1:8080/
            """)
    @OptionGroup var options: StoreOptions
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "The port to listen on.")
    var port = 8080
    @Flag(name: .customLong("secure-cookies"), help: "Mark the session cookie Secure (the app is reached through HTTPS).")
    var secureCookies = false
    @Option(name: .customLong("max-upload-mb"), help: "The largest form with its files, in MB.")
    var maxUploadMB = 20

    @OptionGroup var rulesets: RulesetOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port): expected 1 to 65535") }
        guard (1...1024).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb \(maxUploadMB): expected 1 to 1024") }
    }

    func run() throws {
        let store = try options.run { $0 }
        var configuration = WebConfiguration()
        configuration.secureCookies = secureCookies
        configuration.maxUploadBytes = maxUploadMB * 1024 * 1024
        if let cost = ProcessInfo.processInfo.environment["FAZHI_BCRYPT_COST"].flatMap(UInt8.init), (4...31).contains(cost) { configuration.bcryptCost = cost }
        let app = WebApp(store: store, configuration: configuration, workspace: rulesets.workspace)
        let users = try options.run { try $0.webUsers() }
        Output.standardError("fazhi serve: http://\(host.contains(":") ? "[\(host)]" : host):\(port)/  (store \(options.path); Ctrl-C stops)\n")
        if !users.contains(where: { $0.role == .office && !$0.disabled }) {
            Output.standardError("no office user yet: fazhi user add NAME --role office --db \(options.path)\n")
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.run(host: host, port: port) } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            Output.error("cannot serve on \(host):\(port): \(message)")
            throw ExitCode(2)
        }
    }
}

/// The server task's error, handed back to the waiting main thread.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ m: String) { lock.lock(); message = m; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Web app users: office (法治办), unit (填报单位), assessor (审核人员), viewer (领导, read-only).",
        discussion: "EXAMPLES:\n  fazhi user add 法治办 --role office\n  fazhi user add 西吉县填报 --role unit --unit xiji\n  fazhi user list",
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self])

    /// A new password: read from standard input (`--password-stdin`), else a random one printed once.
    static func password(fromStandardInput: Bool) throws -> (password: String, generated: Bool) {
        guard fromStandardInput else { return (Tokens.password(), true) }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        do { try Passwords.check(text) } catch let error as StoreError {
            Output.error(error.message)
            throw ExitCode(2)
        }
        return (text, false)
    }

    static var cost: UInt8 {
        ProcessInfo.processInfo.environment["FAZHI_BCRYPT_COST"].flatMap(UInt8.init).flatMap { (4...31).contains($0) ? $0 : nil } ?? 12
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints a one-time random password (or reads one with --password-stdin).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's name (what they type to sign in; 1 to 64 characters, no spaces).")
        var name: String
        @Option(help: "office, unit, assessor or viewer.")
        var role: String
        @Option(help: "For a unit user: the unit's id.")
        var unit: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() throws {
            guard let role = WebRole(rawValue: role) else {
                Output.error("--role \(role): expected office, unit, assessor or viewer")
                throw ExitCode(2)
            }
            let (password, generated) = try UserCommand.password(fromStandardInput: passwordStdin)
            let user = try store.run { try $0.addUser(name: name, role: role, unit: unit, passwordHash: Passwords.hash(password, cost: UserCommand.cost), by: store.actor) }
            try Output.print("user \(user.name) added (\(user.role.rawValue)\(user.unitID.map { ", unit \($0)" } ?? ""))")
            if generated {
                try Output.print("one-time password: \(password)")
                try Output.print("(shown once; hand it over in person. fazhi user passwd \(user.name) makes a new one)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The users, their roles and units.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions

        func run() throws {
            let users = try store.run { try $0.webUsers() }
            try listing.emit(users, headers: ["用户名", "角色", "单位", "建立", "状态"], rows: users.map {
                [$0.name, "\($0.role.rawValue) \($0.role.chinese)", $0.unitID ?? "", "\($0.createdAt) \($0.createdBy)", $0.disabled ? "已停用" : "正常"]
            })
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a user a new password (a random one printed once, or --password-stdin); ends their sessions.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's name.")
        var name: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() throws {
            let (password, generated) = try UserCommand.password(fromStandardInput: passwordStdin)
            try store.run { try $0.setPassword(user: name, passwordHash: Passwords.hash(password, cost: UserCommand.cost), by: store.actor) }
            try Output.print("password of \(name) changed")
            if generated { try Output.print("one-time password: \(password)") }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a user from signing in (ends their sessions).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's name.")
        var name: String
        func run() throws {
            try store.run { try $0.setDisabled(user: name, disabled: true, by: store.actor) }
            try Output.print("user \(name) disabled")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled user sign in again.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The user's name.")
        var name: String
        func run() throws {
            try store.run { try $0.setDisabled(user: name, disabled: false, by: store.actor) }
            try Output.print("user \(name) enabled")
        }
    }
}
