import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    package func audit(limit: Int?, entity: String?) throws -> [AuditEntry] {
        try pool.read { db in
            var sql = "SELECT * FROM audit"
            var arguments: StatementArguments = []
            if let entity { sql += " WHERE entity = ?"; arguments += [entity] }
            sql += " ORDER BY id DESC"
            if let limit { sql += " LIMIT ?"; arguments += [limit] }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).reversed().map {
                AuditEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], entity: $0["entity"], key: $0["key"], old: $0["old"], new: $0["new"])
            }
        }
    }

    /// An online backup (SQLite's backup API, consistent while others write) to a new file, written
    /// beside the target and renamed into place.
    package func backup(to path: String) throws {
        guard FileSystemPaths.canonical(path) != FileSystemPaths.canonical(self.path) else { throw StoreError("the backup must go to another file than the store") }
        let temporary = path + ".fazhi-tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let target = try DatabaseQueue(path: temporary)
            try pool.backup(to: target)
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError("cannot back up to \(path): \(error)")
        }
    }

    /// Replaces the store's contents with a backup's, after checking the backup (integrity and a schema
    /// this version knows); the restore itself is audited in the restored store.
    package func restore(from path: String, by actor: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError("no backup file \(path)") }
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue
        do { source = try DatabaseQueue(path: path, configuration: configuration) } catch { throw StoreError("\(path) is not a Fazhi store: \(error)") }
        try source.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard integrity == ["ok"] else { throw StoreError("\(path) is damaged: \(integrity.prefix(5).joined(separator: "; "))") }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("campaign") else { throw StoreError("\(path) is not a Fazhi store") }
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            let known = Set(Schema.migrator.migrations)
            guard applied.isSubset(of: known) else { throw StoreError("\(path) was written by a newer Fazhi (migrations \(applied.subtracting(known).sorted().joined(separator: ", ")))") }
        }
        try source.backup(to: pool)
        try source.close()
        try Schema.migrator.migrate(pool)
        try pool.write { db in try self.audit(db, actor, "restore", "store", self.path, new: "from \(path)") }
    }

    /// SQLite's integrity and foreign key checks, then the store's own invariants. Empty means healthy.
    package func check() throws -> [String] {
        try pool.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.map { "integrity: \($0)" } }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                problems.append("foreign key: \(row["table"] as String) row \(row["rowid"] as Int64? ?? -1) → \(row["parent"] as String)")
            }
            // Stored texts and files match their hashes.
            for row in try Row.fetchAll(db, sql: "SELECT sha256, text FROM document") where SHA256.hex(row["text"] as String) != row["sha256"] as String {
                problems.append("document \(row["sha256"] as String): its text does not hash to its key")
            }
            for row in try Row.fetchAll(db, sql: "SELECT sha256, size, content FROM blob") {
                let data: Data = row["content"]
                if SHA256.hex([UInt8](data)) != row["sha256"] as String || data.count != row["size"] as Int {
                    problems.append("file \(row["sha256"] as String): its content does not match its hash or size")
                }
            }
            // Each campaign's ruleset rebuilds from its stored documents to the recorded hash.
            for id in try String.fetchAll(db, sql: "SELECT id FROM campaign") {
                do { _ = try self.plan(db, id, cached: false) } catch { problems.append("campaign \(id): \(error)") }
            }
            // A submission points at its latest version; versions are numbered 1…n.
            for row in try Row.fetchAll(db, sql: """
                SELECT s.campaign_id, s.unit_id, s.version, max(v.version) AS latest, count(v.version) AS n FROM submission s
                LEFT JOIN submission_version v USING (campaign_id, unit_id) GROUP BY s.campaign_id, s.unit_id
                """) where row["version"] as Int != row["latest"] as Int? ?? 0 || row["n"] as Int != row["version"] as Int {
                problems.append("submission \(row["campaign_id"] as String)/\(row["unit_id"] as String): at version \(row["version"] as Int) but has \(row["n"] as Int) version(s)")
            }
            // A submission's state is its last event's.
            for row in try Row.fetchAll(db, sql: """
                SELECT s.campaign_id, s.unit_id, s.state, (SELECT to_state FROM submission_event e WHERE e.campaign_id = s.campaign_id AND e.unit_id = s.unit_id ORDER BY id DESC LIMIT 1) AS last
                FROM submission s
                """) where row["state"] as String != row["last"] as String? {
                problems.append("submission \(row["campaign_id"] as String)/\(row["unit_id"] as String): state \(row["state"] as String) but its last event says \(row["last"] as String? ?? "nothing")")
            }
            // An import's units all have a version from it or an earlier identical one.
            for row in try Row.fetchAll(db, sql: "SELECT id, units, (SELECT count(*) FROM submission_version v WHERE v.import_id = i.id) AS n FROM import i") where row["n"] as Int > row["units"] as Int {
                problems.append("import \(row["id"] as Int): \(row["n"] as Int) versions for \(row["units"] as Int) units")
            }
            // Every published result has every indicator of its plan, and every publication has results.
            for row in try Row.fetchAll(db, sql: """
                SELECT p.campaign_id, p.version, (SELECT count(*) FROM result r WHERE r.campaign_id = p.campaign_id AND r.version = p.version) AS n,
                       p.ruleset_hash, c.ruleset_hash AS campaign_hash FROM publication p JOIN campaign c ON c.id = p.campaign_id
                """) {
                let campaign: String = row["campaign_id"], version: Int = row["version"]
                if row["n"] as Int == 0 { problems.append("publication \(campaign)/v\(version) has no results") }
                if row["ruleset_hash"] as String != row["campaign_hash"] as String { problems.append("publication \(campaign)/v\(version) was scored with another ruleset") }
                if let plan = try? self.plan(db, campaign) {
                    let uneven = try Int.fetchOne(db, sql: """
                        SELECT count(*) FROM result r WHERE r.campaign_id = ? AND r.version = ?
                          AND (SELECT count(*) FROM result_indicator ri WHERE ri.campaign_id = r.campaign_id AND ri.version = r.version AND ri.unit_id = r.unit_id) <> ?
                        """, arguments: [campaign, version, plan.indicators.count]) ?? 0
                    if uneven > 0 { problems.append("publication \(campaign)/v\(version): \(uneven) result(s) without all \(plan.indicators.count) indicators") }
                }
            }
            // A task's state is its last event's.
            for row in try Row.fetchAll(db, sql: """
                SELECT t.id, t.state, (SELECT action FROM rectification_event e WHERE e.rectification_id = t.id ORDER BY e.id DESC LIMIT 1) AS last FROM rectification t
                """) {
                let expected = ["open": "open", "reopen": "open", "answer": "answered", "close": "closed"][row["last"] as String? ?? ""]
                if expected != row["state"] as String { problems.append("rectification \(row["id"] as Int): state \(row["state"] as String) but its last event is \(row["last"] as String? ?? "none")") }
            }
            // The values kept for scoring are those the evidence reader reads from the version's document.
            for campaign in try String.fetchAll(db, sql: "SELECT DISTINCT campaign_id FROM evidence_values ORDER BY campaign_id") {
                guard let plan = try? self.plan(db, campaign) else { continue }
                let asOf = try self.campaign(db, campaign).asOf.flatMap { try? CalendarDate.parse($0).get() }
                let reader = EvidenceReader(plan: plan, asOf: asOf)
                for row in try Row.fetchAll(db, sql: """
                    SELECT ev.unit_id, ev.version, ev.data, v.document_index, d.text FROM evidence_values ev
                    JOIN submission_version v USING (campaign_id, unit_id, version) JOIN document d ON d.sha256 = v.evidence_sha256
                    WHERE ev.campaign_id = ? ORDER BY ev.unit_id, ev.version
                    """, arguments: [campaign]) {
                    let unit: String = row["unit_id"], version: Int = row["version"], data: Data = row["data"]
                    let file = SourceFile(name: "\(campaign)/\(unit)/v\(version)", text: row["text"])
                    let read = try? reader.read(YAMLParser.documents(in: file)[row["document_index"] as Int])
                    if row["document_index"] as Int != 0 || read.flatMap({ EvidenceValues.encode($0, plan: plan) }) != data
                        || EvidenceValues.decode(data, plan: plan, file: file) == nil {
                        problems.append("submission \(campaign)/\(unit)/v\(version): the values kept for scoring are not those its document reads to")
                    }
                }
            }
            // Unit hierarchy without cycles.
            let cyclic = try Int.fetchOne(db, sql: """
                WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 FROM unit WHERE parent_id IS NOT NULL
                  UNION ALL SELECT up.start, u.parent_id, depth + 1 FROM up JOIN unit u ON u.id = up.id WHERE u.parent_id IS NOT NULL AND depth < 64)
                SELECT count(DISTINCT start) FROM up WHERE id = start OR depth >= 64
                """) ?? 0
            if cyclic > 0 { problems.append("unit hierarchy: \(cyclic) unit(s) in a parent cycle") }
            return problems
        }
    }
}

enum FileSystemPaths {
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
