import FazhiKit
import Foundation

/// Units from a batch table (CSV, TSV, JSON Lines; docs/batch-format.md, UTF-8 or GBK): the unit columns
/// only, under the names a batch gives them (`BatchColumns`: `id`/`unit_id`/`单位编号`/`单位编码`,
/// `name`/`单位名称`, `level`/`层级`, `parent`/`上级单位`/`上级`), and `attr:NAME` for an attribute. Metric and
/// verdict columns are the submission's business and are skipped here.
enum UnitTable {
    static func isTable(_ path: String) -> Bool {
        ["csv", "tsv", "jsonl"].contains((path as NSString).pathExtension.lowercased())
    }

    static let idColumns = BatchColumns.names(of: .id), nameColumns = BatchColumns.names(of: .name), levelColumns = BatchColumns.levelNames,
               parentColumns = BatchColumns.names(of: .parent)

    /// The units read, and the problems of the rows that could not be read (a table without a header
    /// or an id column throws).
    static func read(_ given: SourceFile) throws(DiagnosticList) -> (units: [(UnitInfo, SourceLocation)], problems: [Diagnostic]) {
        let file: SourceFile
        do { file = try given.utf8Table() } catch { throw DiagnosticList([error]) }
        let text = String(decoding: file.bytes, as: UTF8.self)
        var rows: [(line: Int, cells: [String: (String, Int)])] = []
        var problems: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(source: file, start: Mark(line: line, column: column)) }
        if file.name.lowercased().hasSuffix(".jsonl") {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    problems.append(Diagnostic.error("line \(i + 1): expected a JSON object with the unit's keys (id, name, level, parent)", at: at(i + 1, 1)))
                    continue
                }
                var cells: [String: (String, Int)] = [:]
                for (key, value) in object {
                    switch value {
                    case let s as String: cells[key] = (s, 1)
                    case let n as NSNumber: cells[key] = ("\(n)", 1)
                    default: continue
                    }
                }
                rows.append((i + 1, cells))
            }
        } else {
            let separator: Character = file.name.lowercased().hasSuffix(".tsv") ? "\t" : ","
            let records = DelimitedText.records(text, separator: separator)
            guard let header = records.first else { throw DiagnosticList([Diagnostic.error("empty table; expected a header row (id, name, level, parent, …)", at: at(1, 1))]) }
            let names = header.cells.map { $0.text.trimmingSpaces }
            if !names.contains(where: idColumns.contains) {
                throw DiagnosticList([Diagnostic.error("no unit id column; expected one of \(idColumns.joined(separator: ", "))", at: at(header.line, 1))])
            }
            for record in records.dropFirst() where !(record.cells.count == 1 && record.cells[0].text.isEmpty) {
                var cells: [String: (String, Int)] = [:]
                for (i, cell) in record.cells.enumerated() where i < names.count { cells[names[i]] = (cell.text.trimmingSpaces, cell.column) }
                rows.append((record.line, cells))
            }
        }
        var units: [(UnitInfo, SourceLocation)] = []
        for row in rows {
            func value(_ keys: [String]) -> (String, Int)? { keys.lazy.compactMap { row.cells[$0] }.first { !$0.0.isEmpty } }
            guard let id = value(idColumns) else {
                problems.append(Diagnostic.error("row at line \(row.line): no unit id; expected a value in \(idColumns.joined(separator: " / "))", at: at(row.line, 1)))
                continue
            }
            var unit = UnitInfo(id: id.0, name: value(nameColumns)?.0 ?? id.0, parent: value(parentColumns)?.0)
            if let level = value(levelColumns) {
                guard let id = UnitLevel.id(level.0) else {
                    problems.append(Diagnostic.error("level \"\(level.0)\": expected \(UnitLevel.accepted)", at: at(row.line, level.1),
                                                     hint: UnitLevel.suggestion(level.0)))
                    continue
                }
                unit.level = id
            }
            for (key, cell) in row.cells where key.hasPrefix("attr:") && !cell.0.isEmpty {
                unit.attributes[String(key.dropFirst(5))] = UnitEvidence.normalizeAttribute(cell.0)
            }
            units.append((unit, at(row.line, id.1)))
        }
        return (units, problems)
    }
}

