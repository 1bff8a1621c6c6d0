import FazhiBase
import FazhiEvaluators
package import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    package func createCampaign(_ request: CampaignRequest, workspace: Workspace, by actor: String) throws -> CampaignInfo {
        guard request.id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw StoreError("campaign id \"\(request.id)\" must be lower-case ASCII letters, digits and - (e.g. guyuan-2023)")
        }
        guard (1949...2100).contains(request.year) else { throw StoreError("year \(request.year) is not a year such as 2023") }
        // Read the ruleset once from files, remembering every document, then load it again from the
        // remembered texts alone: the campaign must not depend on the files it came from.
        let catalogPath = try workspace.catalogPath(near: request.ruleset.hasSuffix(".yaml") ? request.ruleset : nil)
        let catalogFile: SourceFile
        do { catalogFile = try SourceFile(contentsOfFile: catalogPath, limit: workspace.limits.maxFileBytes) } catch { throw DiagnosticList([error]) }
        let recorder = RecordingRulesets(workspace.files)
        let catalog: MetricCatalog
        do { catalog = try MetricCatalog.read(YAMLParser.singleDocument(in: catalogFile, limits: workspace.limits).value) } catch let error as Diagnostic {
            throw DiagnosticList([error])
        }
        let plan = try RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: recorder).load(request.ruleset)
        var documents = recorder.documents + [StoredDocument(role: "catalog", name: catalogPath, rulesetID: nil, text: String(decoding: catalogFile.bytes, as: UTF8.self))]
        if let rulesetName = request.rulesetName, let top = documents.firstIndex(where: { $0.role == "ruleset" }) { documents[top].name = rulesetName }
        let stored = try StoredRulesets(documents: documents, limits: workspace.limits).plan()
        let hash = plan.ruleset.contentHash, storedHash = stored.ruleset.contentHash
        guard storedHash == hash else {
            throw StoreError("the ruleset read back from its stored documents differs from the files (\(storedHash) ≠ \(hash))")
        }
        let shas = documents.map { SHA256.hex($0.text) }
        let units = try Self.readUnits(request.units, limits: workspace.limits)
        let unitIDs = Set(units.map(\.id)).union(request.unitIDs)
        for (unit, _) in request.assessors where !unitIDs.contains(unit) {
            throw StoreError("assessor given for unit \"\(unit)\", which is not among the campaign's units")
        }
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM campaign WHERE id = ?", arguments: [request.id]) == true {
                throw StoreError("campaign \"\(request.id)\" exists already")
            }
            try db.run(sql: """
                INSERT INTO campaign (id, name, ruleset_id, ruleset_hash, year, as_of, submission_deadline, review_deadline, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [request.id, request.name, plan.ruleset.id, hash, request.year, request.asOf?.description,
                                 request.submissionDeadline?.description, request.reviewDeadline?.description, self.timestamp(), actor])
            for (position, document) in documents.enumerated() {
                let sha = shas[position]
                try db.run(sql: "INSERT OR IGNORE INTO document (sha256, text) VALUES (?, ?)", arguments: [sha, document.text])
                try db.run(sql: "INSERT INTO campaign_document (campaign_id, position, role, name, ruleset_id, document_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [request.id, position, document.role, document.name, document.rulesetID, sha])
            }
            _ = try self.upsertUnits(db, units, by: actor)
            for unit in units {
                try db.run(sql: "INSERT INTO campaign_unit (campaign_id, unit_id) VALUES (?, ?)", arguments: [request.id, unit.id])
            }
            let given = Set(units.map(\.id))
            for unit in request.unitIDs where !given.contains(unit) {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM unit WHERE id = ?", arguments: [unit]) == true else {
                    throw StoreError("no unit \"\(unit)\" in the store; expected one of the units imported with `fazhi units import`")
                }
                try db.run(sql: "INSERT OR IGNORE INTO campaign_unit (campaign_id, unit_id) VALUES (?, ?)", arguments: [request.id, unit])
            }
            for (unit, assessors) in request.assessors.sorted(by: { $0.key < $1.key }) {
                for assessor in assessors {
                    try db.run(sql: "INSERT OR IGNORE INTO assignment (campaign_id, unit_id, assessor) VALUES (?, ?, ?)", arguments: [request.id, unit, assessor])
                }
            }
            try self.audit(db, actor, "create", "campaign", request.id,
                           new: "\(request.name) | \(plan.ruleset.id) \(hash) | \(request.year) | \(given.union(request.unitIDs).count) units")
        }
        _ = cachedPlan(Self.planKey(hash, zip(documents, shas).map { ($0.role, $0.name, $1) })) { stored }
        return try campaign(request.id)
    }

    /// Assigns assessors to a unit of the campaign (once each; assigning again changes nothing).
    package func assign(campaign: String, unit: String, assessors: [String], by actor: String) throws {
        try pool.write { db in
            _ = try self.campaign(db, campaign)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM campaign_unit WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) == true else {
                let known = try String.fetchAll(db, sql: "SELECT unit_id FROM campaign_unit WHERE campaign_id = ?", arguments: [campaign])
                throw StoreError("unit \"\(unit)\" does not take part in campaign \"\(campaign)\"" + (Suggest.closest(to: unit, among: known).map { "; did you mean \"\($0)\"?" } ?? ""))
            }
            for assessor in assessors {
                try db.run(sql: "INSERT OR IGNORE INTO assignment (campaign_id, unit_id, assessor) VALUES (?, ?, ?)", arguments: [campaign, unit, assessor])
                if db.changesCount > 0 { try self.audit(db, actor, "assign", "assignment", "\(campaign)/\(unit)", new: assessor) }
            }
        }
    }

    /// Adds units of the store to a campaign, and takes units out of it that have handed in nothing.
    /// A unit with a submission (any version, or a kept draft) stays: its record is the campaign's.
    /// One transaction; each change audited.
    package func changeUnits(campaign: String, add: [String], remove: [String], by actor: String) throws {
        try pool.write { db in
            _ = try self.campaign(db, campaign)
            for unit in add {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM unit WHERE id = ?", arguments: [unit]) == true else {
                    let known = try String.fetchAll(db, sql: "SELECT id FROM unit")
                    throw StoreError("no unit \"\(unit)\"" + (Suggest.closest(to: unit, among: known).map { "; did you mean \"\($0)\"?" } ?? "; import units first (fazhi units import)"))
                }
                try db.run(sql: "INSERT OR IGNORE INTO campaign_unit (campaign_id, unit_id) VALUES (?, ?)", arguments: [campaign, unit])
                if db.changesCount > 0 { try self.audit(db, actor, "enrol", "campaign_unit", "\(campaign)/\(unit)", new: unit) }
            }
            for unit in remove {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM campaign_unit WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) == true else {
                    throw StoreError("unit \"\(unit)\" does not take part in campaign \"\(campaign)\"")
                }
                let handedIn = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM submission WHERE campaign_id = ?1 AND unit_id = ?2) OR EXISTS (SELECT 1 FROM web_draft WHERE campaign_id = ?1 AND unit_id = ?2)",
                                                 arguments: [campaign, unit]) ?? false
                if handedIn { throw StoreError("unit \"\(unit)\" has a submission in campaign \"\(campaign)\"; it stays in the campaign") }
                try db.run(sql: "DELETE FROM assignment WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit])
                try db.run(sql: "DELETE FROM campaign_unit WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit])
                try self.audit(db, actor, "withdraw", "campaign_unit", "\(campaign)/\(unit)", old: unit)
            }
        }
    }

    /// Takes an assessor off a unit of the campaign. Verdicts the assessor already recorded stay (the
    /// audit log and the review page keep them); only the assignment ends.
    package func unassign(campaign: String, unit: String, assessor: String, by actor: String) throws {
        try pool.write { db in
            _ = try self.campaign(db, campaign)
            try db.run(sql: "DELETE FROM assignment WHERE campaign_id = ? AND unit_id = ? AND assessor = ?", arguments: [campaign, unit, assessor])
            guard db.changesCount > 0 else { throw StoreError("\(assessor) is not assigned to unit \"\(unit)\" in campaign \"\(campaign)\"") }
            try self.audit(db, actor, "unassign", "assignment", "\(campaign)/\(unit)", old: assessor)
        }
    }

    /// Changes a campaign's submission and review deadlines (YYYY-MM-DD, or nil for none). Each change
    /// is audited old → new; a review deadline before the submission deadline is refused. Lateness is
    /// computed from the deadline when it is read, so submissions already in are judged by the new one.
    package func setDeadlines(campaign: String, submission: String?, review: String?, by actor: String) throws {
        for (what, value) in [("submission deadline", submission), ("review deadline", review)] {
            if let value, (try? CalendarDate.parse(value).get()) == nil { throw StoreError("\(what) \"\(value)\": expected a date YYYY-MM-DD") }
        }
        if let submission, let review, review < submission {
            throw StoreError("the review deadline \(review) is before the submission deadline \(submission)")
        }
        try pool.write { db in
            let info = try self.campaign(db, campaign)
            for (column, old, new) in [("submission_deadline", info.submissionDeadline, submission), ("review_deadline", info.reviewDeadline, review)] where old != new {
                try db.run(sql: "UPDATE campaign SET \(column) = ? WHERE id = ?", arguments: [new, campaign])
                try self.audit(db, actor, "set \(column.replacingOccurrences(of: "_", with: " "))", "campaign", campaign, old: old, new: new)
            }
        }
    }

    /// Stores a text once by its SHA-256.
    func storeDocument(_ db: Database, _ text: String) throws -> String {
        let sha = SHA256.hex(text)
        try db.run(sql: "INSERT OR IGNORE INTO document (sha256, text) VALUES (?, ?)", arguments: [sha, text])
        return sha
    }

    package func campaigns() throws -> [CampaignInfo] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM campaign ORDER BY year, id").map { try self.campaign(db, $0) }
        }
    }

    package func campaign(_ id: String) throws -> CampaignInfo {
        try pool.read { db in try self.campaign(db, id) }
    }

    func campaign(_ db: Database, _ id: String) throws -> CampaignInfo {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.*, (SELECT count(*) FROM campaign_unit WHERE campaign_id = c.id) AS units,
                   (SELECT count(*) FROM submission WHERE campaign_id = c.id) AS submissions,
                   (SELECT coalesce(max(version), 0) FROM publication WHERE campaign_id = c.id) AS published
            FROM campaign c WHERE id = ?
            """, arguments: [id]) else {
            let known = try String.fetchAll(db, sql: "SELECT id FROM campaign")
            throw StoreError("no campaign \"\(id)\"" + (Suggest.closest(to: id, among: known).map { "; did you mean \"\($0)\"?" } ?? ""))
        }
        let documents = try Row.fetchAll(db, sql: "SELECT role, name FROM campaign_document WHERE campaign_id = ? ORDER BY position", arguments: [id])
            .map { "\($0["role"] as String) \($0["name"] as String)" }
        return CampaignInfo(id: row["id"], name: row["name"], rulesetID: row["ruleset_id"], rulesetHash: row["ruleset_hash"], year: row["year"],
                            asOf: row["as_of"], submissionDeadline: row["submission_deadline"], reviewDeadline: row["review_deadline"],
                            createdAt: row["created_at"], createdBy: row["created_by"], units: row["units"], submissions: row["submissions"],
                            published: row["published"], documents: documents)
    }

    package func plan(ofCampaign id: String) throws -> EvaluationPlan {
        try pool.read { db in try self.plan(db, id) }
    }

    /// The campaign's plan, compiled from its stored documents and checked against its content hash.
    /// `cached: false` compiles afresh (what `check` does).
    func plan(_ db: Database, _ id: String, cached: Bool = true) throws -> EvaluationPlan {
        let info = try campaign(db, id)
        let rows = try Row.fetchAll(db, sql: """
            SELECT cd.role, cd.name, cd.ruleset_id, cd.document_sha256, d.text FROM campaign_document cd JOIN document d ON d.sha256 = cd.document_sha256
            WHERE cd.campaign_id = ? ORDER BY cd.position
            """, arguments: [id])
        let compile = { () throws -> EvaluationPlan in
            let documents = rows.map { StoredDocument(role: $0["role"], name: $0["name"], rulesetID: $0["ruleset_id"], text: $0["text"]) }
            let plan = try StoredRulesets(documents: documents).plan()
            guard plan.ruleset.contentHash == info.rulesetHash else {
                throw StoreError("campaign \(id): the stored ruleset hashes to \(plan.ruleset.contentHash), not the recorded \(info.rulesetHash)")
            }
            return plan
        }
        guard cached else { return try compile() }
        return try cachedPlan(Self.planKey(info.rulesetHash, rows.map { ($0["role"], $0["name"], $0["document_sha256"]) }), compile)
    }

    static func planKey(_ hash: String, _ documents: [(role: String, name: String, sha256: String)]) -> String {
        hash + documents.map { "|\($0.role) \($0.name) \($0.sha256)" }.joined()
    }
}
