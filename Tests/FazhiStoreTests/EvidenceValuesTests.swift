import FazhiKit
@testable import FazhiStore
import Foundation
import GRDB
import Testing

/// The values kept for scoring (`evidence_values`) decode to exactly the evidence the reader gives for
/// the stored document, and scoring without them (a store from before, or rows absent) gives the same.
struct EvidenceValuesTests {
    /// Every stored property, recursively, dictionaries in key order; a source file by its name and size.
    /// A field added to the evidence later is compared too.
    static func canonical(_ value: Any) -> String {
        if let file = value as? SourceFile { return "SourceFile(\(file.name), \(file.bytes.count) bytes)" }
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty { return String(reflecting: value) }
        switch mirror.displayStyle {
        case .dictionary?:
            return "[" + mirror.children.map { entry in
                Mirror(reflecting: entry.value).children.map { canonical($0.value) }.joined(separator: ": ")
            }.sorted().joined(separator: ", ") + "]"
        case .set?:
            return "{" + mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "}"
        default:
            return "\(type(of: value))(" + mirror.children.map { "\($0.label ?? ""): \(canonical($0.value))" }.joined(separator: ", ") + ")"
        }
    }

    /// For each version with kept values: the decoded evidence and the document read again, side by side.
    func compareKept(_ store: SQLiteStore, campaign: String) throws -> Int {
        let plan = try store.plan(ofCampaign: campaign)
        let asOf = try store.campaign(campaign).asOf.flatMap { try? CalendarDate.parse($0).get() }
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        let rows = try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.unit_id, v.version, v.document_index, d.text, ev.data FROM submission_version v
                JOIN document d ON d.sha256 = v.evidence_sha256
                LEFT JOIN evidence_values ev USING (campaign_id, unit_id, version) WHERE v.campaign_id = ?
                """, arguments: [campaign])
        }
        var kept = 0
        for row in rows {
            let file = SourceFile(name: "\(campaign)/\(row["unit_id"] as String)/v\(row["version"] as Int)", text: row["text"])
            let read = try reader.read(YAMLParser.documents(in: file)[row["document_index"] as Int])
            guard let data = row["data"] as Data? else { continue }
            let decoded = try #require(EvidenceValues.decode(data, plan: plan, file: file))
            #expect(Self.canonical(decoded) == Self.canonical(read), "\(row["unit_id"] as String)")
            kept += 1
        }
        return kept
    }

    /// A fresh store with campaign "c": `units` generated units of `ruleset`, their submissions imported.
    func importedCampaign(_ ruleset: String = "guyuan-2023-2025-creation", format: RegionGenerator.Format = .csv, units: Int,
                          seed: UInt64) throws -> SQLiteStore {
        let (store, folder) = try freshStore()
        let batch = folder + ["/填报.csv", "/填报.jsonl", "/填报.yaml"][format == .csv ? 0 : format == .jsonl ? 1 : 2]
        try generated(try workspace.plan(ruleset), format, units: units, seed: seed, to: batch)
        _ = try store.createCampaign(CampaignRequest(id: "c", name: "对照", ruleset: ruleset, year: 2023, units: [.file(batch)]), workspace: workspace, by: "法治办")
        _ = try store.importSubmissions(campaign: "c", [.file(batch)], draft: false, by: "导入")
        return store
    }

    @Test(arguments: [
        ("guyuan-2023-2025-creation", RegionGenerator.Format.csv), ("ningxia-2023-eight-actions", .jsonl),
        ("xixia-2020-demonstration", .yaml), ("zhongwei-2022-points", .csv),
    ])
    func keptValuesAreWhatTheDocumentReadsTo(ruleset: String, format: RegionGenerator.Format) throws {
        let store = try importedCampaign(ruleset, format: format, units: 30, seed: 11)
        #expect(try compareKept(store, campaign: "c") == 30)
        #expect(try store.check() == [])
    }

    /// The Guyuan examples file creation applications (创建申报), which the form does not keep: their
    /// versions have no row and are scored from their documents, as before.
    @Test func evidenceTheFormCannotHoldIsScoredFromItsDocument() throws {
        let (store, _) = try guyuanStore()
        _ = try store.importSubmissions(campaign: "guyuan-2023", [example("guyuan-region-2023.yaml")], draft: false, by: "导入")
        #expect(try compareKept(store, campaign: "guyuan-2023") == 0)
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission_version") } == 6)
        #expect(try store.score(campaign: "guyuan-2023").results.count == 6)
        #expect(try store.check() == [])
    }

    /// Without the kept values (a store imported before they were kept) scoring reads the documents and
    /// gives the same evidence and results.
    @Test func scoringWithoutKeptValuesIsTheSame() throws {
        let store = try importedCampaign(units: 25, seed: 5)
        try store.recordVerdict(VerdictRequest(campaign: "c", unit: "u0000003", indicator: "nx-1", verdict: "unmet", comment: "材料不全"), by: "张三")
        let kept = try store.score(campaign: "c")
        try store.pool.write { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence_values") == 25)
            try db.execute(sql: "DROP TRIGGER evidence_values_no_delete; DELETE FROM evidence_values")
        }
        let read = try store.score(campaign: "c")
        #expect(kept.results.count == 25 && read.results.count == 25)
        for (a, b) in zip(kept.evidence, read.evidence) { #expect(Self.canonical(a) == Self.canonical(b), "\(a.unit.id)") }
        for (a, b) in zip(kept.results, read.results) {
            #expect(a.grade == b.grade && a.score == b.score && a.tally == b.tally, "\(a.unit.id)")
            #expect(ResultRecord.records(of: a, plan: kept.plan) == ResultRecord.records(of: b, plan: read.plan))
        }
    }

    /// Kept values that do not match their document are found by `fazhi check`; broken ones are not used.
    @Test func checkFindsValuesThatDoNotMatchTheirDocument() throws {
        let store = try importedCampaign(units: 5, seed: 9)
        let before = try store.score(campaign: "c")
        let unit = try #require(try store.pool.read { db in try String.fetchOne(db, sql: "SELECT unit_id FROM evidence_values LIMIT 1") })
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER evidence_values_no_update; UPDATE evidence_values SET data = X'01' WHERE unit_id = ?", arguments: [unit])
        }
        #expect(try store.check().contains { $0.contains("c/\(unit)/v1") && $0.contains("values kept for scoring") })
        #expect(EvidenceValues.decode(Data([1]), plan: try store.plan(ofCampaign: "c"), file: SourceFile(name: "x", text: "")) == nil)
        // A broken row is not used: the unit is scored from its document, the same as before.
        let after = try store.score(campaign: "c")
        #expect(zip(before.results, after.results).allSatisfy { $0.grade == $1.grade && $0.score == $1.score } && after.results.count == 5)
    }
}
