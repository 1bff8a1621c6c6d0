import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    package func score(campaign: String) throws -> CampaignScoring {
        try pool.read { db in try self.score(db, campaign) }
    }

    /// Scores every unit's latest non-draft submission with the campaign's stored plan, by the engine
    /// `fazhi evaluate` uses; the verdicts that count (the office's decision, else the assessors' when
    /// they agree) replace the evidence's own verdict on the item.
    /// `publication`: score what that publication scored (its submission versions, the verdicts as they
    /// stood then) instead of the current state.
    func score(_ db: Database, _ campaign: String, publication: Int? = nil) throws -> CampaignScoring {
        let plan = try plan(db, campaign)
        let info = try self.campaign(db, campaign)
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        let rows: [Row]
        var through: (verdict: Int64, decision: Int64)?
        if let publication {
            guard let marks = try Row.fetchOne(db, sql: "SELECT verdict_through, decision_through FROM publication WHERE campaign_id = ? AND version = ?",
                                               arguments: [campaign, publication]) else {
                throw StoreError("campaign \"\(campaign)\" has no publication \(publication)")
            }
            through = (marks["verdict_through"], marks["decision_through"])
            rows = try Row.fetchAll(db, sql: """
                SELECT r.unit_id, r.submission_version AS version, v.document_index, d.text, ev.data FROM result r
                JOIN submission_version v ON v.campaign_id = r.campaign_id AND v.unit_id = r.unit_id AND v.version = r.submission_version
                JOIN document d ON d.sha256 = v.evidence_sha256
                LEFT JOIN evidence_values ev ON ev.campaign_id = v.campaign_id AND ev.unit_id = v.unit_id AND ev.version = v.version
                WHERE r.campaign_id = ? AND r.version = ? ORDER BY r.unit_id
                """, arguments: [campaign, publication])
        } else {
            rows = try Row.fetchAll(db, sql: """
                SELECT s.unit_id, s.version, v.document_index, d.text, ev.data FROM submission s
                JOIN submission_version v USING (campaign_id, unit_id, version) JOIN document d ON d.sha256 = v.evidence_sha256
                LEFT JOIN evidence_values ev ON ev.campaign_id = v.campaign_id AND ev.unit_id = v.unit_id AND ev.version = v.version
                WHERE s.campaign_id = ? AND s.state <> 'draft' ORDER BY s.unit_id
                """, arguments: [campaign])
        }
        let enrolled = try String.fetchAll(db, sql: "SELECT unit_id FROM campaign_unit WHERE campaign_id = ? ORDER BY unit_id", arguments: [campaign])
        let verdicts = try verdictRows(db, campaign, nil, through: through)
        var byUnit: [String: [VerdictRow]] = [:]
        for v in verdicts { byUnit[v.unitID, default: []].append(v) }
        // Read and score every unit on every core: each is its own document, with nothing shared.
        let stored: [(unitID: String, version: Int, text: String, index: Int, values: Data?)] = rows.map {
            ($0["unit_id"], $0["version"], $0["text"], $0["document_index"], $0["data"])
        }
        let scorer = Scorer(plan: plan)
        let byUnitVerdicts = byUnit
        let scored = try stored.parallelMap { row -> (UnitEvidence, UnitResult) in
            let file = SourceFile(name: "\(campaign)/\(row.unitID)/v\(row.version)", text: row.text)
            // The values read from the document at import, else the document read again.
            var evidence: UnitEvidence
            if row.index == 0, let values = row.values, let read = EvidenceValues.decode(values, plan: plan, file: file) {
                evidence = read
            } else {
                evidence = try reader.read(YAMLParser.documents(in: file)[row.index])
            }
            for verdict in byUnitVerdicts[row.unitID] ?? [] {
                guard let word = verdict.effective, let value = Verdict(text: word), let slot = plan.slot(.verdict(verdict.indicatorID)) else { continue }
                evidence.facts[slot] = value.rawValue
                if var source = evidence.sources[slot] ?? evidence.sources.values.first {
                    let who = verdict.decision != nil ? "法治办决定（\(verdict.decidedBy ?? "")）" : verdict.byAssessor.keys.sorted().joined(separator: "、")
                    source.document = "评估：\(who)"
                    source.quote = nil
                    source.line = nil
                    source.page = nil
                    source.note = verdict.comments.values.sorted().joined(separator: "；").nilIfEmpty
                    evidence.sources[slot] = source
                }
            }
            return (evidence, scorer.evaluate(evidence))
        }
        let units = scored.map(\.0)
        var versions: [String: Int] = [:]
        for row in stored { versions[row.unitID] = row.version }
        return CampaignScoring(plan: plan, evidence: units, results: scored.map(\.1), versions: versions,
                               missing: enrolled.filter { versions[$0] == nil }, undecided: verdicts.filter { $0.effective == nil })
    }

    /// A publication scored again in full (every indicator's reason and evidence, for the reports),
    /// checked against its frozen rows: the same grade, score and outcomes, or an error.
    package func rescore(campaign: String, version: Int?) throws -> CampaignScoring {
        try pool.read { db in
            guard let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM publication WHERE campaign_id = ?", arguments: [campaign]) else {
                _ = try self.campaign(db, campaign)
                throw StoreError("campaign \"\(campaign)\" is not published yet (fazhi campaign publish \(campaign))")
            }
            let v = version ?? latest
            let scoring = try self.score(db, campaign, publication: v)
            let frozen = try Row.fetchAll(db, sql: "SELECT unit_id, grade, score FROM result WHERE campaign_id = ? AND version = ?", arguments: [campaign, v])
            var byUnit: [String: (String, Double)] = [:]
            for row in frozen { byUnit[row["unit_id"]] = (row["grade"], row["score"]) }
            for result in scoring.results {
                guard let kept = byUnit[result.unit.id], kept.0 == result.grade, kept.1 == result.score.final else {
                    throw StoreError("publication \(campaign)/v\(v): scoring \(result.unit.id) again gives \(result.grade) \(result.score.final), not the published result")
                }
                let outcomes = try String.fetchAll(db, sql: "SELECT outcome FROM result_indicator WHERE campaign_id = ? AND version = ? AND unit_id = ? ORDER BY rowid",
                                                   arguments: [campaign, v, result.unit.id])
                guard outcomes == result.indicators.map({ $0.outcome.state.description }) else {
                    throw StoreError("publication \(campaign)/v\(v): scoring \(result.unit.id) again gives other indicator outcomes than published")
                }
            }
            return scoring
        }
    }

    package func publish(campaign: String, note: String?, by actor: String) throws -> Publication {
        try pool.write { db in
            let scoring = try self.score(db, campaign)
            if !scoring.undecided.isEmpty {
                throw StoreError("assessors disagree on \(scoring.undecided.count) item(s) and the office has not decided: "
                                 + scoring.undecided.map { "\($0.unitID) \($0.indicatorID) (\($0.byAssessor.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))" }
                                    .joined(separator: "; ") + "; decide them with fazhi verdict decide")
            }
            if scoring.results.isEmpty { throw StoreError("campaign \"\(campaign)\" has no submitted evidence to publish") }
            let plan = scoring.plan
            let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM publication WHERE campaign_id = ?", arguments: [campaign]) ?? 0) + 1
            let at = self.timestamp()
            let marks = try self.verdictMarks(db)
            try db.run(sql: """
                INSERT INTO publication (campaign_id, version, published_at, published_by, ruleset_hash, note, verdict_through, decision_through)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [campaign, version, at, actor, try self.campaign(db, campaign).rulesetHash, note, marks.verdict, marks.decision])
            let topGroup = Self.topGroups(plan)
            // Each table's INSERT prepared once (RowWriter); campaign and version bound once, the
            // unit once per unit.
            let results = try RowWriter(db, into: "result", columns: ["campaign_id", "version", "unit_id", "submission_version", "grade", "score", "numerator",
                                                                      "denominator", "adjustment", "met", "counted"])
            let groupRows = try RowWriter(db, into: "result_group", columns: ["campaign_id", "version", "unit_id", "group_id", "title", "met", "counted", "completion"])
            let indicatorRows = try RowWriter(db, into: "result_indicator", columns: ["campaign_id", "version", "unit_id", "indicator_id", "group_id", "outcome", "reason"])
            for writer in [results, groupRows, indicatorRows] {
                writer.set(0, campaign)
                writer.set(1, version)
            }
            for result in scoring.results {
                let unit = result.unit.id
                for writer in [results, groupRows, indicatorRows] { writer.set(2, unit) }
                results.set(3, scoring.versions[unit])
                results.set(4, result.grade)
                results.set(5, result.score.final)
                results.set(6, result.score.numerator)
                results.set(7, result.score.denominator)
                results.set(8, result.score.adjustment)
                results.set(9, result.tally.met)
                results.set(10, result.counted)
                try results.insert()
                for group in result.groups where plan.groups[group.position].parent == nil {
                    let g = plan.groups[group.position].group
                    groupRows.set(3, g.id)
                    groupRows.set(4, g.title)
                    groupRows.set(5, group.tally.met)
                    groupRows.set(6, group.tally.total - group.tally.notApplicable)
                    groupRows.set(7, group.completion)
                    try groupRows.insert()
                }
                for indicator in result.indicators {
                    let planned = plan.indicators[indicator.position]
                    indicatorRows.set(3, planned.indicator.id)
                    indicatorRows.set(4, topGroup[planned.group])
                    indicatorRows.set(5, indicator.outcome.state.description)
                    indicatorRows.set(6, indicator.reason)
                    try indicatorRows.insert()
                }
            }
            let changes = version > 1 ? try self.changes(db, campaign, from: version - 1, to: version) : []
            try self.audit(db, actor, "publish", "publication", "\(campaign)/v\(version)", old: version > 1 ? "v\(version - 1)" : nil,
                           new: "v\(version): \(scoring.results.count) units, \(changes.count) changed" + (note.map { "; \($0)" } ?? ""))
            return Publication(campaign: campaign, version: version, publishedAt: at, units: scoring.results.count, changes: changes)
        }
    }

    /// For each plan group, the id of its first-level group.
    static func topGroups(_ plan: EvaluationPlan) -> [String] {
        plan.groups.indices.map { i in
            var g = i
            while let parent = plan.groups[g].parent { g = parent }
            return plan.groups[g].group.id
        }
    }

    package func results(campaign: String, version: Int?) throws -> [PublishedResult] {
        try pool.read { db in
            _ = try self.campaign(db, campaign)
            guard let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM publication WHERE campaign_id = ?", arguments: [campaign]) else {
                throw StoreError("campaign \"\(campaign)\" is not published yet (fazhi campaign publish \(campaign))")
            }
            let v = version ?? latest
            guard (1...latest).contains(v) else { throw StoreError("campaign \"\(campaign)\" has publications 1 to \(latest), not \(v)") }
            return try self.publishedResults(db, campaign, v, unit: nil)
        }
    }

    func publishedResults(_ db: Database, _ campaign: String, _ version: Int, unit: String?) throws -> [PublishedResult] {
        let filter = unit == nil ? "" : " AND r.unit_id = ?"
        let arguments: StatementArguments = unit == nil ? [campaign, version] : [campaign, version, unit!]
        return try Row.fetchAll(db, sql: """
            SELECT r.*, u.name FROM result r JOIN unit u ON u.id = r.unit_id WHERE r.campaign_id = ? AND r.version = ?\(filter)
            ORDER BY r.score DESC, r.unit_id
            """, arguments: arguments).map { row in
            let unitID: String = row["unit_id"]
            let groups = try Row.fetchAll(db, sql: "SELECT * FROM result_group WHERE campaign_id = ? AND version = ? AND unit_id = ? ORDER BY rowid",
                                          arguments: [campaign, version, unitID]).map {
                GroupScore(id: $0["group_id"], title: $0["title"], met: $0["met"], counted: $0["counted"], completion: $0["completion"])
            }
            let unmet = try String.fetchAll(db, sql: """
                SELECT indicator_id FROM result_indicator WHERE campaign_id = ? AND version = ? AND unit_id = ? AND outcome IN ('unmet', 'noEvidence', 'partial', 'error') ORDER BY rowid
                """, arguments: [campaign, version, unitID])
            return PublishedResult(unitID: unitID, unitName: row["name"], version: version, grade: row["grade"], score: row["score"], met: row["met"],
                                   counted: row["counted"], groups: groups, unmet: unmet)
        }
    }

    package func resultChanges(campaign: String, from: Int, to: Int) throws -> [ResultChange] {
        try pool.read { db in try self.changes(db, campaign, from: from, to: to) }
    }

    /// Units whose grade, score or any indicator's outcome differs between two publications.
    func changes(_ db: Database, _ campaign: String, from: Int, to: Int) throws -> [ResultChange] {
        for v in [from, to] where try Bool.fetchOne(db, sql: "SELECT 1 FROM publication WHERE campaign_id = ? AND version = ?", arguments: [campaign, v]) != true {
            throw StoreError("campaign \"\(campaign)\" has no publication \(v)")
        }
        func results(_ v: Int) throws -> [String: (String, Double)] {
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT unit_id, grade, score FROM result WHERE campaign_id = ? AND version = ?", arguments: [campaign, v])
                .map { ($0["unit_id"] as String, ($0["grade"] as String, $0["score"] as Double)) })
        }
        func outcomes(_ v: Int) throws -> [String: [String: String]] {
            var map: [String: [String: String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, indicator_id, outcome FROM result_indicator WHERE campaign_id = ? AND version = ?", arguments: [campaign, v]) {
                map[row["unit_id"], default: [:]][row["indicator_id"]] = row["outcome"]
            }
            return map
        }
        let (a, b, oa, ob) = (try results(from), try results(to), try outcomes(from), try outcomes(to))
        var changes: [ResultChange] = []
        for unit in Set(a.keys).union(b.keys).sorted() {
            let before = oa[unit] ?? [:], after = ob[unit] ?? [:]
            let indicators = Set(before.keys).union(after.keys).sorted().compactMap { id -> IndicatorChange? in
                before[id] == after[id] ? nil : IndicatorChange(indicatorID: id, before: before[id], after: after[id])
            }
            if a[unit]?.0 == b[unit]?.0, a[unit]?.1 == b[unit]?.1, indicators.isEmpty { continue }
            changes.append(ResultChange(unitID: unit, gradeBefore: a[unit]?.0, gradeAfter: b[unit]?.0, scoreBefore: a[unit]?.1, scoreAfter: b[unit]?.1, indicators: indicators))
        }
        return changes
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
