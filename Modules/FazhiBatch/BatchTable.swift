package import FazhiBase
package import FazhiCore

/// A batch (CSV, TSV, JSON Lines; docs/batch-format.md) read whole, unit by unit, for the commands that
/// keep each unit's evidence rather than stream scores: the store's import of submissions. Columns
/// resolve through `BatchColumns` and cells through the bulk path's own `Cells` readers, so a file
/// means the same here as in `fazhi evaluate`. Unlike the bulk path it collects every problem of the
/// file, each at its row and column.
///
/// By hand, not Foundation: `JSONSerialization` keeps the later of two equal keys and reads numbers as
/// binary doubles; the bulk reader refuses the first and reads decimals exactly, and so must this one.
package struct BatchTable: Sendable {
    /// One unit's row: its unit columns as text, its slot values (attribute slots hold codes), and
    /// where each value was written.
    package struct Row: Sendable {
        package var unit: UnitInfo
        package var invented: String?
        package var values: [Int64]
        /// Per slot with a value: the cell it was read from.
        package var cells: [Int: Cell]
        /// Where the row's id is written.
        package var location: SourceLocation
        package var row: Int

        /// A value's cell: its line and text (what the store keeps as the quote), its place (line and
        /// character column), its column's name and, in a table, its field number (0 in JSON Lines).
        package struct Cell: Sendable {
            package var line: Int
            package var text: String
            package var location: SourceLocation
            package var key: String
            package var field: Int
        }
    }

    package let plan: EvaluationPlan
    let columns: BatchColumns

    package init(plan: EvaluationPlan) {
        self.plan = plan
        columns = BatchColumns(plan: plan)
    }

    package static func isBatch(_ name: String) -> Bool {
        BatchFormat(path: name).map { $0 != .yaml } ?? false
    }

    /// Every unit of the file, or every problem of it.
    package func read(_ file: SourceFile) throws(DiagnosticList) -> [Row] {
        let (rows, problems) = try readAll(file)
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return rows
    }

    /// The rows read well and the problems of the others (a file that cannot be read as a table throws).
    /// A file saved as GBK/GB18030 is read as its UTF-8 text (`SourceFile.utf8Table`); locations then
    /// point into that text, at the same rows and character columns.
    package func readAll(_ given: SourceFile) throws(DiagnosticList) -> (rows: [Row], problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        let isJSON = BatchFormat(path: given.name) == .jsonl
        let file: SourceFile
        do { file = try given.utf8Table() } catch { throw DiagnosticList([error]) }
        let text = String(decoding: file.bytes, as: UTF8.self)
        // (key, cell text, column for messages) per record, with the record's line.
        // Per cell: its key, text, the character column where it starts (for the location) and, in a
        // table, its field number (for the message, as `fazhi evaluate` counts columns).
        var records: [(line: Int, row: Int, cells: [(key: String, text: String, column: Int, field: Int)])] = []
        var headerColumns: [Int] = []
        if isJSON {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
                switch JSONObjectLine.parse(Array(line.utf8)) {
                case .success(let pairs):
                    records.append((i + 1, i + 1, pairs.map { ($0.key, $0.text, $0.column, 0) }))
                case .failure(let problem):
                    problems.append(Diagnostic.error("line \(i + 1): \(problem.message)", at: SourceLocation(source: file, start: Mark(line: i + 1, column: problem.column))))
                }
            }
        } else {
            let delimited = DelimitedText.records(text, separator: BatchFormat(path: file.name) == .tsv ? "\t" : ",")
            guard let header = delimited.first else {
                throw DiagnosticList([Diagnostic.error("empty table; expected a header row (id, name, level, then metric columns)", at: SourceLocation(file: file.name, line: 1, column: 1))])
            }
            let names = header.cells.map { $0.text.trimmingSpaces }
            headerColumns = header.cells.map(\.column)
            for (row, record) in delimited.enumerated().dropFirst() where !(record.cells.count == 1 && record.cells[0].text.isEmpty) {
                var cells: [(String, String, Int, Int)] = []
                for (i, cell) in record.cells.enumerated() {
                    guard i < names.count else {
                        problems.append(Diagnostic.error("row \(row + 1), column \(i + 1): \(record.cells.count) cells, but the header has \(names.count) columns",
                                                         at: SourceLocation(source: file, start: Mark(line: record.line, column: cell.column))))
                        break
                    }
                    cells.append((names[i], cell.text, cell.column, i + 1))
                }
                records.append((record.line, row + 1, cells))
            }
        }
        // Column roles, resolved once per name.
        var roles: [String: ColumnRole] = [:]
        var refused: Set<String> = []
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records {
            func at(_ column: Int) -> SourceLocation { SourceLocation(source: file, start: Mark(line: record.line, column: column)) }
            func place(_ field: Int, _ key: String) -> String {
                isJSON ? "line \(record.row): key \"\(Diagnostic.quoted(key))\"" : "row \(record.row), column \(field) (\(Diagnostic.quoted(key)))"
            }
            var unit = UnitInfo(id: "", name: "")
            var invented: String?
            var values = [Int64](repeating: UnitFacts.missing, count: plan.slots.count)
            var cells: [Int: Row.Cell] = [:]
            var idColumn = 1
            var given: [String: String] = [:]
            var ok = true
            for cell in record.cells {
                let role: ColumnRole
                if let known = roles[cell.key] { role = known } else {
                    switch columns.role(of: cell.key) {
                    case .success(let r): role = r
                    case .failure(let unknown):
                        if refused.insert(cell.key).inserted {
                            problems.append(Diagnostic.error(isJSON ? "line \(record.row): \(unknown.message)" : "column \(cell.field): \(unknown.message)",
                                                             at: isJSON ? at(cell.column) : SourceLocation(source: file, start: Mark(line: 1, column: headerColumns[cell.field - 1])),
                                                             hint: unknown.hint))
                        }
                        ok = false
                        continue
                    }
                    roles[cell.key] = role
                }
                let value = cell.text.trimmingSpaces
                // One thing given twice on a row (an id and its Chinese name, a duplicate key).
                let what: String?
                switch role {
                case .metric(let slot, _), .verdict(let slot), .event(let slot): what = "slot \(slot)"
                case .id: what = "id"
                case .name: what = "name"
                case .parent: what = "parent"
                case .level: what = "level"
                default: what = nil
                }
                if let what, !value.isEmpty {
                    if let first = given[what] {
                        problems.append(Diagnostic.error("\(place(cell.field, cell.key)): given twice on this row (also as \"\(Diagnostic.quoted(first))\"); expected each value once", at: at(cell.column)))
                        ok = false
                        continue
                    }
                    given[what] = cell.key
                }
                func refuse(_ problem: CellProblem, unit metricUnit: MetricUnit? = nil) {
                    let (message, hint) = problem.message(cell: value, unit: metricUnit)
                    problems.append(Diagnostic.error("\(place(cell.field, cell.key)): \(message)", at: at(cell.column), hint: hint))
                    ok = false
                }
                func read(_ reader: (UnsafePointer<UInt8>, Int) -> Result<Int64, CellProblem>) -> Result<Int64, CellProblem> {
                    var bytes = Array(value.utf8)
                    bytes.append(contentsOf: repeatElement(0, count: 16))  // the fast cell readers look ahead
                    return bytes.withUnsafeBufferPointer { reader($0.baseAddress!, value.utf8.count) }
                }
                switch role {
                case .id:
                    unit.id = value
                    idColumn = cell.column
                case .name: unit.name = value
                case .parent: if !value.isEmpty { unit.parent = value }
                case .invented: if !value.isEmpty, YesNo.parse(value) != false { invented = value }
                case .level(let slot, let table):
                    guard !value.isEmpty else { continue }
                    guard let level = UnitLevel.id(value) else { refuse(.unknownLevel); continue }
                    unit.level = level
                    if let slot, table >= 0 { values[slot] = plan.attributeCodes["level"]?[level] ?? 0 }
                case .attribute(let slot, _):
                    guard !value.isEmpty else { continue }
                    var name = cell.key.trimmingSpaces
                    for prefix in ["attr:", "attribute:", "属性:"] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
                    var normalized = UnitEvidence.normalizeAttribute(value)
                    if let slot, let table = plan.attributeCodes[name] {
                        if UnitEvidence.isYesNo(table.keys) {
                            guard let yes = YesNo.parse(value) else { refuse(.notBoolean); continue }
                            normalized = yes ? "true" : "false"
                        }
                        values[slot] = table[normalized] ?? 0
                    } else if BatchColumns.commonAttributes.contains(name), let yes = YesNo.parse(value) {
                        normalized = yes ? "true" : "false"  // a yes/no by its nature, tested or not
                    }
                    unit.attributes[name] = normalized
                case .metric(let slot, let metricUnit):
                    guard !value.isEmpty else { continue }
                    switch read({ Cells.metric($0, $1, unit: metricUnit) }) {
                    case .success(let v): values[slot] = v; cells[slot] = Row.Cell(line: record.line, text: value, location: at(cell.column), key: cell.key, field: cell.field)
                    case .failure(let p): refuse(p, unit: metricUnit)
                    }
                case .verdict(let slot):
                    guard !value.isEmpty else { continue }
                    switch read(Cells.verdict) {
                    case .success(let v): values[slot] = v; cells[slot] = Row.Cell(line: record.line, text: value, location: at(cell.column), key: cell.key, field: cell.field)
                    case .failure(let p): refuse(p)
                    }
                case .event(let slot):
                    guard !value.isEmpty else { continue }
                    switch read({ Cells.date($0, $1) }) {
                    case .success(let v): values[slot] = v; cells[slot] = Row.Cell(line: record.line, text: value, location: at(cell.column), key: cell.key, field: cell.field)
                    case .failure(let p): refuse(p)
                    }
                case .unused:
                    continue
                }
            }
            guard !unit.id.isEmpty else {
                if ok {
                    problems.append(Diagnostic.error(isJSON ? "line \(record.row): no unit id; expected an \"id\" key" : "row \(record.row): no unit id; expected a value in the id column",
                                                     at: at(idColumn)))
                }
                continue
            }
            if let first = seen[unit.id] {
                problems.append(Diagnostic.error("\(isJSON ? "line" : "row") \(record.row): duplicate unit id \"\(Diagnostic.quoted(unit.id))\" (first on \(isJSON ? "line" : "row") \(first)); expected each unit once",
                                                 at: at(idColumn)))
                continue
            }
            seen[unit.id] = record.row
            if unit.name.isEmpty { unit.name = unit.id }
            guard ok else { continue }
            rows.append(Row(unit: unit, invented: invented, values: values, cells: cells, location: at(idColumn), row: record.row))
        }
        if rows.isEmpty, problems.isEmpty {
            throw DiagnosticList([Diagnostic.error(isJSON ? "the file holds no units (no JSON objects)" : "the file has a header and no rows; expected one row per unit",
                                                   at: SourceLocation(file: file.name, line: 1, column: 1))])
        }
        return (rows, problems)
    }
}

