package import FazhiKit
import Foundation
import GRDB

extension SQLiteStore {
    package func importUnits(_ sources: [EvidenceSource], by actor: String) throws -> UnitImportSummary {
        let units = try Self.readUnits(sources)
        return try pool.write { db in try self.upsertUnits(db, units, by: actor) }
    }

    package func units(under parent: String?) throws -> [StoredUnit] {
        try pool.read { db in
            let rows: [Row]
            if let parent {
                rows = try Row.fetchAll(db, sql: """
                    WITH RECURSIVE tree(id) AS (SELECT id FROM unit WHERE id = ? UNION SELECT u.id FROM unit u JOIN tree t ON u.parent_id = t.id)
                    SELECT unit.* FROM unit JOIN tree USING (id) ORDER BY unit.id
                    """, arguments: [parent])
                if rows.isEmpty { throw StoreError("no unit \"\(parent)\"") }
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM unit ORDER BY id")
            }
            return rows.map(Self.unit)
        }
    }

    /// The units taking part in a campaign, by id (for its fill-in workbook).
    package func units(ofCampaign campaign: String) throws -> [StoredUnit] {
        try pool.read { db in
            _ = try self.campaign(db, campaign)
            return try Row.fetchAll(db, sql: """
                SELECT unit.* FROM unit JOIN campaign_unit ON campaign_unit.unit_id = unit.id
                WHERE campaign_unit.campaign_id = ? ORDER BY unit.id
                """, arguments: [campaign]).map(Self.unit)
        }
    }

    static func unit(_ row: Row) -> StoredUnit {
        let attributes = (try? JSONDecoder().decode([String: String].self, from: Data((row["attributes"] as String).utf8))) ?? [:]
        return StoredUnit(id: row["id"], name: row["name"], level: row["level"], parentID: row["parent_id"], parentName: row["parent_name"], attributes: attributes)
    }

