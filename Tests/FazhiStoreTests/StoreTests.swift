import FazhiKit
@testable import FazhiStore
import Foundation
import GRDB
import Testing

/// The store through its Swift API: one SQLite file, migrated, WAL, foreign keys on.
struct StoreTests {
    @Test func opensInWALWithForeignKeysAndMigrations() throws {
        let (store, _) = try guyuanStore()
        let (mode, keys, migrations) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
        #expect(mode == "wal" && keys == 1 && migrations == ["v1", "v2-web", "v3-evidence-values", "v4-fact-sets"])
        // Opening again migrates nothing and keeps the data.
        let again = try SQLiteStore(path: store.path)
        #expect(try again.campaigns().map(\.id) == ["guyuan-2023", "guyuan-2024"])
    }

    /// A store made before v4-fact-sets keeps every fact: its `fact` rows become one `fact_set` row a
    /// version, and the `fact` view gives them back as they were, with their order, lines and quotes
    /// (text a JSON string must escape included).
    @Test func factRowsMoveToFactSetsAndReadBackTheSame() throws {
        let folder = try temporaryFolder()
        let path = folder + "/v3.db"
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let old = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(old, upTo: "v3-evidence-values")
        let quote = "他说\"好\"\\ 第一行\n第二行\t\u{1}"
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO document (sha256, text) VALUES ('d1', 'a'), ('d2', 'b');
                INSERT INTO unit (id, name) VALUES ('xiji', '西吉县'), ('longde', '隆德县');
                INSERT INTO campaign (id, name, ruleset_id, ruleset_hash, year, created_at, created_by) VALUES ('c', '考核', 'r', 'h', 2024, 't', '法治办');
                INSERT INTO campaign_unit VALUES ('c', 'xiji'), ('c', 'longde');
                INSERT INTO submission VALUES ('c', 'xiji', 'submitted', 2), ('c', 'longde', 'submitted', 1);
                INSERT INTO submission_version (campaign_id, unit_id, version, evidence_sha256, created_at, created_by)
                    VALUES ('c', 'xiji', 1, 'd1', 't', 'x'), ('c', 'xiji', 2, 'd2', 't', 'x'), ('c', 'longde', 1, 'd1', 't', 'x');
                """)
            try db.execute(sql: """
                INSERT INTO fact (campaign_id, unit_id, version, kind, key, value, line, quote) VALUES
                    ('c', 'xiji', 1, 'metric', 'rate', '91.7%', 3, '91.7%'),
                    ('c', 'xiji', 1, 'verdict', 'nx-1', 'met', NULL, NULL),
                    ('c', 'xiji', 2, 'metric', 'rate', '100%', NULL, ?),
                    ('c', 'xiji', 2, 'event', 'nx-2', '2024-05-01', 7, NULL),
                    ('c', 'longde', 1, 'metric', 'rate', '0', 12, '0')
                """, arguments: [quote])
        }
        let before = try old.read { db in try Row.fetchAll(db, sql: "SELECT * FROM fact ORDER BY campaign_id, unit_id, version, rowid") }
        try old.close()
        let store = try SQLiteStore(path: path)
        let (after, sets, kind) = try store.pool.read { db in
            // Each version's facts in the order of its array (json_each's), the versions in key order.
            (try Row.fetchAll(db, sql: "SELECT campaign_id, unit_id, version FROM fact_set ORDER BY campaign_id, unit_id, version").flatMap { key in
                try Row.fetchAll(db, sql: "SELECT * FROM fact WHERE campaign_id = ? AND unit_id = ? AND version = ?",
                                 arguments: [key["campaign_id"], key["unit_id"], key["version"]])
             },
             try Int.fetchOne(db, sql: "SELECT count(*) FROM fact_set"),
             try String.fetchOne(db, sql: "SELECT type FROM sqlite_master WHERE name = 'fact'"))
        }
        #expect(kind == "view" && sets == 3)
        #expect(after == before)
        #expect(try store.facts(campaign: "c", unit: "xiji", version: 2)
                == [StoredFact(kind: "event", key: "nx-2", value: "2024-05-01", line: 7, quote: nil),
                    StoredFact(kind: "metric", key: "rate", value: "100%", line: nil, quote: quote)])
        // Still append-only.
        #expect(throws: DatabaseError.self) { try store.pool.write { db in try db.execute(sql: "DELETE FROM fact_set") } }
    }

    /// The JSON a version's facts are kept as reads back through SQLite's own JSON functions (the `fact`
    /// view) to the same facts, whatever the text holds.
    @Test(arguments: ["", "95%", "他说\"好\"", "a\\b", "行一\n行二\r\t", "\u{1}\u{1f}\u{7f}", "𠀀 emoji 😀", "{\"key\":[1]}"])
    func factsAsJSONReadBackThroughTheView(text: String) throws {
        let facts = [StoredFact(kind: "metric", key: text, value: text, line: 42, quote: text),
                     StoredFact(kind: "verdict", key: "nx-1", value: "met", line: nil, quote: nil)]
        let json = StoredFact.json(facts)
        let db = try DatabaseQueue()
        let back = try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT json_extract(value, '$.kind') AS kind, json_extract(value, '$.key') AS key, json_extract(value, '$.value') AS value,
                       json_extract(value, '$.line') AS line, json_extract(value, '$.quote') AS quote
                FROM json_each(?)
                """, arguments: [json]).map { StoredFact(kind: $0["kind"], key: $0["key"], value: $0["value"], line: $0["line"], quote: $0["quote"]) }
        }
        #expect(back == facts)
        #expect(try db.read { db in try Bool.fetchOne(db, sql: "SELECT json_valid(?)", arguments: [json]) } == true)
    }

    @Test func unitsKeepTheirHierarchy() throws {
        let (store, _) = try freshStore()
        let summary = try store.importUnits([example("guyuan-region-2023.yaml")], by: "法治办")
        #expect(summary.added == ["guyuan", "yuanzhou", "xiji", "longde", "jingyuan", "pengyang"])
        let units = try store.units(under: nil)
        #expect(units.first { $0.id == "xiji" }?.parentID == "guyuan")
        #expect(units.first { $0.id == "guyuan" }?.parentID == nil)
        #expect(units.first { $0.id == "guyuan" }?.parentName == "宁夏回族自治区")
        #expect(try store.units(under: "guyuan").count == 6)
        #expect(try store.units(under: "xiji").map(\.name) == ["西吉县"])
        // The same file again changes nothing.
        let again = try store.importUnits([example("guyuan-region-2023.yaml")], by: "法治办")
        #expect(again.added.isEmpty && again.changed.isEmpty && again.unchanged.count == 6)
    }

    @Test func campaignKeepsItsRulesetWhenTheFileChanges() throws {
        let folder = try temporaryFolder()
        let rulesets = folder + "/rulesets"
        try FileManager.default.copyItem(atPath: root + "/rulesets", toPath: rulesets)
        let local = Workspace(rulesets: rulesets)
        let store = try SQLiteStore(path: folder + "/fazhi.db")
        let original = try local.plan("guyuan-2023-2025-creation").ruleset.contentHash
        let info = try store.createCampaign(CampaignRequest(id: "guyuan-2023", name: "固原", ruleset: "guyuan-2023-2025-creation", year: 2023,
                                                            units: [example("guyuan-region-2023.yaml")]), workspace: local, by: "法治办")
        #expect(info.rulesetHash == original)
        #expect(info.documents.map { $0.split(separator: " ")[0] } == ["ruleset", "parent", "catalog"])
        // Change the ruleset on disk: the files now hash differently, the campaign does not.
        let parent = rulesets + "/guyuan-2023-2025-creation.yaml"
        let text = try String(contentsOfFile: parent, encoding: .utf8)
        try write(text.replacingOccurrences(of: "title: ", with: "title: 改 ", options: [], range: text.range(of: "title: ")), to: parent)
        #expect(try local.plan("guyuan-2023-2025-creation").ruleset.contentHash != original)
        #expect(try store.plan(ofCampaign: "guyuan-2023").ruleset.contentHash == original)
        try FileManager.default.removeItem(atPath: rulesets)
        #expect(try store.plan(ofCampaign: "guyuan-2023").ruleset.contentHash == original)
    }

    /// The store scores with the engine `fazhi evaluate` uses: the same outcomes, reasons, scores and
    /// grades on every bundled example under its rulesets.
    @Test(arguments: [
        ("ningcheng-2023.yaml", "ningxia-2023-eight-actions"),
        ("ningcheng-2023.yaml", "xixia-2020-demonstration"),
        ("guyuan-region-2023.yaml", "guyuan-2023-2025-creation"),
        ("guyuan-region-2024.yaml", "guyuan-2023-2025-creation"),
        ("xixia-leadership-2020.yaml", "xixia-2020-leadership-assessment"),
    ])
    func scoresEqualEvaluate(file: String, ruleset: String) throws {
        let (store, _) = try freshStore()
        _ = try store.createCampaign(CampaignRequest(id: "c", name: "对照", ruleset: ruleset, year: 2023, units: [example(file)]), workspace: workspace, by: "法治办")
        let summary = try store.importSubmissions(campaign: "c", [example(file)], draft: false, by: "导入")
        let plan = try workspace.plan(ruleset)
        let expected = try workspace.evaluate(plan, evidence: [example(file)])
        #expect(summary.newVersions.count == expected.results.count)
        let scoring = try store.score(campaign: "c")
        #expect(scoring.results.count == expected.results.count)
        for want in expected.results {
            let got = try #require(scoring.results.first { $0.unit.id == want.unit.id })
            #expect(got.grade == want.grade)
            #expect(got.score == want.score)
            #expect(got.tally == want.tally)
            #expect(ResultRecord.records(of: got, plan: scoring.plan) == ResultRecord.records(of: want, plan: plan))
        }
        // And the published numbers are those.
        _ = try store.publish(campaign: "c", note: nil, by: "法治办")
        for published in try store.results(campaign: "c", version: nil) {
            let want = try #require(expected.results.first { $0.unit.id == published.unitID })
            #expect(published.grade == want.grade)
            #expect(published.score == want.score.final)
            #expect(published.met == want.tally.met)
        }
    }

    @Test func importingTheSameFileTwiceChangesNothing() throws {
        let (store, folder) = try guyuanStore()
        let first = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        #expect(first.newVersions.count == 6)
        let before = try tableCounts(folder + "/fazhi.db")
        let second = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        #expect(second.alreadyImported.count == 1 && second.newVersions.isEmpty)
        #expect(try tableCounts(folder + "/fazhi.db") == before)
        // A copy of the file under another name is a new import, but no unit changed.
        let copy = folder + "/副本.yaml"
        try FileManager.default.copyItem(atPath: root + "/examples/guyuan-region-2023.yaml", toPath: copy)
        try write(try String(contentsOfFile: copy, encoding: .utf8) + "\n# 副本\n", to: copy)
        let third = try store.importSubmissions(campaign: "guyuan-2023", [.file(copy)], draft: false, by: "导入")
        #expect(third.newVersions.isEmpty && third.unchanged.count == 6)
    }

    @Test func badImportChangesNothingAndListsEveryError() throws {
        let (store, folder) = try guyuanStore()
        let text = try String(contentsOfFile: root + "/examples/guyuan-region-2023.yaml", encoding: .utf8)
        // Two mistakes in one file (a percentage without %, a unit not in the campaign), one in another.
        let bad1 = folder + "/bad1.yaml"
        var broken = text.replacingOccurrences(of: "  id: xiji\n", with: "  id: xiji-county\n")
        let rate = try #require(broken.range(of: "  court_appearance_rate: 100%\n"))
        broken.replaceSubrange(rate, with: "  court_appearance_rate: 95\n")
        try write(broken, to: bad1)
        let rateLine = broken[..<rate.lowerBound].filter { $0 == "\n" }.count + 1
        let bad2 = folder + "/bad2.yaml"
        try write("fazhi: 1\nunit: { id: guyuan, name: 固原市 }\nfacts:\n  no_such_metric: 3\n", to: bad2)
        let before = try tableCounts(folder + "/fazhi.db")
        let errors = diagnostics { _ = try store.importSubmissions(campaign: "guyuan-2023", [.file(bad1), .file(bad2)], draft: false, by: "导入") }
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("\(bad1):\(rateLine):26: error:") && $0.contains("did you mean 95%?") })
        #expect(errors.contains { $0.hasPrefix("\(bad1):") && $0.contains("unit \"xiji-county\" does not take part in campaign \"guyuan-2023\"") })
        #expect(errors.contains { $0.hasPrefix("\(bad2):4:3: error: facts.no_such_metric: unknown metric \"no_such_metric\"") })
        #expect(try tableCounts(folder + "/fazhi.db") == before)
    }

    @Test func submissionsAreVersionedAndMoveThroughStates() throws {
        let (store, folder) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: true, by: "西吉县")
        #expect(try store.submissions(campaign: "guyuan-2023").allSatisfy { $0.state == "draft" && $0.version == 1 })
        // A draft is not scored.
        #expect(try store.score(campaign: "guyuan-2023").missing.count == 6)
        try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .submitted, reason: nil, by: "西吉县")
        // Submitted on 2024-03-01 (the fixed clock); the campaign has no deadline, so it is not late.
        let submitted = try #require(try store.submissions(campaign: "guyuan-2023").first { $0.unitID == "xiji" })
        #expect(submitted.submittedAt == "2024-03-01T08:00:00Z" && !submitted.late)
        #expect(diagnostics { try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .returned, reason: " ", by: "法治办") }.first?.contains("reasons") == true)
        try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .returned, reason: "出庭应诉率缺佐证材料", by: "法治办")
        #expect(diagnostics { try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .reviewed, reason: nil, by: "法治办") }.first?.contains("cannot become reviewed") == true)
        // The corrected evidence comes back as version 2, resubmitted; version 1 is still there.
        let xiji = try singleUnit("xiji", from: root + "/examples/guyuan-region-2023.yaml")
        let changed = folder + "/xiji-v2.yaml"
        let rate = try #require(xiji.range(of: "  enforcement_complaint_resolution_rate: 91.7%\n"))
        var text = xiji
        text.replaceSubrange(rate, with: "  enforcement_complaint_resolution_rate:\n    value: 100%\n    quote: 投诉举报全部办结\n")
        try write(text, to: changed)
        let summary = try store.importSubmissions(campaign: "guyuan-2023", [.file(changed)], draft: false, by: "西吉县")
        #expect(summary.newVersions == ["xiji": 2])
        let versions = try store.versions(campaign: "guyuan-2023", unit: "xiji")
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions[0].events.last?.contains("submitted → returned（出庭应诉率缺佐证材料）") == true)
        #expect(versions[1].events.last?.contains("returned → resubmitted") == true)
        let v1 = try store.facts(campaign: "guyuan-2023", unit: "xiji", version: 1)
        let v2 = try store.facts(campaign: "guyuan-2023", unit: "xiji", version: nil)
        #expect(v2.first { $0.key == "enforcement_complaint_resolution_rate" } == StoredFact(kind: "metric", key: "enforcement_complaint_resolution_rate", value: "100%", line: nil, quote: "投诉举报全部办结"))
        #expect(v1.first { $0.key == "enforcement_complaint_resolution_rate" }?.value == "91.7%")
        #expect(Set(v1).symmetricDifference(Set(v2)).count == 2)
        try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .reviewed, reason: nil, by: "法治办")
        #expect(try store.check() == [])
    }

    @Test func attachmentsAreStoredOnceByHash() throws {
        let (store, folder) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        let a = folder + "/出庭应诉统计表.pdf", b = folder + "/副本.pdf"
        try write("%PDF-1.4 出庭", to: a)
        try write("%PDF-1.4 出庭", to: b)
        let attached = try store.attach(campaign: "guyuan-2023", unit: "xiji", files: [a, b], by: "西吉县司法局")
        #expect(attached.map(\.originalName) == ["出庭应诉统计表.pdf", "副本.pdf"])
        #expect(attached[0].sha256 == attached[1].sha256 && attached[0].mediaType == "application/pdf")
        #expect(try tableCounts(store.path)["blob"] == 1)
        #expect(try store.versions(campaign: "guyuan-2023", unit: "xiji").last?.attachments.count == 2)
        #expect(diagnostics { _ = try store.attach(campaign: "guyuan-2023", unit: "xiji", files: [folder + "/none.pdf"], by: "x") } == ["error: \(folder)/none.pdf: cannot read the file"])
    }

    @Test func disagreeingAssessorsAreShownAndTheOfficeDecides() throws {
        let (store, _) = try guyuanStore()
        try store.assign(campaign: "guyuan-2023", unit: "xiji", assessors: ["张三", "李四"], by: "法治办")
        #expect(diagnostics { try store.assign(campaign: "guyuan-2023", unit: "xijii", assessors: ["张三"], by: "法治办") }
            == ["error: unit \"xijii\" does not take part in campaign \"guyuan-2023\"; did you mean \"xiji\"?"])
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        let plan = try store.plan(ofCampaign: "guyuan-2023")
        let item = try #require(plan.slots.lazy.compactMap { if case .verdict(let id) = $0 { id } else { nil } }.first)
        try store.recordVerdict(VerdictRequest(campaign: "guyuan-2023", unit: "xiji", indicator: item, verdict: "met", comment: "材料齐全"), by: "张三")
        try store.recordVerdict(VerdictRequest(campaign: "guyuan-2023", unit: "xiji", indicator: item, verdict: "unmet", comment: "未见文件"), by: "李四")
        #expect(diagnostics { try store.recordVerdict(VerdictRequest(campaign: "guyuan-2023", unit: "xiji", indicator: item, verdict: "met"), by: "王五") }
            .first?.contains("王五 is not assigned") == true)
        #expect(diagnostics { try store.recordVerdict(VerdictRequest(campaign: "guyuan-2023", unit: "xiji", indicator: item, verdict: "好"), by: "张三") }
            .first?.contains("expected met, partial or unmet") == true)
        let rows = try store.verdicts(campaign: "guyuan-2023", unit: "xiji")
        #expect(rows.count == 1 && rows[0].disagree && rows[0].effective == nil)
        #expect(rows[0].byAssessor == ["张三": "met", "李四": "unmet"])
        #expect(diagnostics { _ = try store.publish(campaign: "guyuan-2023", note: nil, by: "法治办") }.first?.contains("assessors disagree on 1 item") == true)
        try store.decide(VerdictRequest(campaign: "guyuan-2023", unit: "xiji", indicator: item, verdict: "unmet", comment: "以文件为准"), by: "法治办")
        let publication = try store.publish(campaign: "guyuan-2023", note: nil, by: "法治办")
        #expect(publication.version == 1)
        let outcome = try store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT outcome FROM result_indicator WHERE unit_id = 'xiji' AND indicator_id = ?", arguments: [item])
        }
        #expect(outcome == "unmet")
    }

    @Test func republishingMakesANewVersionWithWhatChanged() throws {
        let (store, _) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        let first = try store.publish(campaign: "guyuan-2023", note: "首次通报", by: "法治办")
        #expect(first.version == 1 && first.units == 6 && first.changes.isEmpty)
        let before = try store.results(campaign: "guyuan-2023", version: 1)
        // The office decides an item of 彭阳县 met that was not.
        let unmet = try #require(before.first { $0.unitID == "pengyang" }?.unmet)
        let plan = try store.plan(ofCampaign: "guyuan-2023")
        let item = try #require(unmet.first { plan.slot(.verdict($0)) != nil })
        try store.decide(VerdictRequest(campaign: "guyuan-2023", unit: "pengyang", indicator: item, verdict: "met", comment: "复核"), by: "法治办")
        let second = try store.publish(campaign: "guyuan-2023", note: "复核后", by: "法治办")
        #expect(second.version == 2)
        #expect(second.changes.map(\.unitID) == ["pengyang"])
        let was = try outcome(store, "pengyang", item, 1)
        #expect(second.changes[0].indicators.contains(IndicatorChange(indicatorID: item, before: was, after: "met")))
        // Each publication scores again to its own frozen results (v1 without the later decision).
        let again1 = try store.rescore(campaign: "guyuan-2023", version: 1).results.first { $0.unit.id == "pengyang" }
        let again2 = try store.rescore(campaign: "guyuan-2023", version: nil).results.first { $0.unit.id == "pengyang" }
        #expect(again1?.score.final == before.first { $0.unitID == "pengyang" }?.score)
        #expect(again2.map { $0.score.final > again1!.score.final } == true)
        // Version 1 is frozen: what it said stays, and the tables refuse edits.
        #expect(try store.results(campaign: "guyuan-2023", version: 1).map(\.score) == before.map(\.score))
        #expect(throws: DatabaseError.self) { try store.pool.write { db in try db.execute(sql: "UPDATE result SET grade = '示范'") } }
        #expect(throws: DatabaseError.self) { try store.pool.write { db in try db.execute(sql: "DELETE FROM audit") } }
        #expect(try store.check() == [])
    }

    @Test func historyAndDistributionAcrossYears() throws {
        let (store, _) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        _ = try store.importSubmissions(campaign: "guyuan-2024", [example("guyuan-region-2024.yaml")], draft: false, by: "导入")
        _ = try store.publish(campaign: "guyuan-2023", note: nil, by: "法治办")
        _ = try store.publish(campaign: "guyuan-2024", note: nil, by: "法治办")
        let plan = try store.plan(ofCampaign: "guyuan-2024")
        let expected23 = try workspace.evaluate(plan, evidence: [example("guyuan-region-2023.yaml")]).results.first { $0.unit.id == "xiji" }!
        let expected24 = try workspace.evaluate(plan, evidence: [example("guyuan-region-2024.yaml")]).results.first { $0.unit.id == "xiji" }!
        let history = try store.history(unit: "xiji")
        #expect(history.map(\.year) == [2023, 2024])
        #expect(history.map(\.grade) == [expected23.grade, expected24.grade])
        #expect(history[0].groups.count == plan.groups.filter { $0.parent == nil }.count)
        let outcomes = { (r: UnitResult) in Dictionary(uniqueKeysWithValues: r.indicators.map { (plan.indicators[$0.position].indicator.id, $0.outcome.state.description) }) }
        let (a, b) = (outcomes(expected23), outcomes(expected24))
        let newlyMet = plan.indicators.map(\.indicator.id).filter { b[$0] == "met" && a[$0] != "met" && a[$0] != "notApplicable" }
        #expect(history[1].newlyMet == newlyMet)
        #expect(history[0].newlyMet.isEmpty && history[0].newlyUnmet.isEmpty)
        let distribution = try store.distribution(region: "guyuan")
        #expect(distribution.filter { $0.year == 2023 }.map(\.units).reduce(0, +) == 6)
        #expect(try store.distribution(region: "xiji").map(\.units).reduce(0, +) == 2)
        #expect(diagnostics { _ = try store.history(unit: "xijj") }.first?.contains("did you mean \"xiji\"?") == true)
    }

    @Test func rectificationFromUnmetIndicators() throws {
        let (store, _) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        #expect(diagnostics { _ = try store.openRectification(campaign: "guyuan-2023", deadline: CalendarDate(year: 2024, month: 2, day: 1)!, by: "法治办") }
            .first?.contains("not published") == true)
        let published = try store.publish(campaign: "guyuan-2023", note: nil, by: "法治办")
        let opened = try store.openRectification(campaign: "guyuan-2023", deadline: CalendarDate(year: 2024, month: 2, day: 1)!, by: "法治办")
        let unmet = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM result_indicator WHERE version = ? AND outcome IN ('unmet', 'noEvidence')", arguments: [published.version])
        }
        #expect(opened == unmet && opened > 0)
        #expect(try store.openRectification(campaign: "guyuan-2023", deadline: CalendarDate(year: 2024, month: 2, day: 1)!, by: "法治办") == 0)
        let tasks = try store.rectifications(campaign: "guyuan-2023", unit: nil, overdueOn: nil)
        #expect(tasks.allSatisfy { $0.overdue })  // the fixed clock is 2024-03-01
        // Owners are the lead units where the ruleset names them.
        let plan = try store.plan(ofCampaign: "guyuan-2023")
        for task in tasks.prefix(20) {
            let lead = plan.planned(task.indicatorID)!.indicator.lead
            if !lead.isEmpty { #expect(task.owner == lead.joined(separator: "、")) }
        }
        let task = tasks[0]
        #expect(diagnostics { try store.rectify(task: task.id, action: .reopen, text: nil, files: [], by: "法治办") }.first?.contains("is open") == true)
        let file = NSTemporaryDirectory() + "整改报告-\(UUID().uuidString).pdf"
        try write("%PDF 整改", to: file)
        try store.rectify(task: task.id, action: .answer, text: "已制定制度，见附件", files: [file], by: task.unitID)
        try store.rectify(task: task.id, action: .close, text: nil, by: "法治办")
        try store.rectify(task: task.id, action: .reopen, text: "附件不全", by: "法治办")
        let after = try store.rectifications(campaign: nil, unit: task.unitID, overdueOn: CalendarDate(year: 2024, month: 3, day: 1))
        #expect(after.first { $0.id == task.id }?.state == "open")
        #expect(after.first { $0.id == task.id }?.lastAnswer == "已制定制度，见附件")
        #expect(after.first { $0.id == task.id }?.files == [(file as NSString).lastPathComponent])
        // Answered is not overdue; open again after the deadline is.
        #expect(after.first { $0.id == task.id }?.overdue == true)
        try store.rectify(task: task.id, action: .answer, text: "补充附件", files: [], by: task.unitID)
        let overdue = try store.rectifications(campaign: "guyuan-2023", unit: nil, overdueOn: CalendarDate(year: 2024, month: 3, day: 1))
        #expect(overdue.count == tasks.count - 1 && !overdue.contains { $0.id == task.id })
        #expect(try store.check() == [])
    }

    @Test func auditRecordsWhoWhenWhatOldAndNew() throws {
        let (store, _) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入员")
        try store.changeState(campaign: "guyuan-2023", unit: "xiji", to: .returned, reason: "缺材料", by: "法治办")
        let entries = try store.audit(limit: nil, entity: "submission")
        let last = try #require(entries.last)
        #expect(last.actor == "法治办" && last.action == "state" && last.key == "guyuan-2023/xiji")
        #expect(last.old == "submitted" && last.new == "returned: 缺材料")
        #expect(last.at == "2024-03-01T08:00:00Z")
        #expect(entries.count == 7)
        #expect(try store.audit(limit: 1, entity: nil).count == 1)
    }

    @Test func backupRestoreAndCheck() throws {
        let (store, folder) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        let backup = folder + "/备份.db"
        try store.backup(to: backup)
        #expect(try SQLiteStore(path: backup).check() == [])
        _ = try store.publish(campaign: "guyuan-2023", note: nil, by: "法治办")
        #expect(try store.campaign("guyuan-2023").published == 1)
        try store.restore(from: backup, by: "法治办")
        #expect(try store.campaign("guyuan-2023").published == 0)
        #expect(try store.audit(limit: 1, entity: nil).first?.action == "restore")
        #expect(try store.check() == [])
        // A damaged store is found out: break an invariant behind the store's back.
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE submission SET version = 5 WHERE unit_id = 'xiji'")
            try db.execute(sql: "INSERT INTO campaign_unit VALUES ('no-such-campaign', 'xiji')")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let problems = try store.check()
        #expect(problems.contains { $0.hasPrefix("foreign key: campaign_unit") })
        #expect(problems.contains { $0.contains("guyuan-2023/xiji: at version 5 but has 1 version(s)") })
        let junk = folder + "/junk.db"
        try write("not a database", to: junk)
        #expect(diagnostics { try store.restore(from: junk, by: "x") }.first?.contains("junk.db") == true)
    }
}