/// RFC 4180 text: records with the line where each starts and the column (1-based, in characters)
/// where each cell starts. Quoted cells may hold separators, doubled quotes and line breaks.
package enum DelimitedText {
    package static func records(_ text: String, separator: Character) -> [(line: Int, cells: [(text: String, column: Int)])] {
        var records: [(line: Int, cells: [(text: String, column: Int)])] = []
        var cells: [(text: String, column: Int)] = []
        var cell = "", quoted = false, line = 1, column = 1, cellColumn = 1, recordLine = 1, justClosedQuote = false
        var iterator = text.drop(while: { $0 == "\u{FEFF}" }).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { cell.append("\""); column += 2; continue }
                        pending = n
                    }
                    quoted = false
                    justClosedQuote = true
                    column += 1
                    continue
                }
                cell.append(c)
                if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty && !justClosedQuote:
                quoted = true
                column += 1
            case separator:
                cells.append((cell, cellColumn))
                cell = ""
                justClosedQuote = false
                column += 1
                cellColumn = column
            case "\n", "\r\n", "\r":
                cells.append((cell, cellColumn))
                records.append((recordLine, cells))
                cells = []
                cell = ""
                justClosedQuote = false
                line += 1
                column = 1
                cellColumn = 1
                recordLine = line
            default:
                cell.append(c)
                column += 1
            }
        }
        if !cell.isEmpty || !cells.isEmpty { cells.append((cell, cellColumn)); records.append((recordLine, cells)) }
        return records
    }
}

