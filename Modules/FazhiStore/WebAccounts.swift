import FazhiKit
package import Foundation
import GRDB

// What the web app (`fazhi serve`, docs/web.md) keeps in the store besides the assessment cycle:
// users, sessions, login attempts, files uploaded for one item, a returned unit's unsent form and
// the assessor's note on each item of a return. Migration v2-web makes the tables.

/// A web user's role: 依法治X办 (office), 填报单位 (unit), 审核人员 (assessor), 领导 (viewer, read-only).
package enum WebRole: String, Sendable, CaseIterable, Codable {
    case office, unit, assessor, viewer

    package var chinese: String {
        switch self {
        case .office: "法治办"
        case .unit: "填报单位"
        case .assessor: "审核人员"
        case .viewer: "领导（只读）"
        }
    }
}

package struct WebUser: Sendable, Codable, Equatable {
    package var name: String
    package var role: WebRole
    /// The unit a unit user reports for.
    package var unitID: String?
    package var disabled: Bool
    package var createdAt: String
    package var createdBy: String
}

/// A live session: who, and the token every form of the session carries against cross-site requests.
package struct WebSession: Sendable {
    package var user: WebUser
    package var csrf: String
    package var expiresAt: String
}

/// A file uploaded for a submission, with the item it was uploaded for.
/// A file sent with a unit's web form, for one item; the caller has checked its type by content.
package struct WebUpload: Sendable {
    package var indicator: String?
    package var name: String
    package var mediaType: String
    package var data: Data

    package init(indicator: String?, name: String, mediaType: String, data: Data) {
        self.indicator = indicator
        self.name = name
        self.mediaType = mediaType
        self.data = data
    }
}

package struct WebAttachment: Sendable, Codable {
    package var id: Int64
    package var version: Int
    package var indicatorID: String?
    package var originalName: String
    package var mediaType: String
    package var size: Int
    package var sha256: String
    package var uploadedBy: String
    package var uploadedAt: String
}

/// The assessor's note on one item of the latest return, and the return's reasons.
package struct ReturnInfo: Sendable {
    package var reason: String
    package var at: String
    package var by: String
    package var version: Int
    package var notes: [String: String]
}

/// The store's side of the web app. `SQLiteStore` conforms; every change is one transaction with its audit row.
package protocol WebAccountStore: Sendable {
    func addUser(name: String, role: WebRole, unit: String?, passwordHash: String, by actor: String) throws -> WebUser
    func setPassword(user: String, passwordHash: String, by actor: String) throws
    func setDisabled(user: String, disabled: Bool, by actor: String) throws
    func webUsers() throws -> [WebUser]
    func webUser(named name: String) throws -> (user: WebUser, passwordHash: String)?

    func createSession(user: String, tokenSHA256: String, csrf: String, lifetime: TimeInterval) throws -> WebSession
    func session(tokenSHA256: String) throws -> WebSession?
    func endSession(tokenSHA256: String) throws

    func recordLogin(user: String, address: String, ok: Bool) throws
    func recentFailures(user: String, address: String, within: TimeInterval) throws -> (user: Int, address: Int)

    func assessors(campaign: String) throws -> [String: [String]]
    func campaignUnits(campaign: String) throws -> [StoredUnit]

    func attach(campaign: String, unit: String, indicator: String?, name: String, mediaType: String, data: Data, by actor: String) throws -> WebAttachment
    func webAttachments(campaign: String, unit: String) throws -> [WebAttachment]
    func attachmentContent(campaign: String, unit: String, id: Int64) throws -> (WebAttachment, Data)?

    func saveWebDraft(campaign: String, unit: String, text: String, by actor: String) throws
    func webDraft(campaign: String, unit: String) throws -> String?
    func saveWebForm(campaign: String, unit: String, text: String, name: String, submit: Bool, uploads: [WebUpload], by actor: String) throws
    func evidenceText(campaign: String, unit: String) throws -> String?

    func returnSubmission(campaign: String, unit: String, reason: String, notes: [String: String], by actor: String) throws
    func lastReturn(campaign: String, unit: String) throws -> ReturnInfo?
}

extension SQLiteStore: WebAccountStore {
    // MARK: Users

