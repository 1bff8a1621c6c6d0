package import FazhiKit
package import Foundation
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
        var contents: [RectificationFile] = []
        var problems: [Diagnostic] = []
        for path in files {
            if let data = FileManager.default.contents(atPath: path) {
                let name = (path as NSString).lastPathComponent
                contents.append(RectificationFile(name: name, mediaType: Self.mediaType(name), data: data))
            } else {
                problems.append(Diagnostic.error("\(path): cannot read the file", at: nil))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        try rectify(task: task, action: action, text: text, attachments: contents, by: actor)
    }

    /// The same with the files' contents at hand (the web app's upload). `campaign` and `unit`, when
    /// given, must be the task's: a unit answers only its own tasks.
    package func rectify(task: Int, action: RectificationAction, text: String?, attachments contents: [RectificationFile], campaign: String? = nil,
                         unit: String? = nil, by actor: String) throws {
        if action == .answer, (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw StoreError("an answer needs its text (--text): what was done, with the evidence")
        }
        if action != .answer, !contents.isEmpty { throw StoreError("files go with an answer") }
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, campaign_id, unit_id FROM rectification WHERE id = ?", arguments: [task]),
                  campaign.map({ $0 == row["campaign_id"] as String }) ?? true, unit.map({ $0 == row["unit_id"] as String }) ?? true else {
                throw StoreError("no rectification task \(task)" + (unit.map { " of unit \($0)" } ?? ""))
            }
            let state: String = row["state"]
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
            for file in contents {
                let sha = SHA256.hex([UInt8](file.data))
                try db.run(sql: "INSERT OR IGNORE INTO blob (sha256, size, content) VALUES (?, ?, ?)", arguments: [sha, file.data.count, file.data])
                try db.run(sql: "INSERT INTO rectification_file (event_id, blob_sha256, original_name, media_type, size) VALUES (?, ?, ?, ?, ?)",
                               arguments: [event, sha, file.name, file.mediaType, file.data.count])
            }
            let attached = contents.isEmpty ? "" : "（附件 " + contents.map(\.name).joined(separator: "、") + "）"
            try self.audit(db, actor, action.rawValue, "rectification", "\(task)", old: state, new: next + (text.map { ": \($0)" } ?? "") + attached)
        }
    }
}

extension SQLiteStore {
    /// The files sent with a unit's answers in a campaign: id, task, name, size (by task, oldest first).
    package func rectificationFiles(campaign: String, unit: String) throws -> [(id: Int64, task: Int, name: String, size: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.id, t.id AS task, f.original_name, f.size FROM rectification_file f JOIN rectification_event e ON e.id = f.event_id
                JOIN rectification t ON t.id = e.rectification_id WHERE t.campaign_id = ? AND t.unit_id = ? ORDER BY t.id, f.id
                """, arguments: [campaign, unit]).map { ($0["id"], $0["task"], $0["original_name"], $0["size"]) }
        }
    }

    /// One file of a unit's answers, with its bytes; nil when it is not that unit's in that campaign.
    package func rectificationFile(campaign: String, unit: String, id: Int64) throws -> (name: String, data: Data)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT f.original_name, b.content FROM rectification_file f JOIN rectification_event e ON e.id = f.event_id
                JOIN rectification t ON t.id = e.rectification_id JOIN blob b ON b.sha256 = f.blob_sha256
                WHERE t.campaign_id = ? AND t.unit_id = ? AND f.id = ?
                """, arguments: [campaign, unit, id]) else { return nil }
            return (row["original_name"], row["content"])
        }
    }
}