/// One JSON Lines record: an object of scalars, as (key, text, column) in order. Strings are
/// unescaped; numbers keep their written digits; true/false as words; null as an empty cell.
enum JSONObjectLine {
    struct Problem: Error {
        var message: String
        var column: Int
    }

    static func parse(_ bytes: [UInt8]) -> Result<[(key: String, text: String, column: Int)], Problem> {
        var i = 0
        let n = bytes.count
        func skip() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 } }
        func column() -> Int { String(decoding: bytes[0..<min(i, n)], as: UTF8.self).count + 1 }
        func fail(_ message: String) -> Result<[(key: String, text: String, column: Int)], Problem> { .failure(Problem(message: message, column: column())) }
        func string() -> String? {
            guard i < n, bytes[i] == 0x22 else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < n {
                let b = bytes[i]
                if b == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { return nil }
                if b == 0x5C {
                    guard i + 1 < n else { return nil }
                    let e = bytes[i + 1]
                    i += 2
                    switch e {
                    case 0x22, 0x5C, 0x2F: out.append(e)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        func hex4() -> UInt32? {
                            guard i + 4 <= n, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
                            i += 4
                            return v
                        }
                        guard var scalar = hex4() else { return nil }
                        if scalar >= 0xD800, scalar < 0xDC00 {
                            guard i + 2 <= n, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
                            i += 2
                            guard let low = hex4(), low >= 0xDC00, low < 0xE000 else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let s = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: Array(String(Character(s)).utf8))
                    default:
                        return nil
                    }
                    continue
                }
                out.append(b)
                i += 1
            }
            return nil
        }
        skip()
        guard i < n, bytes[i] == 0x7B else { return fail("expected a JSON object { … } per line") }
        i += 1
        var pairs: [(key: String, text: String, column: Int)] = []
        var keys: Set<String> = []
        skip()
        if i < n, bytes[i] == 0x7D {
            i += 1
        } else {
            while true {
                skip()
                let keyColumn = column()
                guard let key = string() else { return fail("expected a key in double quotes (with valid escapes)") }
                guard keys.insert(key).inserted else { return .failure(Problem(message: "key \"\(Diagnostic.quoted(key))\" given twice; expected each key once", column: keyColumn)) }
                skip()
                guard i < n, bytes[i] == 0x3A else { return fail("expected : after the key") }
                i += 1
                skip()
                guard i < n else { return fail("expected a value") }
                let start = i
                let text: String
                switch bytes[i] {
                case 0x22:
                    guard let s = string() else { return fail("key \"\(Diagnostic.quoted(key))\": expected a string with valid escapes") }
                    text = s
                case 0x74 where bytes[i...].starts(with: Array("true".utf8)): i += 4; text = "true"
                case 0x66 where bytes[i...].starts(with: Array("false".utf8)): i += 5; text = "false"
                case 0x6E where bytes[i...].starts(with: Array("null".utf8)): i += 4; text = ""
                case 0x2D, 0x30...0x39:
                    while i < n, (0x30...0x39).contains(bytes[i]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(bytes[i]) { i += 1 }
                    text = String(decoding: bytes[start..<i], as: UTF8.self)
                default:
                    return fail("key \"\(Diagnostic.quoted(key))\": expected a string, a number, true, false or null")
                }
                pairs.append((key, text, keyColumn))
                skip()
                guard i < n else { return fail("expected , or } to go on") }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; break }
                return fail("expected , or }")
            }
        }
        skip()
        guard i == n else { return fail("expected the end of the line after the object") }
        return .success(pairs)
    }
}