    package func addUser(name: String, role: WebRole, unit: String?, passwordHash: String, by actor: String) throws -> WebUser {
        try Self.checkUserName(name)
        if role == .unit, unit == nil { throw StoreError("a unit user needs its unit (--unit ID)") }
        if role != .unit, let unit { throw StoreError("only a unit user has a unit; \(role.rawValue) \"\(name)\" was given --unit \(unit)") }
        return try pool.write { db in
            if let unit, try Bool.fetchOne(db, sql: "SELECT 1 FROM unit WHERE id = ?", arguments: [unit]) != true {
                let known = try String.fetchAll(db, sql: "SELECT id FROM unit")
                throw StoreError("no unit \"\(unit)\"" + (Suggest.closest(to: unit, among: known).map { "; did you mean \"\($0)\"?" } ?? "; import units first (fazhi units import)"))
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM web_user WHERE name = ?", arguments: [name]) == true {
                throw StoreError("user \"\(name)\" exists already (fazhi user passwd \(name) gives a new password)")
            }
            let user = WebUser(name: name, role: role, unitID: unit, disabled: false, createdAt: self.timestamp(), createdBy: actor)
            try db.execute(sql: "INSERT INTO web_user (name, role, unit_id, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [name, role.rawValue, unit, passwordHash, user.createdAt, actor])
            try self.audit(db, actor, "create", "user", name, new: role.rawValue + (unit.map { " \($0)" } ?? ""))
            return user
        }
    }

    /// A user name: 1 to 64 characters, no spaces or control characters (it is shown and audited as given).
    static func checkUserName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 64, !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            throw StoreError("user name \"\(name)\": expected 1 to 64 characters without spaces")
        }
    }

    package func setPassword(user: String, passwordHash: String, by actor: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE web_user SET password_hash = ? WHERE name = ?", arguments: [passwordHash, user])
            guard db.changesCount == 1 else { throw StoreError("no user \"\(user)\"") }
            // A new password ends the user's sessions.
            try db.execute(sql: "DELETE FROM web_session WHERE user_name = ?", arguments: [user])
            try self.audit(db, actor, "password", "user", user, new: "password set")
        }
    }

    package func setDisabled(user: String, disabled: Bool, by actor: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE web_user SET disabled = ? WHERE name = ?", arguments: [disabled ? 1 : 0, user])
            guard db.changesCount == 1 else { throw StoreError("no user \"\(user)\"") }
            if disabled { try db.execute(sql: "DELETE FROM web_session WHERE user_name = ?", arguments: [user]) }
            try self.audit(db, actor, disabled ? "disable" : "enable", "user", user)
        }
    }

    package func webUsers() throws -> [WebUser] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM web_user ORDER BY role, name").map(Self.webUser) }
    }

    package func webUser(named name: String) throws -> (user: WebUser, passwordHash: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_user WHERE name = ?", arguments: [name]).map { (Self.webUser($0), $0["password_hash"]) }
        }
    }

    static func webUser(_ row: Row) -> WebUser {
        WebUser(name: row["name"], role: WebRole(rawValue: row["role"]) ?? .viewer, unitID: row["unit_id"], disabled: row["disabled"] as Int != 0,
                createdAt: row["created_at"], createdBy: row["created_by"])
    }

    // MARK: Sessions

    package func createSession(user: String, tokenSHA256: String, csrf: String, lifetime: TimeInterval) throws -> WebSession {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM web_user WHERE name = ? AND disabled = 0", arguments: [user]) else {
                throw StoreError("no user \"\(user)\"")
            }
            let now = self.timestamp()
            // Expired sessions go when a new one starts.
            try db.execute(sql: "DELETE FROM web_session WHERE expires_at <= ?", arguments: [now])
            let expires = Self.format(self.clock().addingTimeInterval(lifetime))
            try db.execute(sql: "INSERT INTO web_session (token_sha256, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tokenSHA256, user, csrf, now, expires])
            try self.audit(db, user, "login", "session", user, new: "until \(expires)")
            return WebSession(user: Self.webUser(row), csrf: csrf, expiresAt: expires)
        }
    }

    package func session(tokenSHA256: String) throws -> WebSession? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.csrf, s.expires_at, u.* FROM web_session s JOIN web_user u ON u.name = s.user_name
                WHERE s.token_sha256 = ? AND s.expires_at > ? AND u.disabled = 0
                """, arguments: [tokenSHA256, self.timestamp()]) else { return nil }
            return WebSession(user: Self.webUser(row), csrf: row["csrf"], expiresAt: row["expires_at"])
        }
    }

    package func endSession(tokenSHA256: String) throws {
        try pool.write { db in
            guard let user = try String.fetchOne(db, sql: "SELECT user_name FROM web_session WHERE token_sha256 = ?", arguments: [tokenSHA256]) else { return }
            try db.execute(sql: "DELETE FROM web_session WHERE token_sha256 = ?", arguments: [tokenSHA256])
            try self.audit(db, user, "logout", "session", user)
        }
    }

    package func recordLogin(user: String, address: String, ok: Bool) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO login_attempt (user_name, address, at, ok) VALUES (?, ?, ?, ?)",
                           arguments: [String(user.prefix(64)), address, self.timestamp(), ok ? 1 : 0])
            // A successful login clears the user's failures; old attempts go after a day.
            if ok { try db.execute(sql: "DELETE FROM login_attempt WHERE user_name = ? AND ok = 0", arguments: [user]) }
            try db.execute(sql: "DELETE FROM login_attempt WHERE at < ?", arguments: [Self.format(self.clock().addingTimeInterval(-86_400))])
        }
    }

    package func recentFailures(user: String, address: String, within: TimeInterval) throws -> (user: Int, address: Int) {
        try pool.read { db in
            let since = Self.format(self.clock().addingTimeInterval(-within))
            return (try Int.fetchOne(db, sql: "SELECT count(*) FROM login_attempt WHERE user_name = ? AND ok = 0 AND at >= ?", arguments: [String(user.prefix(64)), since]) ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM login_attempt WHERE address = ? AND ok = 0 AND at >= ?", arguments: [address, since]) ?? 0)
        }
    }

    // MARK: Campaign reads

    package func assessors(campaign: String) throws -> [String: [String]] {
        try pool.read { db in
            var map: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, assessor FROM assignment WHERE campaign_id = ? ORDER BY assessor", arguments: [campaign]) {
                map[row["unit_id"], default: []].append(row["assessor"])
            }
            return map
        }
    }

    package func campaignUnits(campaign: String) throws -> [StoredUnit] {
        try pool.read { db in
            _ = try self.campaign(db, campaign)
            return try Row.fetchAll(db, sql: "SELECT u.* FROM unit u JOIN campaign_unit c ON c.unit_id = u.id WHERE c.campaign_id = ? ORDER BY u.id",
                                    arguments: [campaign]).map(Self.unit)
        }
    }

    // MARK: Files

    /// Keeps a file's bytes under their SHA-256 (once however often sent) and attaches it to the unit's
    /// current version, for one item. The caller has checked its type by content.
    package func attach(campaign: String, unit: String, indicator: String?, name: String, mediaType: String, data: Data, by actor: String) throws -> WebAttachment {
        // Hashed before the write transaction: the only writer should not wait on a megabyte's hash.
        let sha = SHA256.hex(data)
        return try pool.write { db in try self.attach(db, campaign: campaign, unit: unit, indicator: indicator, name: name, mediaType: mediaType, data: data, sha: sha, by: actor) }
    }

    func attach(_ db: Database, campaign: String, unit: String, indicator: String?, name: String, mediaType: String, data: Data, sha: String, by actor: String) throws -> WebAttachment {
        do {
            guard let version = try Int.fetchOne(db, sql: "SELECT version FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) else {
                throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"; save the form first")
            }
            let now = self.timestamp()
            try db.execute(sql: "INSERT OR IGNORE INTO blob (sha256, size, content) VALUES (?, ?, ?)", arguments: [sha, data.count, data])
            try db.execute(sql: """
                INSERT INTO attachment (campaign_id, unit_id, version, blob_sha256, original_name, media_type, size, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [campaign, unit, version, sha, name, mediaType, data.count, actor, now])
            let id = db.lastInsertedRowID
            if let indicator { try db.execute(sql: "INSERT INTO attachment_item (attachment_id, indicator_id) VALUES (?, ?)", arguments: [id, indicator]) }
            try self.audit(db, actor, "attach", "attachment", "\(campaign)/\(unit)/v\(version)",
                           new: "\(name) sha256:\(sha) \(data.count) bytes" + (indicator.map { " for \($0)" } ?? ""))
            return WebAttachment(id: id, version: version, indicatorID: indicator, originalName: name, mediaType: mediaType, size: data.count, sha256: sha,
                                 uploadedBy: actor, uploadedAt: now)
        }
    }

    /// Every file of the unit's submission, all versions, oldest first.
    package func webAttachments(campaign: String, unit: String) throws -> [WebAttachment] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, i.indicator_id FROM attachment a LEFT JOIN attachment_item i ON i.attachment_id = a.id
                WHERE a.campaign_id = ? AND a.unit_id = ? ORDER BY a.id
                """, arguments: [campaign, unit]).map(Self.webAttachment)
        }
    }

    package func attachmentContent(campaign: String, unit: String, id: Int64) throws -> (WebAttachment, Data)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.*, i.indicator_id, b.content FROM attachment a LEFT JOIN attachment_item i ON i.attachment_id = a.id
                JOIN blob b ON b.sha256 = a.blob_sha256 WHERE a.campaign_id = ? AND a.unit_id = ? AND a.id = ?
                """, arguments: [campaign, unit, id]) else { return nil }
            return (Self.webAttachment(row), row["content"])
        }
    }

    static func webAttachment(_ row: Row) -> WebAttachment {
        WebAttachment(id: row["id"], version: row["version"], indicatorID: row["indicator_id"], originalName: row["original_name"], mediaType: row["media_type"],
                      size: row["size"], sha256: row["blob_sha256"], uploadedBy: row["uploaded_by"], uploadedAt: row["uploaded_at"])
    }

    // MARK: Forms and returns

    package func saveWebDraft(campaign: String, unit: String, text: String, by actor: String) throws {
        try pool.write { db in try self.saveWebDraft(db, campaign: campaign, unit: unit, text: text, by: actor) }
    }

    func saveWebDraft(_ db: Database, campaign: String, unit: String, text: String, by actor: String) throws {
        do {
            try db.execute(sql: """
                INSERT INTO web_draft (campaign_id, unit_id, text, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (campaign_id, unit_id) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at, saved_by = excluded.saved_by
                """, arguments: [campaign, unit, text, self.timestamp(), actor])
            try self.audit(db, actor, "draft", "submission", "\(campaign)/\(unit)", new: "form saved, not sent (sha256:\(SHA256.hex(text)))")
        }
    }

    package func webDraft(campaign: String, unit: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT text FROM web_draft WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) }
    }

    /// The text of the unit's latest version's document (the whole file when the unit's part could not stand alone).
    package func evidenceText(campaign: String, unit: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT d.text FROM submission s JOIN submission_version v USING (campaign_id, unit_id, version)
                JOIN document d ON d.sha256 = v.evidence_sha256 WHERE s.campaign_id = ? AND s.unit_id = ? AND v.document_index = 0
                """, arguments: [campaign, unit])
        }
    }

    /// Returns a submission with its reasons and a note per item, in one transaction. The state rule
    /// is `SubmissionState.next`, as `changeState` applies it; the notes need the event's id, so this is
    /// its own transaction rather than a call of `changeState`.
    package func returnSubmission(campaign: String, unit: String, reason: String, notes: [String: String], by actor: String) throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let notes = notes.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.value.isEmpty }
        if reason.isEmpty && notes.isEmpty { throw StoreError("returning a submission needs the reasons") }
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, version FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) else {
                throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"")
            }
            let current = SubmissionState(rawValue: row["state"])!
            guard current.next.contains(.returned) else {
                throw StoreError("a submission that is \(current.rawValue) (\(current.chinese)) cannot be returned")
            }
            let plan = try self.plan(db, campaign)
            for id in notes.keys where plan.planned(id) == nil { throw StoreError("\"\(id)\" is no indicator of \(plan.ruleset.id)") }
            let version: Int = row["version"]
            let text = ([reason.isEmpty ? nil : reason] + notes.keys.sorted { (plan.indicatorPosition($0) ?? 0) < (plan.indicatorPosition($1) ?? 0) }
                .map { "\($0)：\(notes[$0]!)" }).compactMap { $0 }.joined(separator: "\n")
            try db.execute(sql: "UPDATE submission SET state = 'returned' WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit])
            try db.execute(sql: "INSERT INTO submission_event (campaign_id, unit_id, version, from_state, to_state, reason, at, by) VALUES (?, ?, ?, ?, 'returned', ?, ?, ?)",
                           arguments: [campaign, unit, version, current.rawValue, text, self.timestamp(), actor])
            let event = db.lastInsertedRowID
            for (id, note) in notes.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO return_note (event_id, indicator_id, note) VALUES (?, ?, ?)", arguments: [event, id, note])
            }
            try self.audit(db, actor, "state", "submission", "\(campaign)/\(unit)", old: current.rawValue, new: "returned: \(text)")
        }
    }

    package func lastReturn(campaign: String, unit: String) throws -> ReturnInfo? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT * FROM submission_event WHERE campaign_id = ? AND unit_id = ? AND to_state = 'returned' ORDER BY id DESC LIMIT 1
                """, arguments: [campaign, unit]) else { return nil }
            var notes: [String: String] = [:]
            for n in try Row.fetchAll(db, sql: "SELECT indicator_id, note FROM return_note WHERE event_id = ?", arguments: [row["id"] as Int64]) {
                notes[n["indicator_id"]] = n["note"]
            }
            return ReturnInfo(reason: row["reason"] ?? "", at: row["at"], by: row["by"], version: row["version"], notes: notes)
        }
    }
}
