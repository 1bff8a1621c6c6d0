package import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    /// Makes a task of every unmet (or unevidenced) indicator in the campaign's latest publication that
    /// has none yet; the owner is the indicator's lead unit(s) where the ruleset names them, else the unit.
    package func openRectification(campaign: String, deadline: CalendarDate, by actor: String) throws -> Int {
        try pool.write { db in
            let plan = try self.plan(db, campaign)
            guard let version = try Int.fetchOne(db, sql: "SELECT max(version) FROM publication WHERE campaign_id = ?", arguments: [campaign]) else {
                throw StoreError("campaign \"\(campaign)\" is not published yet; 整改 starts from a published result")
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT ri.unit_id, ri.indicator_id, u.name FROM result_indicator ri JOIN unit u ON u.id = ri.unit_id
                WHERE ri.campaign_id = ? AND ri.version = ? AND ri.outcome IN ('unmet', 'noEvidence')
                  AND NOT EXISTS (SELECT 1 FROM rectification t WHERE t.campaign_id = ri.campaign_id AND t.unit_id = ri.unit_id AND t.indicator_id = ri.indicator_id)
                ORDER BY ri.unit_id, ri.rowid
                """, arguments: [campaign, version])
            let at = self.timestamp()
            for row in rows {
                let indicator: String = row["indicator_id"]
                let lead = plan.planned(indicator)?.indicator.lead ?? []
                let owner = lead.isEmpty ? row["name"] as String : lead.joined(separator: "、")
                try db.run(sql: """
                    INSERT INTO rectification (campaign_id, version, unit_id, indicator_id, owner, deadline, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
                    """, arguments: [campaign, version, row["unit_id"], indicator, owner, deadline.description, at])
                let id = db.lastInsertedRowID
                try db.run(sql: "INSERT INTO rectification_event (rectification_id, action, text, at, by) VALUES (?, 'open', ?, ?, ?)",
                               arguments: [id, "期限 \(deadline)", at, actor])
                try self.audit(db, actor, "open", "rectification", "\(id)", new: "\(campaign)/\(row["unit_id"] as String)/\(indicator) → \(owner), \(deadline)")
            }
            return rows.count
        }
    }

    package func rectifications(campaign: String?, unit: String?, overdueOn: CalendarDate?) throws -> [RectificationTask] {
        let today = overdueOn ?? self.today()
        return try pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let campaign { conditions.append("t.campaign_id = ?"); arguments += [campaign] }
            if let unit { conditions.append("t.unit_id = ?"); arguments += [unit] }
            if overdueOn != nil { conditions.append("t.state = 'open' AND t.deadline < ?"); arguments += [today.description] }
            let sql = """
                SELECT t.*, (SELECT text FROM rectification_event e WHERE e.rectification_id = t.id AND e.action = 'answer' ORDER BY e.id DESC LIMIT 1) AS answer,
                       (SELECT group_concat(f.original_name, '、') FROM rectification_file f JOIN rectification_event e ON e.id = f.event_id
                        WHERE e.rectification_id = t.id) AS files
                FROM rectification t\(conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) ORDER BY t.id
                """
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let deadline: String = row["deadline"], state: String = row["state"]
                return RectificationTask(id: row["id"], campaign: row["campaign_id"], unitID: row["unit_id"], indicatorID: row["indicator_id"], owner: row["owner"],
                                         deadline: deadline, state: state, overdue: state == "open" && deadline < today.description, lastAnswer: row["answer"],
                                         files: (row["files"] as String?).map { $0.components(separatedBy: "、") } ?? [])
            }
        }
    }

    /// `files`: evidence for an answer (佐证材料, stored once by SHA-256 like a submission's).
    package func rectify(task: Int, action: RectificationAction, text: String?, files: [String] = [], by actor: String) throws {
        if action == .answer, (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError("an answer needs its text (--text): what was done, with the evidence")
        }
        if action != .answer, !files.isEmpty { throw StoreError("files go with an answer") }
        var contents: [(name: String, data: Data)] = []
        var problems: [Diagnostic] = []
        for path in files {
            if let data = FileManager.default.contents(atPath: path) { contents.append((path, data)) } else {
                problems.append(Diagnostic.error("\(path): cannot read the file", at: nil))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        try pool.write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM rectification WHERE id = ?", arguments: [task]) else {
                throw StoreError("no rectification task \(task)")
            }
            let next: String
            switch (action, state) {
            case (.answer, "open"), (.answer, "answered"): next = "answered"
            case (.close, "open"), (.close, "answered"): next = "closed"
            case (.reopen, "closed"), (.reopen, "answered"): next = "open"
            default: throw StoreError("task \(task) is \(state); it cannot be \(action == .answer ? "answered" : action == .close ? "closed" : "reopened")")
            }
            try db.run(sql: "UPDATE rectification SET state = ? WHERE id = ?", arguments: [next, task])
            try db.run(sql: "INSERT INTO rectification_event (rectification_id, action, text, at, by) VALUES (?, ?, ?, ?, ?)",
                           arguments: [task, action.rawValue, text, self.timestamp(), actor])
            let event = db.lastInsertedRowID
            for (path, data) in contents {
                let sha = SHA256.hex([UInt8](data))
                let name = (path as NSString).lastPathComponent
                try db.run(sql: "INSERT OR IGNORE INTO blob (sha256, size, content) VALUES (?, ?, ?)", arguments: [sha, data.count, data])
                try db.run(sql: "INSERT INTO rectification_file (event_id, blob_sha256, original_name, media_type, size) VALUES (?, ?, ?, ?, ?)",
                               arguments: [event, sha, name, Self.mediaType(name), data.count])
            }
            let attached = contents.isEmpty ? "" : "（附件 " + contents.map { ($0.name as NSString).lastPathComponent }.joined(separator: "、") + "）"
            try self.audit(db, actor, action.rawValue, "rectification", "\(task)", old: state, new: next + (text.map { ": \($0)" } ?? "") + attached)
        }
    }
}
