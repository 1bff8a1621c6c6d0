import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    /// The unit's published results year by year (each campaign's latest publication), with what
    /// changed from the year before: indicators newly met and newly unmet (by indicator id).
    package func history(unit: String) throws -> [HistoryEntry] {
        try pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM unit WHERE id = ?", arguments: [unit]) == true else {
                let known = try String.fetchAll(db, sql: "SELECT id FROM unit")
                throw StoreError("no unit \"\(unit)\"" + (Suggest.closest(to: unit, among: known).map { "; did you mean \"\($0)\"?" } ?? ""))
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.year, c.ruleset_id, r.version, r.grade, r.score FROM result r JOIN campaign c ON c.id = r.campaign_id
                WHERE r.unit_id = ? AND r.version = (SELECT max(version) FROM publication p WHERE p.campaign_id = r.campaign_id)
                ORDER BY c.year, c.id
                """, arguments: [unit])
            var entries: [HistoryEntry] = []
            var previous: [String: String]?
            for row in rows {
                let campaign: String = row["id"], version: Int = row["version"]
                let groups = try Row.fetchAll(db, sql: "SELECT * FROM result_group WHERE campaign_id = ? AND version = ? AND unit_id = ? ORDER BY rowid",
                                              arguments: [campaign, version, unit]).map {
                    GroupScore(id: $0["group_id"], title: $0["title"], met: $0["met"], counted: $0["counted"], completion: $0["completion"])
                }
                var outcomes: [String: String] = [:]
                var order: [String] = []
                for r in try Row.fetchAll(db, sql: "SELECT indicator_id, outcome FROM result_indicator WHERE campaign_id = ? AND version = ? AND unit_id = ? ORDER BY rowid",
                                          arguments: [campaign, version, unit]) {
                    outcomes[r["indicator_id"]] = r["outcome"]
                    order.append(r["indicator_id"])
                }
                var newlyMet: [String] = [], newlyUnmet: [String] = []
                if let previous {
                    for id in order {
                        guard let before = previous[id], let now = outcomes[id] else { continue }
                        if now == "met", before != "met", before != "notApplicable" { newlyMet.append(id) }
                        if ["unmet", "noEvidence", "partial"].contains(now), before == "met" { newlyUnmet.append(id) }
                    }
                }
                entries.append(HistoryEntry(campaign: campaign, year: row["year"], rulesetID: row["ruleset_id"], version: version, grade: row["grade"],
                                            score: row["score"], groups: groups, newlyMet: newlyMet, newlyUnmet: newlyUnmet))
                previous = outcomes
            }
            return entries
        }
    }

    /// Units per grade in each campaign's latest publication, for the units under `region` (itself
    /// included) or for all units.
    package func distribution(region: String?) throws -> [GradeCount] {
        try pool.read { db in
            var scope = ""
            var arguments: StatementArguments = []
            if let region {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM unit WHERE id = ?", arguments: [region]) == true else { throw StoreError("no unit \"\(region)\"") }
                scope = " AND r.unit_id IN (SELECT id FROM tree)"
                arguments = [region]
            }
            let with = region == nil ? "" : "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM unit u JOIN tree t ON u.parent_id = t.id) "
            return try Row.fetchAll(db, sql: with + """
                SELECT c.year, c.id, r.grade, count(*) AS n FROM result r JOIN campaign c ON c.id = r.campaign_id
                WHERE r.version = (SELECT max(version) FROM publication p WHERE p.campaign_id = r.campaign_id)\(scope)
                GROUP BY c.year, c.id, r.grade ORDER BY c.year, c.id, min(r.score) DESC
                """, arguments: arguments).map { GradeCount(year: $0["year"], campaign: $0["id"], grade: $0["grade"], units: $0["n"]) }
        }
    }
}
