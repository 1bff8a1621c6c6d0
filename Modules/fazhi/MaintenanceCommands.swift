import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log: who changed what, when, old → new (append-only).",
        discussion: "EXAMPLES:\n  fazhi audit --limit 20")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only the last N entries.")
    var limit: Int?
    @Option(help: "Only entries about this kind of thing (unit, campaign, submission, verdict, publication, rectification, …).")
    var entity: String?

    func run() throws {
        let entries = try store.run { try $0.audit(limit: limit, entity: entity) }
        try listing.emit(entries, headers: ["#", "时间", "人员", "操作", "对象", "键", "原值", "新值"],
                         rows: entries.map { ["\($0.id)", $0.at, $0.actor, $0.action, $0.entity, $0.key, $0.old ?? "", $0.new ?? ""] }, right: [0])
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "An online backup of the store to a file (safe while others use it).",
        discussion: "EXAMPLES:\n  fazhi backup 备份.db")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file to write.")
    var file: String
    func run() throws {
        try store.run { try $0.backup(to: file) }
        try Output.print("backed up \(store.path) to \(file)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Replace the store's contents with a backup's (checked first).",
        discussion: "EXAMPLES:\n  fazhi restore 备份.db")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file.")
    var file: String
    func run() throws {
        try store.run { try $0.restore(from: file, by: store.actor) }
        try Output.print("restored \(store.path) from \(file)")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "SQLite's integrity and foreign key checks, then the store's invariants. Exit 1 when something is wrong.",
        discussion: "EXAMPLES:\n  fazhi check")
    @OptionGroup var store: StoreOptions
    func run() throws {
        let problems = try store.run { try $0.check() }
        if problems.isEmpty {
            try Output.print("\(store.path): ok")
            return
        }
        for p in problems { try Output.print("\(store.path): \(p)") }
        throw ExitCode(1)
    }
}
