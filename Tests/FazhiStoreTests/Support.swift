import FazhiKit
@testable import FazhiStore
import GRDB
import Foundation

/// The repository root, found from this file.
let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let workspace = Workspace(rulesets: root + "/rulesets")

func example(_ name: String) -> EvidenceSource { .file(root + "/examples/" + name) }

/// A fresh folder under the temporary directory.
func temporaryFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "fazhi-store-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// A new store in a fresh folder, with a fixed clock (2024-03-01 08:00 UTC) unless given.
func freshStore(clock: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_709_280_000) }) throws -> (SQLiteStore, String) {
    let folder = try temporaryFolder()
    return (try SQLiteStore(path: folder + "/fazhi.db", clock: clock), folder)
}

/// The Guyuan 2023 campaign with its six units.
func guyuanCampaign(_ store: SQLiteStore, id: String = "guyuan-2023", year: Int = 2023, units: String = "guyuan-region-2023.yaml",
                    assessors: [String: [String]] = [:]) throws -> CampaignInfo {
    try store.createCampaign(CampaignRequest(id: id, name: "固原市\(year)年度法治政府建设考核", ruleset: "guyuan-2023-2025-creation", year: year,
                                             units: [example(units)], assessors: assessors), workspace: workspace, by: "法治办")
}

/// Counts of rows in every table, to show that something changed nothing.
func tableCounts(_ path: String) throws -> [String: Int] {
    let db = try SQLiteStore(path: path)
    return try db.pool.read { db in
        var counts: [String: Int] = [:]
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"")
        }
        return counts
    }
}

func diagnostics(_ operation: () throws -> Void) -> [String] {
    do {
        try operation()
        return []
    } catch let list as DiagnosticList {
        return list.diagnostics.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// A store holding the Guyuan 2023 and 2024 campaigns (six units each, no submissions), copied from
/// one made once per test run: creating a campaign reads and compiles its ruleset twice.
func guyuanStore() throws -> (SQLiteStore, String) {
    let template = try guyuanTemplate.get()
    let folder = try temporaryFolder()
    try FileManager.default.copyItem(atPath: template, toPath: folder + "/fazhi.db")
    return (try SQLiteStore(path: folder + "/fazhi.db", clock: { Date(timeIntervalSince1970: 1_709_280_000) }), folder)
}

private let guyuanTemplate = Result { () throws -> String in
    let (store, folder) = try freshStore()
    _ = try guyuanCampaign(store)
    _ = try guyuanCampaign(store, id: "guyuan-2024", year: 2024, units: "guyuan-region-2024.yaml")
    try store.backup(to: folder + "/template.db")
    return folder + "/template.db"
}

/// A generated region of `units` units for `plan`, written to `path` in `format`.
func generated(_ plan: EvaluationPlan, _ format: RegionGenerator.Format, units: Int, seed: UInt64, to path: String) throws {
    var bytes: [UInt8] = []
    try workspace.generate(plan, units: units, seed: seed, format: format) { bytes.append(contentsOf: $0) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}
