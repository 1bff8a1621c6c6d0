package import FazhiKit
package import Foundation
import GRDB
import GRDBSQLite

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
            // 64 MiB of page cache a connection (SQLite's default is 2 MiB): an import of 10,000 units
            // adds some 170 MB of rows and index entries, and the evidence documents go into their
            // table by SHA-256, all over its B-tree; with 2 MiB, pages went out to the WAL and were
            // read back within one transaction. The cache only holds pages read or written.
            try db.execute(sql: "PRAGMA cache_size = -65536")
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

/// One single-row `INSERT` prepared once per transaction and run for many rows through SQLite's C
/// API: an import's facts (about 60 a unit, 600,000 at 10,000 units) and a publication's group and
/// indicator rows.
///
/// Written by hand over the C API because GRDB binds through `StatementArguments` of
/// `DatabaseValue`s, boxing every value and building an argument array per statement: with multi-row
/// `INSERT`s that was still as much time as SQLite's own work on the rows. Here a value is bound
/// straight from the string's UTF-8 (copied by SQLite), and a binding stays set from one row to the
/// next (`sqlite3_reset` keeps it), so the columns every row of a unit shares (campaign, unit,
/// version) are bound once per unit. Rows go in in the order they are inserted.
final class RowWriter {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let sql: String

    /// Prepares `INSERT INTO table (columns…) VALUES (?1, …)`; column `i` (from 0) is bound with
    /// `set(i, …)`. Use it inside the transaction of the `db` it was made for, then let it go.
    init(_ db: Database, into table: String, columns: [String], orIgnore: Bool = false) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database is closed") }
        self.connection = connection
        sql = "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\((1...columns.count).map { "?\($0)" }.joined(separator: ", ")))"
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        statement = prepared
    }

    deinit { sqlite3_finalize(statement) }

    func set(_ column: Int, _ value: String) {
        var value = value
        value.withUTF8 { text in
            // An empty string has no storage to point at; SQLite reads no byte of it, but a null
            // pointer would bind NULL.
            if let base = text.baseAddress {
                sqlite3_bind_text(statement, Int32(column + 1), base, Int32(text.count), rowWriterTransient)
            } else {
                sqlite3_bind_text(statement, Int32(column + 1), "", 0, rowWriterTransient)
            }
        }
    }

    func set(_ column: Int, _ value: String?) {
        if let value { set(column, value) } else { sqlite3_bind_null(statement, Int32(column + 1)) }
    }

    func set(_ column: Int, _ value: Int) { sqlite3_bind_int64(statement, Int32(column + 1), Int64(value)) }

    func set(_ column: Int, _ value: Int64) { sqlite3_bind_int64(statement, Int32(column + 1), value) }

    func set(_ column: Int, _ value: Int?) {
        if let value { set(column, value) } else { sqlite3_bind_null(statement, Int32(column + 1)) }
    }

    func set(_ column: Int, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, Int32(column + 1), value) } else { sqlite3_bind_null(statement, Int32(column + 1)) }
    }

    func set(_ column: Int, _ value: Data) {
        value.withUnsafeBytes { bytes in
            // Like an empty string, an empty blob still needs a pointer (a null one binds NULL).
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(statement, Int32(column + 1), base, Int32(bytes.count), rowWriterTransient)
            } else {
                sqlite3_bind_zeroblob(statement, Int32(column + 1), 0)
            }
        }
    }

    /// Inserts one row with the values bound now; a constraint it breaks throws (the caller's
    /// transaction then rolls back).
    func insert() throws {
        let code = sqlite3_step(statement)
        if code != SQLITE_DONE {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(statement)
    }
}

/// SQLite copies a value bound with this destructor (`SQLITE_TRANSIENT`, a macro Swift cannot import).
private let rowWriterTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Optional where Wrapped: DatabaseValueConvertible {
    /// The value, or NULL.
    var orNull: DatabaseValue { self?.databaseValue ?? .null }
}