    /// The units of evidence or unit files, read without a ruleset: `unit:` of every document (id, name,
    /// level, parent, attributes). Every problem in every file is thrown together.
    package static func readUnits(_ sources: [EvidenceSource], limits: YAMLLimits = .default) throws(DiagnosticList) -> [UnitInfo] {
        var problems: [Diagnostic] = []
        var units: [UnitInfo] = []
        var seen: [String: SourceLocation] = [:]
        for source in sources {
            let documents: [Document]
            let file: SourceFile
            do {
                switch source {
                case .file(let path): file = try SourceFile(contentsOfFile: path, limit: limits.maxFileBytes)
                case .source(let s): file = s
                }
            } catch {
                problems.append(error)
                continue
            }
            if UnitTable.isTable(file.name) {
                do {
                    let table = try UnitTable.read(file)
                    problems += table.problems
                    for (info, location) in table.units {
                        if let first = seen[info.id] {
                            problems.append(Diagnostic(.error, "duplicate unit id \"\(info.id)\"; expected each unit once", at: location, notes: [.init("first given here", at: first)]))
                            continue
                        }
                        seen[info.id] = location
                        units.append(info)
                    }
                } catch {
                    problems += error.diagnostics
                }
                continue
            }
            do {
                documents = try YAMLParser.documents(in: file, limits: limits)
            } catch {
                problems.append(error)
                continue
            }
            for document in documents {
                let root = document.value
                guard let u = root["unit"], u.isMapping else {
                    problems.append(root["unit"]?.expected("a mapping { id, name, level, parent, attributes }")
                                    ?? Diagnostic.error("\(document.source.name): document \(document.index + 1) has no \"unit\"; expected unit: { id, name, … }",
                                                        at: SourceLocation(source: document.source, start: document.root.start)))
                    continue
                }
                var info = UnitInfo(id: "", name: "")
                do throws(Diagnostic) {
                    info.id = try u.required("id", "the unit's id").text()
                    info.name = try u.required("name", "the unit's name").text()
                    if let level = u["level"] {
                        let text = try level.text()
                        guard let id = UnitLevel.id(text) else {
                            problems.append(level.expected(UnitLevel.accepted, hint: UnitLevel.suggestion(text)))
                            continue
                        }
                        info.level = id
                    }
                    if let parent = u["parent"] { info.parent = try parent.text() }
                    if let a = u["attributes"] {
                        for entry in try a.entries() { info.attributes[entry.key] = UnitEvidence.normalizeAttribute(try entry.value.text()) }
                    }
                } catch {
                    problems.append(error)
                    continue
                }
                if let first = seen[info.id] {
                    problems.append(Diagnostic(.error, "duplicate unit id \"\(info.id)\"; expected each unit once", at: u["id"]?.location,
                                               notes: [.init("first given here", at: first)]))
                    continue
                }
                if let location = u["id"]?.location { seen[info.id] = location }
                units.append(info)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return units
    }

    static func attributesJSON(_ attributes: [String: String]) -> String {
        var kept = attributes
        kept["level"] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(kept)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Adds new units and updates changed ones (audited), then links parents: a parent given by id, or
    /// by the name of exactly one unit.
    func upsertUnits(_ db: Database, _ units: [UnitInfo], by actor: String) throws -> UnitImportSummary {
        var summary = UnitImportSummary()
        for unit in units {
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM unit WHERE id = ?"), arguments: [unit.id])
            // Attributes the file does not give are kept: a list of names and parents must not wipe the
            // attributes a ruleset's appliesTo reads (a unit without them is not graded).
            var given = unit.attributes
            if let row {
                let stored = (try? JSONDecoder().decode([String: String].self, from: Data((row["attributes"] as String).utf8))) ?? [:]
                given = stored.merging(unit.attributes) { $1 }
            }
            let attributes = Self.attributesJSON(given)
            let new = "\(unit.name) | \(unit.level ?? "") | \(unit.parent ?? "") | \(attributes)"
            if let row {
                let old = "\(row["name"] as String) | \(row["level"] as String? ?? "") | \(row["parent_name"] as String? ?? "") | \(row["attributes"] as String)"
                if old == new { summary.unchanged.append(unit.id); continue }
                try db.run(sql: "UPDATE unit SET name = ?, level = ?, parent_name = ?, attributes = ? WHERE id = ?",
                               arguments: [unit.name, unit.level, unit.parent, attributes, unit.id])
                try audit(db, actor, "update", "unit", unit.id, old: old, new: new)
                summary.changed.append(unit.id)
            } else {
                try db.run(sql: "INSERT INTO unit (id, name, level, parent_name, attributes) VALUES (?, ?, ?, ?, ?)",
                               arguments: [unit.id, unit.name, unit.level, unit.parent, attributes])
                try audit(db, actor, "create", "unit", unit.id, new: new)
                summary.added.append(unit.id)
            }
        }
        // A changed unit is linked again (its parent may have changed).
        for id in summary.changed {
            try db.run(sql: "UPDATE unit SET parent_id = NULL WHERE id = ?", arguments: [id])
        }
        // Link parents, for these units and for units imported earlier whose parent arrived now.
        let unlinked = try Row.fetchAll(db, sql: "SELECT id, parent_name FROM unit WHERE parent_id IS NULL AND parent_name IS NOT NULL")
        for row in unlinked {
            let id: String = row["id"], parent: String = row["parent_name"]
            var parentID = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM unit WHERE id = ?"), arguments: [parent])
            if parentID == nil {
                let byName = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM unit WHERE name = ?"), arguments: [parent])
                if byName.count == 1 { parentID = byName[0] }
            }
            guard let parentID, parentID != id else { continue }
            // Never close a cycle: a parent under the unit itself stays unlinked (its name is kept).
            var ancestor: String? = parentID, steps = 0, cycle = false
            while let current = ancestor, steps < 64 {
                if current == id { cycle = true; break }
                ancestor = try String.fetchOne(db.cachedStatement(sql: "SELECT parent_id FROM unit WHERE id = ?"), arguments: [current])
                steps += 1
            }
            if cycle { continue }
            try db.run(sql: "UPDATE unit SET parent_id = ? WHERE id = ?", arguments: [parentID, id])
        }
        return summary
    }
}
