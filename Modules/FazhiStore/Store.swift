package import FazhiKit
package import Foundation
import GRDB

/// The yearly assessment cycle kept in a database: units, campaigns with their stored ruleset,
/// versioned submissions and files, assessors' verdicts, published results, rectification and an
/// append-only audit log.
///
/// Every call that changes something runs in one transaction and writes its audit rows in the same
/// transaction: it happens whole or not at all. Input is checked before the transaction starts, and
/// bad input throws every problem found, located (`DiagnosticList`); nothing is written then.
/// `SQLiteStore` is the one implementation; a server-side store (PostgreSQL) would be another module
/// conforming to this protocol.
package protocol AssessmentStore: Sendable {
    // Units
    func importUnits(_ sources: [EvidenceSource], by actor: String) throws -> UnitImportSummary
    func units(under parent: String?) throws -> [StoredUnit]

    // Campaigns
    func createCampaign(_ request: CampaignRequest, workspace: Workspace, by actor: String) throws -> CampaignInfo
    func campaigns() throws -> [CampaignInfo]
    func campaign(_ id: String) throws -> CampaignInfo
    func plan(ofCampaign id: String) throws -> EvaluationPlan
    func assign(campaign: String, unit: String, assessors: [String], by actor: String) throws

    // Submissions
    func importSubmissions(campaign: String, _ sources: [EvidenceSource], draft: Bool, by actor: String) throws -> SubmissionImportSummary
    func attach(campaign: String, unit: String, files: [String], by actor: String) throws -> [AttachmentInfo]
    func changeState(campaign: String, unit: String, to state: SubmissionState, reason: String?, by actor: String) throws
    func submissions(campaign: String) throws -> [SubmissionInfo]
    func versions(campaign: String, unit: String) throws -> [SubmissionVersion]
    func facts(campaign: String, unit: String, version: Int?) throws -> [StoredFact]

    // Verdicts
    func recordVerdict(_ verdict: VerdictRequest, by actor: String) throws
    func decide(_ verdict: VerdictRequest, by actor: String) throws
    func verdicts(campaign: String, unit: String?) throws -> [VerdictRow]

    // Results
    func score(campaign: String) throws -> CampaignScoring
    func publish(campaign: String, note: String?, by actor: String) throws -> Publication
    func rescore(campaign: String, version: Int?) throws -> CampaignScoring
    func results(campaign: String, version: Int?) throws -> [PublishedResult]
    func resultChanges(campaign: String, from: Int, to: Int) throws -> [ResultChange]

    // History
    func history(unit: String) throws -> [HistoryEntry]
    func distribution(region: String?) throws -> [GradeCount]

    // Rectification
    func openRectification(campaign: String, deadline: CalendarDate, by actor: String) throws -> Int
    func rectifications(campaign: String?, unit: String?, overdueOn: CalendarDate?) throws -> [RectificationTask]
    func rectify(task: Int, action: RectificationAction, text: String?, files: [String], by actor: String) throws

    // Audit, backup, check
    func audit(limit: Int?, entity: String?) throws -> [AuditEntry]
    func backup(to path: String) throws
    func restore(from path: String, by actor: String) throws
    func check() throws -> [String]
}

/// A user's mistake with no file location (an unknown campaign, a state change that is not allowed).
package struct StoreError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { "error: \(message)" }
}

/// The store in one SQLite file, in WAL mode, with foreign keys on, migrated on open.
package final class SQLiteStore: AssessmentStore {
    package let path: String
    let pool: DatabasePool
    /// The time written into rows and the audit log (a test may fix it).
    let clock: @Sendable () -> Date
    /// Compiled plans by the content hash and SHA-256s of their stored documents, shared by every store
    /// in the process (the key names the content, so any store may use an entry): a plan compiles in a
    /// tenth of a second or more, and a run asks for the same one many times.
    private final class PlanEntry: @unchecked Sendable {
        let lock = NSLock()
        var plan: EvaluationPlan?
    }
    nonisolated(unsafe) private static var plans: [String: PlanEntry] = [:]
    private static let lock = NSLock()

    /// Callers asking for the same plan at once compile it once; different plans compile side by side.
    func cachedPlan(_ key: String, _ make: () throws -> EvaluationPlan) rethrows -> EvaluationPlan {
        Self.lock.lock()
        let entry = Self.plans[key] ?? PlanEntry()
        Self.plans[key] = entry
        Self.lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let plan = entry.plan { return plan }
        let plan = try make()
        entry.plan = plan
        return plan
    }

    package init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("cannot open the store \(path): \(error.message ?? error.description)")
        }
    }

    /// Now, as stored: UTC, ISO 8601 to the second.
    func timestamp() -> String {
        Self.format(clock())
    }

    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    /// Today in UTC+8 (the offices' calendar), for deadlines.
    package func today() -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: clock())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Appends one row to the audit log, inside the caller's transaction.
    func audit(_ db: Database, _ actor: String, _ action: String, _ entity: String, _ key: String, old: String? = nil, new: String? = nil) throws {
        try db.run(sql: "INSERT INTO audit (at, actor, action, entity, key, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [timestamp(), actor, action, entity, key, old, new])
    }
}

extension Database {
    /// Runs one statement through GRDB's per-connection statement cache. An import or a publication
    /// runs the same few INSERTs for every unit, fact and indicator; compiling each anew (and GRDB's
    /// authorizer pass over it) was over half of their time.
    func run(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Database {
    /// Rows into `table` by multi-row INSERTs of up to 100 rows (each shape's statement cached): a
    /// unit's 50-odd facts, or a publication's indicator rows, in a few statements instead of one each.
    /// `constants` are the leading columns every row shares (the campaign, unit and version), bound
    /// once per statement; `values` holds the rows' other columns one row after the other,
    /// `columns.count` values each, as database values made by the caller. Binding the values is most of
    /// an import's time outside SQLite itself, so each is bound once and no row repeats the constants.
    /// The rows go in in the order given (`INSERT … SELECT` from a `VALUES` list keeps its order).
    func insert(into table: String, constants: KeyValuePairs<String, DatabaseValue>, columns: [String], values: [DatabaseValue]) throws {
        let width = columns.count
        precondition(width > 0 && values.count % width == 0, "insert into \(table): \(values.count) values for \(width) columns")
        let rows = values.count / width
        let names = (constants.map(\.key) + columns).joined(separator: ", ")
        let selected = (constants.indices.map { "?\($0 + 1)" } + (1...width).map { "column\($0)" }).joined(separator: ", ")
        let head = "INSERT INTO \(table) (\(names)) SELECT \(selected) FROM (VALUES "
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var start = 0
        while start < rows {
            let end = Swift.min(start + 100, rows)
            let statement = try cachedStatement(sql: head + Array(repeating: tuple, count: end - start).joined(separator: ", ") + ")")
            var arguments = StatementArguments(constants.map(\.value))
            _ = arguments.append(contentsOf: StatementArguments(values[start * width ..< end * width]))
            try statement.setArguments(arguments)
            try statement.execute()
            start = end
        }
    }
}

extension Optional where Wrapped: DatabaseValueConvertible {
    /// The value, or NULL.
    var orNull: DatabaseValue { self?.databaseValue ?? .null }
}