/// One unit's document out of a batch file, as a standalone evidence file.
func singleUnit(_ id: String, from path: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let documents = text.components(separatedBy: "\n---\n")
    return try #require(documents.first { $0.contains("\n  id: \(id)\n") })
}

func outcome(_ store: SQLiteStore, _ unit: String, _ indicator: String, _ version: Int) throws -> String? {
    try store.pool.read { db in
        try String.fetchOne(db, sql: "SELECT outcome FROM result_indicator WHERE unit_id = ? AND indicator_id = ? AND version = ?", arguments: [unit, indicator, version])
    }
}

/// Units from batch tables: CSV (with a BOM and quoted cells) and JSON Lines.
struct UnitTableTests {
    @Test func unitsFromCSVAndJSONLines() throws {
        let (store, folder) = try freshStore()
        let csv = folder + "/单位.csv"
        try write("\u{FEFF}单位编号,单位名称,层级,上级单位,attr:has_legislative_power,court_appearance_rate\r\n"
                  + "gy,固原市,city,,是,100%\r\nxj,\"西吉县，一个县\",county,gy,否,95%\r\n", to: csv)
        let jsonl = folder + "/部门.jsonl"
        try write("{\"id\": \"xj-sfj\", \"name\": \"西吉县司法局\", \"level\": \"department\", \"parent\": \"xj\"}\n", to: jsonl)
        let summary = try store.importUnits([.file(csv), .file(jsonl)], by: "法治办")
        #expect(summary.added == ["gy", "xj", "xj-sfj"])
        let units = try store.units(under: "gy")
        #expect(units.map(\.id) == ["gy", "xj", "xj-sfj"])
        #expect(units[1].name == "西吉县，一个县" && units[1].attributes == ["has_legislative_power": "false"] && units[1].parentID == "gy")
        #expect(units[2].parentID == "xj" && units[2].level == "department")
        // A parent under the unit itself is not linked: no cycle.
        let cycle = folder + "/环.jsonl"
        try write("{\"id\": \"gy\", \"name\": \"固原市\", \"level\": \"city\", \"parent\": \"xj-sfj\"}\n", to: cycle)
        _ = try store.importUnits([.file(cycle)], by: "法治办")
        #expect(try store.units(under: nil).first { $0.id == "gy" }?.parentID == nil)
        #expect(try store.check() == [])

        let bad = folder + "/bad.csv"
        try write("id,name,level\na,甲,county\nb,乙,countyy\n,丙,city\na,甲二,county\n", to: bad)
        let errors = diagnostics { _ = try store.importUnits([.file(bad)], by: "法治办") }
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("\(bad):3:5: error: level \"countyy\": expected one of") && $0.contains("did you mean \"county\"?") })
        #expect(errors.contains { $0.hasPrefix("\(bad):4:1: error: row at line 4: no unit id") })
        #expect(errors.contains { $0.hasPrefix("\(bad):5:1: error: duplicate unit id \"a\"") })
        #expect(try store.units(under: nil).count == 3)
    }
}