/// A batch row written as the unit's YAML evidence document (docs/evidence-format.md): the form the
/// store keeps as a submission's record, so a unit's version reads the same whichever format it came in.
package enum EvidenceDocument {
    package static func yaml(_ row: BatchTable.Row, plan: EvaluationPlan) -> String {
        var out = "fazhi: 1\nunit:\n  id: \(quoted(row.unit.id))\n  name: \(quoted(row.unit.name))\n"
        if let level = row.unit.level { out += "  level: \(quoted(level))\n" }
        if let parent = row.unit.parent { out += "  parent: \(quoted(parent))\n" }
        if !row.unit.attributes.isEmpty {
            out += "  attributes:\n"
            for (name, value) in row.unit.attributes.sorted(by: { $0.key < $1.key }) { out += "    \(quoted(name)): \(quoted(value))\n" }
        }
        if let invented = row.invented { out += "invented: \(quoted(invented))\n" }
        for (section, wanted) in [("facts", 0), ("verdicts", 1), ("events", 2)] {
            var lines = ""
            for (slot, key) in plan.slots.enumerated() where row.values[slot] != UnitFacts.missing {
                let v = row.values[slot]
                switch key {
                case .metric(let id) where wanted == 0:
                    guard let unit = plan.catalog[id]?.unit else { continue }
                    lines += "  \(quoted(id)): \(metricText(v, unit))\n"
                case .verdict(let id) where wanted == 1:
                    lines += "  \(quoted(id)): \(Verdict(rawValue: v)?.word ?? "unmet")\n"
                case .event(let id) where wanted == 2:
                    lines += "  \(quoted(id)): \(CalendarDate(daysSinceEpoch: Int(v)).description)\n"
                default:
                    continue
                }
            }
            if !lines.isEmpty { out += "\(section):\n" + lines }
        }
        return out
    }

    /// A value in the form the YAML reader reads back to the same slot integer: rates as percentages
    /// (95.25%), yes/no as true/false, other numbers as plain decimals.
    static func metricText(_ v: Int64, _ unit: MetricUnit) -> String {
        let out = OutputBytes(capacity: 32)
        switch unit {
        case .boolean: return v == 0 ? "false" : "true"
        case .percent:
            out.append(scaled: Int(v), places: 4, trimZeros: true)
            out.append(0x25)
        default:
            out.append(scaled: Int(v), places: 6, trimZeros: true)
        }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A YAML double-quoted scalar.
    package static func quoted(_ s: String) -> String {
        // Most ids, names and keys need no escape: copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += (scalar.value < 0x10 ? "\\x0" : "\\x") + String(scalar.value, radix: 16, uppercase: true) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
