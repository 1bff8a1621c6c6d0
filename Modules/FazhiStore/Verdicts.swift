import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    package func recordVerdict(_ verdict: VerdictRequest, by actor: String) throws {
        try pool.write { db in
            try self.checkVerdict(db, verdict)
            let assigned = try String.fetchAll(db, sql: "SELECT assessor FROM assignment WHERE campaign_id = ? AND unit_id = ?", arguments: [verdict.campaign, verdict.unit])
            if !assigned.isEmpty, !assigned.contains(actor) {
                throw StoreError("\(actor) is not assigned to unit \"\(verdict.unit)\" in campaign \"\(verdict.campaign)\" (assessors: \(assigned.joined(separator: ", ")))")
            }
            let old = try String.fetchOne(db, sql: """
                SELECT verdict FROM verdict WHERE campaign_id = ? AND unit_id = ? AND indicator_id = ? AND assessor = ? ORDER BY id DESC LIMIT 1
                """, arguments: [verdict.campaign, verdict.unit, verdict.indicator, actor])
            try db.run(sql: """
                INSERT INTO verdict (campaign_id, unit_id, indicator_id, assessor, verdict, points, comment, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [verdict.campaign, verdict.unit, verdict.indicator, actor, verdict.verdict, verdict.points, verdict.comment, self.timestamp()])
            try self.audit(db, actor, "verdict", "verdict", "\(verdict.campaign)/\(verdict.unit)/\(verdict.indicator)", old: old,
                           new: verdict.verdict + (verdict.comment.map { ": \($0)" } ?? ""))
        }
    }

    package func decide(_ verdict: VerdictRequest, by actor: String) throws {
        try pool.write { db in
            try self.checkVerdict(db, verdict)
            let old = try String.fetchOne(db, sql: "SELECT verdict FROM decision WHERE campaign_id = ? AND unit_id = ? AND indicator_id = ? ORDER BY id DESC LIMIT 1",
                                          arguments: [verdict.campaign, verdict.unit, verdict.indicator])
            try db.run(sql: "INSERT INTO decision (campaign_id, unit_id, indicator_id, verdict, comment, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [verdict.campaign, verdict.unit, verdict.indicator, verdict.verdict, verdict.comment, actor, self.timestamp()])
            try self.audit(db, actor, "decide", "verdict", "\(verdict.campaign)/\(verdict.unit)/\(verdict.indicator)", old: old,
                           new: verdict.verdict + (verdict.comment.map { ": \($0)" } ?? ""))
        }
    }

    /// The campaign and unit exist, the unit takes part, the item takes a verdict, the verdict is a word.
    func checkVerdict(_ db: Database, _ verdict: VerdictRequest) throws {
        let plan = try plan(db, verdict.campaign)
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM campaign_unit WHERE campaign_id = ? AND unit_id = ?", arguments: [verdict.campaign, verdict.unit]) == true else {
            throw StoreError("unit \"\(verdict.unit)\" does not take part in campaign \"\(verdict.campaign)\"")
        }
        guard plan.slot(.verdict(verdict.indicator)) != nil else {
            let assessed = plan.slots.compactMap { if case .verdict(let id) = $0 { id } else { nil } }
            let known = plan.planned(verdict.indicator) != nil
            throw StoreError("\"\(verdict.indicator)\" " + (known ? "is not an assessed item of \(plan.ruleset.id); its outcome comes from the facts"
                                                                : "is no indicator of \(plan.ruleset.id)")
                             + (Suggest.closest(to: verdict.indicator, among: assessed).map { "; did you mean \"\($0)\"?" } ?? ""))
        }
        guard ["met", "partial", "unmet"].contains(verdict.verdict) else {
            throw StoreError("verdict \"\(verdict.verdict)\": expected met, partial or unmet")
        }
    }

    package func verdicts(campaign: String, unit: String?) throws -> [VerdictRow] {
        try pool.read { db in
            _ = try self.campaign(db, campaign)
            return try self.verdictRows(db, campaign, unit)
        }
    }

    /// The last verdict and decision row ids now (what a publication records).
    func verdictMarks(_ db: Database) throws -> (verdict: Int64, decision: Int64) {
        (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM verdict") ?? 0, try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM decision") ?? 0)
    }

    /// Each assessed item with a verdict: the latest per assessor side by side, the office's latest decision.
    /// `through`: only rows up to these ids (the verdicts as they stood at a publication).
    func verdictRows(_ db: Database, _ campaign: String, _ unit: String?, through: (verdict: Int64, decision: Int64)? = nil) throws -> [VerdictRow] {
        var rows: [String: VerdictRow] = [:]
        var order: [String] = []
        let filter = unit == nil ? "" : " AND unit_id = ?"
        let arguments: StatementArguments = unit == nil ? [campaign] : [campaign, unit!]
        let (v, d) = through ?? (Int64.max, Int64.max)
        for r in try Row.fetchAll(db, sql: """
            SELECT * FROM verdict v WHERE campaign_id = ?\(filter)
              AND id = (SELECT max(id) FROM verdict w WHERE w.campaign_id = v.campaign_id AND w.unit_id = v.unit_id AND w.indicator_id = v.indicator_id
                        AND w.assessor = v.assessor AND w.id <= \(v))
            ORDER BY unit_id, indicator_id, assessor
            """, arguments: arguments) {
            let key = "\(r["unit_id"] as String)\u{0}\(r["indicator_id"] as String)"
            if rows[key] == nil {
                order.append(key)
                rows[key] = VerdictRow(unitID: r["unit_id"], indicatorID: r["indicator_id"], byAssessor: [:], comments: [:], disagree: false)
            }
            rows[key]!.byAssessor[r["assessor"]] = r["verdict"]
            if let comment = r["comment"] as String? { rows[key]!.comments[r["assessor"]] = comment }
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT * FROM decision d WHERE campaign_id = ?\(filter)
              AND id = (SELECT max(id) FROM decision e WHERE e.campaign_id = d.campaign_id AND e.unit_id = d.unit_id AND e.indicator_id = d.indicator_id
                        AND e.id <= \(d))
            """, arguments: arguments) {
            let key = "\(r["unit_id"] as String)\u{0}\(r["indicator_id"] as String)"
            if rows[key] == nil {
                order.append(key)
                rows[key] = VerdictRow(unitID: r["unit_id"], indicatorID: r["indicator_id"], byAssessor: [:], comments: [:], disagree: false)
            }
            rows[key]!.decision = r["verdict"]
            rows[key]!.decidedBy = r["decided_by"]
        }
        return order.sorted().map { key in
            var row = rows[key]!
            let distinct = Set(row.byAssessor.values)
            row.disagree = distinct.count > 1
            row.effective = row.decision ?? (distinct.count == 1 ? distinct.first : nil)
            return row
        }
    }
}