/// Submissions from batch tables: each row becomes the unit's evidence document, scored exactly as
/// the same region written as YAML evidence, and graded as `fazhi evaluate` grades the batch.
struct BatchSubmissionTests {
    @Test(arguments: [
        ("guyuan-2023-2025-creation", RegionGenerator.Format.csv), ("ningxia-2023-eight-actions", .jsonl),
        ("xixia-2020-demonstration", .csv), ("zhongwei-2022-points", .jsonl),
    ])
    func batchScoresLikeItsYAMLAndLikeEvaluate(ruleset: String, format: RegionGenerator.Format) throws {
        let (store, folder) = try freshStore()
        let plan = try workspace.plan(ruleset)
        let batch = folder + (format == .csv ? "/填报.csv" : "/填报.jsonl"), yaml = folder + "/填报.yaml"
        try generated(plan, format, units: 40, seed: 7, to: batch)
        try generated(plan, .yaml, units: 40, seed: 7, to: yaml)
        _ = try store.createCampaign(CampaignRequest(id: "c", name: "对照", ruleset: ruleset, year: 2023, units: [.file(batch)]), workspace: workspace, by: "法治办")
        let summary = try store.importSubmissions(campaign: "c", [.file(batch)], draft: false, by: "导入")
        #expect(summary.newVersions.count == 40)
        let scoring = try store.score(campaign: "c")
        let expected = try workspace.evaluate(plan, evidence: [.file(yaml)])
        #expect(scoring.results.count == 40)
        for want in expected.results {
            let got = try #require(scoring.results.first { $0.unit.id == want.unit.id })
            #expect(got.grade == want.grade && got.score == want.score && got.tally == want.tally, "\(want.unit.id)")
            #expect(ResultRecord.records(of: got, plan: scoring.plan) == ResultRecord.records(of: want, plan: plan))
        }
        // `fazhi evaluate` on the batch itself grades every unit the same.
        var out: [UInt8] = []
        _ = try workspace.batch(plan, inputs: [batch]).run { out.append(contentsOf: $0) }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let gradeColumn = try #require(lines.first?.firstIndex(of: "grade"))
        for row in lines.dropFirst() {
            let got = try #require(scoring.results.first { $0.unit.id == row[0] })
            #expect(got.grade == row[gradeColumn], "\(row[0])")
        }
        // The facts point at the row and quote the cell; the stored document is YAML evidence.
        let facts = try store.facts(campaign: "c", unit: "u0000001", version: nil)
        #expect(!facts.isEmpty && facts.allSatisfy { $0.line == (format == .csv ? 2 : 1) && $0.quote != nil })
        // The same batch again: nothing new.
        let again = try store.importSubmissions(campaign: "c", [.file(batch)], draft: false, by: "导入")
        #expect(again.alreadyImported.count == 1 && again.newVersions.isEmpty)
    }

