import FazhiBase
import FazhiCore
import FazhiBatch
package import FazhiSheets

/// Reads a filled template (`fazhi template`) back into units' evidence. Each unit becomes the same
/// document tree a YAML evidence file gives (unit, facts, verdicts, events, exemptions), with every
/// node located at its cell, and goes through the one `EvidenceReader`: a value means the same in
/// every format, and a bad one is reported as `file.xlsx:填报!H12: error: …`.
///
/// Cells are turned into the text the reader takes, by what the file stores: a number under a `%`
/// format is a fraction (0.9 → 90%; Excel's 0.90000000000000002 is the double nearest 0.9, read as
/// its shortest decimal), a plain number is written as its shortest decimal (so 90 in a rate cell is
/// refused with "did you mean 90%?", as in YAML and CSV), a number under a date format is a date
/// (1900 or 1904 system), TRUE/FALSE are 是/否. Formulas give their saved result; one without a saved
/// result, and error values (#N/A), are refused at the cell.
package struct SheetEvidence {
    package struct Unit {
        /// The unit's evidence document (what a YAML file would hold), located at cells.
        package var document: Document
        package var id: String
    }

    let plan: EvaluationPlan
    let path: String
    let limits: SheetLimits

    package init(plan: EvaluationPlan, path: String, limits: SheetLimits = .default) {
        self.plan = plan
        self.path = path
        self.limits = limits
    }

    package static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") || lower.hasSuffix(".xls") || lower.hasSuffix(".xltx")
    }

    /// Every unit of the workbook read as evidence; all problems together.
    package func read(_ reader: EvidenceReader) throws(DiagnosticList) -> [UnitEvidence] {
        let documents = try documents()
        var problems: [Diagnostic] = []
        var out: [UnitEvidence] = []
        for unit in documents {
            do { out.append(try reader.read(unit.document)) } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return out
    }

    /// A unit's rows as they are gathered.
    private struct Gathered {
        var id: String
        var idCell: (Int, Int)
        var name: String?
        var nameCell: (Int, Int)?
        var unitPairs: [Node.Pair] = []
        var period: Node?
        var asOf: Node?
        var attributes: [Node.Pair] = []
        var facts: [Node.Pair] = []
        var verdicts: [Node.Pair] = []
        var events: [Node.Pair] = []
        var exemptions: [Node.Pair] = []
        var given: [String: (Int, Int)] = [:]
        var values = 0
    }

    /// The workbook's units as evidence documents, before the evidence reader's checks.
    package func documents() throws(DiagnosticList) -> [Unit] {
        let book: WorkbookReader
        do { book = try WorkbookReader(path: path, limits: limits) } catch { throw DiagnosticList([error]) }
        func fail(_ message: String, hint: String? = nil) -> DiagnosticList { DiagnosticList([Diagnostic.error("\(path): \(message)", at: nil, hint: hint)]) }

        // The hidden sheet: which ruleset, which layout, which units.
        guard let meta = book.sheet(named: SheetTemplate.metaSheet) else {
            throw fail("not a Fazhi template (it has no \(SheetTemplate.metaSheet) sheet); expected a workbook made by fazhi template --ruleset \(plan.ruleset.id)",
                        hint: "make one with: fazhi template --ruleset \(plan.ruleset.id) --output 填报模板.xlsx, and copy the values into it")
        }
        var info: [String: [String]] = [:]
        var templateUnits: [String] = []
        do {
            _ = try book.read(sheet: meta) { row in
                let texts = row.cells.map { $0.text ?? (($0.value).numberText ?? "") }
                guard let key = texts.first else { return }
                if key == "unit", texts.count > 1 { templateUnits.append(texts[1]) } else { info[key] = Array(texts.dropFirst()) }
            }
        } catch {
            throw DiagnosticList([(error as? Diagnostic) ?? Diagnostic.error("\(path): \(error)", at: nil)])
        }
        if info["format"]?.first != SheetTemplate.format {
            throw fail("the \(SheetTemplate.metaSheet) sheet is not a Fazhi template's (format \(info["format"]?.first ?? "missing")); expected \(SheetTemplate.format)")
        }
        let rulesetID = info["ruleset"]?.first ?? ""
        if rulesetID != plan.ruleset.id {
            throw fail("the workbook is a template for ruleset \"\(rulesetID)\"; expected one for \"\(plan.ruleset.id)\"",
                        hint: "evaluate it with --ruleset \(rulesetID), or fill a template made with fazhi template --ruleset \(plan.ruleset.id)")
        }
        if let hash = info["hash"]?.first, hash != plan.ruleset.contentHash {
            throw fail("the workbook was made for another version of ruleset \"\(rulesetID)\" (content hash \(hash.prefix(12))…, now \(plan.ruleset.contentHash.prefix(12))…); expected a template of this version",
                        hint: "make a new template (fazhi template --ruleset \(rulesetID)) and copy the values into it")
        }
        let sheetName = info["sheet"]?.first ?? SheetTemplate.dataSheet
        guard let data = book.sheet(named: sheetName) else {
            let found = book.sheets.filter { !$0.hidden }.map(\.name).joined(separator: ", ")
            throw fail("the sheet \"\(sheetName)\" is missing (sheets: \(found)); expected the template's sheet \"\(sheetName)\"",
                        hint: "rename the sheet back to \(sheetName)")
        }
        let source = SourceFile(name: path, sheet: sheetName)
        let known = Set(templateUnits)

        // Keys the plan reads.
        let layout = SheetLayout(plan: plan, withIdentity: true)
        var kinds: [String: SheetLayout.Kind] = [:]
        for input in layout.unitInputs + layout.inputs { kinds[input.key] = input.kind }

        var problems: [Diagnostic] = []
        var hiddenWithValue: [Diagnostic] = []
        var columns: [SheetTemplate.Column: Int] = [:]
        var units: [String: Gathered] = [:]
        var order: [String] = []
        var blockUnit: String?
        var blockName: String?
        var blockNameCell: (Int, Int)?
        let date1904 = book.date1904
        func at(_ row: Int, _ column: Int) -> SourceLocation { SourceLocation(file: path, sheet: sheetName, row: row, column: column) }
        func node(_ text: String, _ row: Int, _ column: Int) -> Node {
            Node(.scalar(Node.Scalar(text, style: .doubleQuoted)), start: Mark(line: row, column: column), end: Mark(line: row, column: column))
        }
        func pair(_ key: String, _ value: Node) -> Node.Pair { Node.Pair(key: Node(.scalar(Node.Scalar(key)), start: value.start, end: value.end), value: value) }
        func mapping(_ pairs: [Node.Pair], _ row: Int, _ column: Int) -> Node {
            Node(.mapping(pairs), start: Mark(line: row, column: column), end: Mark(line: row, column: column))
        }

        let summary: SheetSummary
        do {
            summary = try book.read(sheet: data) { row in
                if problems.count >= 200 { return }
                if columns.isEmpty {
                    // The header row: columns by name.
                    for cell in row.cells {
                        if let name = cell.text?.trimmingSpaces, let column = SheetTemplate.Column(rawValue: name) {
                            if columns[column] != nil {
                                problems.append(Diagnostic.error("column \"\(name)\" appears twice in the header row; expected it once", at: at(row.number, cell.column)))
                            }
                            columns[column] = cell.column
                        }
                    }
                    let missing = [SheetTemplate.Column.value, .key, .unitID].filter { columns[$0] == nil }
                    if !missing.isEmpty {
                        problems.append(Diagnostic.error("the header row has no column \(missing.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")); expected the template's columns (\(SheetTemplate.Column.allCases.map(\.rawValue).joined(separator: ", ")))",
                                                         at: at(row.number, 1), hint: "a column was deleted or renamed: make a new template and copy the values into it"))
                        throw DiagnosticList(problems)
                    }
                    return
                }
                var byColumn: [Int: SheetCell] = [:]
                for cell in row.cells { byColumn[cell.column] = cell }
                func cell(_ c: SheetTemplate.Column) -> SheetCell? { columns[c].flatMap { byColumn[$0] } }
                func filled(_ c: SheetTemplate.Column) -> SheetCell? {
                    guard let x = cell(c), !x.isBlank else { return nil }
                    return x
                }
                let inputs: [SheetTemplate.Column] = [.value, .evidence, .note, .exemption]
                let hasInput = inputs.contains { filled($0) != nil }
                guard let keyCell = filled(.key) else {
                    if hasInput {
                        let c = inputs.first { filled($0) != nil }!
                        problems.append(Diagnostic.error("row \(row.number) holds a value but no 字段 key; expected a row of the template (rows typed in by hand are not read)",
                                                         at: at(row.number, columns[c]!), hint: "enter the value on the template's row for it"))
                    }
                    return
                }
                let key = keyCell.text?.trimmingSpaces ?? ""
                guard let kind = kinds[key] else {
                    problems.append(Diagnostic.error("unknown 字段 \"\(key)\"; expected a key the template wrote for ruleset \"\(plan.ruleset.id)\"", at: at(row.number, keyCell.column),
                                                     hint: "do not edit the 字段 column"))
                    return
                }
                if row.hidden, hasInput {
                    // Decided at the end: rows a filter hides (a unit showing only its own rows) are
                    // read; rows hidden by hand that hold a value are refused.
                    hiddenWithValue.append(Diagnostic.error("row \(row.number) is hidden and holds a value; expected every filled row to be visible",
                                                            at: at(row.number, columns[.value]!),
                                                            hint: "show the rows again (选中上下两行 → 右键 → 取消隐藏) and check them, then save"))
                }
                // The unit the row belongs to.
                if kind == .unitID {
                    guard let v = filled(.value) else {
                        problems.append(Diagnostic.error("the unit's id (单位编码) is empty; expected the unit's id", at: at(row.number, columns[.value]!)))
                        blockUnit = nil
                        return
                    }
                    blockUnit = Self.text(v)
                    blockName = nil
                    return
                }
                if kind == .unitName {
                    blockName = filled(.value).map(Self.text)
                    blockNameCell = (row.number, columns[.value]!)
                    return
                }
                let idCell = filled(.unitID)
                guard let id = idCell.map(Self.text) ?? blockUnit else {
                    if hasInput {
                        problems.append(Diagnostic.error("row \(row.number) belongs to no unit; expected a 单位编码 in column \(SourceLocation.columnName(columns[.unitID]!)) or a 单位编码 row above it",
                                                         at: at(row.number, columns[.unitID]!)))
                    }
                    return
                }
                if !known.isEmpty, !known.contains(id) {
                    problems.append(Diagnostic.error("unit \"\(id)\" is not one of the units this template was made for; expected one of its \(known.count) units",
                                                     at: at(row.number, columns[.unitID]!), hint: Suggest.closest(to: id, among: known).map { "did you mean \"\($0)\"?" }))
                    return
                }
                if units[id] == nil {
                    let nameCell = filled(.unitName)
                    units[id] = Gathered(id: id, idCell: (row.number, idCell?.column ?? columns[.value]!), name: nameCell.map(Self.text) ?? blockName,
                                         nameCell: nameCell.map { (row.number, $0.column) } ?? blockNameCell)
                    order.append(id)
                }
                var unit = units[id]!
                defer { units[id] = unit }
                let valueColumn = columns[.value]!
                if let first = unit.given[key], filled(.value) != nil {
                    problems.append(Diagnostic(.error, "a second value for \(key) of unit \"\(id)\"; expected one value for each input",
                                               at: at(row.number, valueColumn), notes: [.init("first given here", at: at(first.0, first.1))]))
                    return
                }
                // Exemption, on any row of the indicator.
                if let x = filled(.exemption) {
                    let owner = key.split(separator: "@").last.map(String.init).flatMap { $0.hasPrefix("m:") ? nil : $0 }
                    let indicator = layout.inputs.first { $0.key == key }?.owner ?? owner
                    if let indicator, let first = unit.given["exemption " + indicator] {
                        problems.append(Diagnostic(.error, "a second exemption for \(indicator) of unit \"\(id)\"; expected one reason for each indicator",
                                                   at: at(row.number, x.column), notes: [.init("first given here", at: at(first.0, first.1))]))
                    } else if let indicator {
                        unit.given["exemption " + indicator] = (row.number, x.column)
                        unit.exemptions.append(pair(indicator, mapping([pair("justification", node(Self.text(x), row.number, x.column))], row.number, x.column)))
                    }
                }
                guard let v = filled(.value) else { return }
                unit.given[key] = (row.number, valueColumn)
                var text: String
                switch Self.convert(v, kind: kind, date1904: date1904) {
                case .success(let t): text = t
                case .failure(let problem):
                    problems.append(Diagnostic.error("\(Self.path(kind)): \(problem.message)", at: at(row.number, v.column), hint: problem.hint))
                    return
                }
                let value = node(text, row.number, v.column)
                var extra: [Node.Pair] = []
                let evidence = filled(.evidence).map(Self.text)
                let note = filled(.note).map(Self.text)
                switch kind {
                case .level:
                    text = SheetLayout.level(fromCell: text) ?? text
                    unit.unitPairs.append(pair("level", node(text, row.number, v.column)))
                case .parent:
                    unit.unitPairs.append(pair("parent", value))
                case .period:
                    unit.period = value
                case .asOf:
                    unit.asOf = value
                case .attribute(let a):
                    unit.attributes.append(pair(a, value))
                case .metric(let m):
                    unit.values += 1
                    if let evidence { extra.append(pair("document", node(evidence, row.number, columns[.evidence]!))) }
                    if let note { extra.append(pair("note", node(note, row.number, columns[.note]!))) }
                    unit.facts.append(pair(m.id, extra.isEmpty ? value : mapping([pair("value", value)] + extra, row.number, v.column)))
                case .verdict(let id):
                    unit.values += 1
                    if let evidence { extra.append(pair("source", node(evidence, row.number, columns[.evidence]!))) }
                    if let note { extra.append(pair("note", node(note, row.number, columns[.note]!))) }
                    unit.verdicts.append(pair(id, extra.isEmpty ? value : mapping([pair("verdict", value)] + extra, row.number, v.column)))
                case .event(let id):
                    unit.values += 1
                    if let evidence { extra.append(pair("source", node(evidence, row.number, columns[.evidence]!))) }
                    if let note { extra.append(pair("note", node(note, row.number, columns[.note]!))) }
                    unit.events.append(pair(id, extra.isEmpty ? value : mapping([pair("done", value)] + extra, row.number, v.column)))
                case .indicatorOnly:
                    problems.append(Diagnostic.error("this row asks for no value (its figures are given on an earlier row); expected the cell empty", at: at(row.number, v.column)))
                case .unitID, .unitName:
                    break
                }
            }
        } catch let list as DiagnosticList {
            throw DiagnosticList(list.diagnostics)
        } catch {
            throw DiagnosticList([(error as? Diagnostic) ?? Diagnostic.error("\(path): \(error)", at: nil)])
        }
        if columns.isEmpty {
            problems.append(Diagnostic.error("the sheet is empty; expected the template's header row and rows", at: at(1, 1)))
        }
        if !summary.filtered { problems += hiddenWithValue }
        for range in summary.merged where range.lastRow >= 2 {
            problems.append(Diagnostic.error("cells \(range) are merged; expected one value per cell", at: at(range.firstRow, range.firstColumn),
                                             hint: "unmerge them (合并后居中 → 取消单元格合并) and give each row its own value"))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }

        var out: [Unit] = []
        for id in order {
            let u = units[id]!
            // Units with no value at all (a 3,000-unit template where a unit filled nothing yet) are left out.
            guard u.values > 0 || !u.exemptions.isEmpty else { continue }
            let (r, c) = u.idCell
            var unitPairs = [pair("id", node(u.id, r, c))]
            let nameAt = u.nameCell ?? u.idCell
            unitPairs.append(pair("name", node(u.name ?? u.id, nameAt.0, nameAt.1)))
            unitPairs += u.unitPairs
            if !u.attributes.isEmpty { unitPairs.append(pair("attributes", mapping(u.attributes, r, c))) }
            var top = [pair("fazhi", node("1", r, c)), pair("unit", mapping(unitPairs, r, c))]
            if let period = u.period { top.append(pair("period", period)) }
            if let asOf = u.asOf { top.append(pair("asOf", asOf)) }
            for (name, pairs) in [("facts", u.facts), ("verdicts", u.verdicts), ("events", u.events), ("exemptions", u.exemptions)] where !pairs.isEmpty {
                top.append(pair(name, mapping(pairs, r, c)))
            }
            out.append(Unit(document: Document(source: source, root: mapping(top, r, c), index: out.count), id: id))
        }
        if out.isEmpty {
            throw fail("no unit in sheet \"\(sheetName)\" has any value filled in; expected the 填报值 of at least one unit")
        }
        return out
    }

    /// A unit's document as YAML text (the form the store keeps a submission in): mappings in block
    /// style, every scalar double-quoted, a comment naming the cell each value came from.
    package static func yaml(_ root: Node) -> String {
        var out = ""
        // The same double-quoted scalars as a batch row's document (control characters escaped, not dropped).
        let quoted = EvidenceDocument.quoted
        func emit(_ node: Node, indent: Int) {
            guard let pairs = node.mapping else { return }
            let pad = String(repeating: "  ", count: indent)
            for p in pairs {
                let key = p.key.scalar?.text ?? ""
                if let scalar = p.value.scalar {
                    let text = key == "fazhi" || key == "period" ? scalar.text : quoted(scalar.text)
                    out += "\(pad)\(quoted(key)): \(text)  # \(SourceLocation.columnName(Int(p.value.start.column)))\(p.value.start.line)\n"
                } else {
                    out += "\(pad)\(quoted(key)):\n"
                    emit(p.value, indent: indent + 1)
                }
            }
        }
        emit(root, indent: 0)
        return out
    }

    static func text(_ cell: SheetCell) -> String {
        switch cell.value {
        case .text(let t): return t.trimmingSpaces
        case .number(let d, _): return SheetNumbers.decimal(d)
        case .bool(let b): return b ? "是" : "否"
        case .error(let e): return e
        case .formulaWithoutValue(let f): return "=" + f
        }
    }

    struct Problem: Error {
        var message: String
        var hint: String?
    }

    /// The text the evidence reader takes for a cell, by what the input expects and what the cell holds.
    static func convert(_ cell: SheetCell, kind: SheetLayout.Kind, date1904: Bool) -> Result<String, Problem> {
        switch cell.value {
        case .error(let e):
            return .failure(Problem(message: "the cell holds the error value \(e); expected a value, or nothing", hint: "fix the formula or type the value"))
        case .formulaWithoutValue(let f):
            return .failure(Problem(message: "the cell holds a formula (=\(f)) with no saved result; expected a value",
                                    hint: "open the workbook in Excel or WPS and save it (that stores the result), or type the value"))
        case .text(let t):
            return .success(t.trimmingSpaces)
        case .bool(let b):
            switch kind {
            case .verdict: return .success(b ? "达到" : "未达到")
            default: return .success(b ? "是" : "否")
            }
        case .number(let d, _):
            if cell.format == .date {
                guard let date = SheetNumbers.date(serial: d, date1904: date1904) else {
                    return .failure(Problem(message: "the cell holds a date and time (serial \(SheetNumbers.decimal(d))); expected a value without a time of day"))
                }
                switch kind {
                case .event, .asOf: return .success(date.description)
                default:
                    return .failure(Problem(message: "expected \(expectation(kind)), found a date (\(date))", hint: "the cell has a date format: set it to 常规 (General) and type the value"))
                }
            }
            switch kind {
            case .metric(let m):
                switch m.unit {
                case .percent:
                    if cell.format == .percent, d > 1 {
                        return .failure(Problem(message: "expected a percentage between 0% and 100%, found \(SheetNumbers.percent(d))",
                                                hint: d >= 2 && d <= 100 ? "the cell has a % format, so \(SheetNumbers.decimal(d)) typed into it is \(SheetNumbers.percent(d)); type \(SheetNumbers.decimal(d))% instead" : nil))
                    }
                    return .success(cell.format == .percent ? SheetNumbers.percent(d) : SheetNumbers.decimal(d))
                case .boolean:
                    if d == 1 { return .success("是") }
                    if d == 0 { return .success("否") }
                    return .success(SheetNumbers.decimal(d))
                default:
                    return .success(cell.format == .percent ? SheetNumbers.percent(d) : SheetNumbers.decimal(d))
                }
            case .event, .asOf:
                return .failure(Problem(message: "expected a date (YYYY-MM-DD), found the number \(SheetNumbers.decimal(d))",
                                        hint: "type the date as 2023-06-30, or give the cell a date format"))
            default:
                return .success(SheetNumbers.decimal(d))
            }
        }
    }

    /// Where the value goes in the evidence document, as the evidence reader's messages name it.
    static func path(_ kind: SheetLayout.Kind) -> String {
        switch kind {
        case .metric(let m): "facts.\(m.id)"
        case .verdict(let id): "verdicts.\(id)"
        case .event(let id): "events.\(id)"
        case .attribute(let a): "unit.attributes.\(a)"
        case .level: "unit.level"
        case .parent: "unit.parent"
        case .unitID: "unit.id"
        case .unitName: "unit.name"
        case .period: "period"
        case .asOf: "asOf"
        case .indicatorOnly: "(no input)"
        }
    }

    static func expectation(_ kind: SheetLayout.Kind) -> String {
        switch kind {
        case .metric(let m):
            switch m.unit {
            case .percent: "a percentage"
            case .count: "a count (a whole number)"
            case .boolean: "是 or 否"
            case .score: "a score"
            default: "a number of \(m.unit.rawValue)"
            }
        case .verdict: "a verdict (达到 / 部分达到 / 未达到)"
        case .event: "a date"
        default: "text"
        }
    }
}

extension CellValue {
    var numberText: String? {
        if case .number(let d, _) = self { return SheetNumbers.decimal(d) }
        return nil
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, line breaks and ideographic spaces.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        func space(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{3000}" || s == "\u{A0}" }
        while start < end, space(scalars[start]) { start = scalars.index(after: start) }
        while end > start, space(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