    @Test func badBatchChangesNothingAndListsEveryErrorAtItsCell() throws {
        let (store, folder) = try guyuanStore()
        let csv = folder + "/填报.csv"
        try write("单位编号,单位名称,court_appearance_rate,nx-1,规范性文件备案审查率\n"
                  + "xiji,西吉县,95,met,100%\n"
                  + "longde,隆德县,100%,达成,100%\n"
                  + "nobody,无此单位,100%,met,\n", to: csv)
        let jsonl = folder + "/填报.jsonl"
        try write("{\"id\": \"jingyuan\", \"court_appearance_rate\": \"90%\", \"出庭应诉率\": \"80%\"}\n{\"id\": \"pengyang\", \"nx-1\": \"m\\qet\"}\n", to: jsonl)
        let before = try tableCounts(folder + "/fazhi.db")
        let errors = diagnostics { _ = try store.importSubmissions(campaign: "guyuan-2023", [.file(csv), .file(jsonl)], draft: false, by: "导入") }
        #expect(errors.count == 5, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("\(csv):2:10: error: row 2, column 3 (court_appearance_rate): expected a percentage") && $0.contains("did you mean 95%?") })
        #expect(errors.contains { $0.hasPrefix("\(csv):3:17: error: row 3, column 4 (nx-1): expected met, partial or unmet") })
        #expect(errors.contains { $0.hasPrefix("\(csv):4:1: error: unit \"nobody\" does not take part in campaign \"guyuan-2023\"") })
        #expect(errors.contains { $0.hasPrefix("\(jsonl):1:") && $0.contains("given twice on this row") })
        #expect(errors.contains { $0.hasPrefix("\(jsonl):2:") && $0.contains("valid escapes") })
        #expect(try tableCounts(folder + "/fazhi.db") == before)
    }
}
