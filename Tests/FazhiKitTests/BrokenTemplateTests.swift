import FazhiKit
import FazhiSheets
import Foundation
import Testing
import ZIPFoundation

/// A filled template changed the ways people change them: each change reads correctly (columns
/// moved) or gives one located error naming the cell, what was expected and what was found.
@Suite struct BrokenTemplateTests {
    static let plan = try! workspace.plan("ningxia-2023-eight-actions")

    /// The ningcheng evidence as a filled workbook.
    static let filled: String = {
        let f = NSTemporaryDirectory() + "fazhi-broken-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        let path = f + "/filled.xlsx"
        try! workspace.template(plan, filledFrom: [example("ningcheng-2023.yaml")]).write(to: path)
        return path
    }()

    struct Sheet {
        var name: String
        var hidden: Bool
        var rows: [[Cell?]]
        var hiddenRows: Set<Int> = []
        var merged: [String] = []
        var filter: (column: Int, values: [String])?
    }

    /// Every sheet of a workbook as cells to write again.
    static func load(_ path: String) throws -> [Sheet] {
        let reader = try WorkbookReader(path: path)
        var sheets: [Sheet] = []
        for info in reader.sheets {
            var rows: [[Cell?]] = []
            _ = try reader.read(sheet: info) { row in
                while rows.count < row.number - 1 { rows.append([]) }
                var cells: [Cell?] = []
                for c in row.cells {
                    while cells.count < c.column - 1 { cells.append(nil) }
                    switch c.value {
                    case .text(let t): cells.append(.text(t))
                    case .number(let d, _):
                        let format: CellStyle.NumberFormat = c.format == .percent ? .percent : c.format == .date ? .date : .general
                        cells.append(Cell(.number(d), CellStyle(format: format)))
                    case .bool(let b): cells.append(Cell(.bool(b)))
                    case .error(let e): cells.append(Cell(.error(e)))
                    case .formulaWithoutValue(let f): cells.append(Cell(.formula(f, cached: nil)))
                    }
                }
                rows.append(cells)
            }
            sheets.append(Sheet(name: info.name, hidden: info.hidden, rows: rows))
        }
        return sheets
    }

    static func save(_ sheets: [Sheet], _ name: String) throws -> String {
        let book = Workbook()
        for s in sheets {
            let sheet = book.addSheet(s.name)
            sheet.hidden = s.hidden
            sheet.merged = s.merged
            if let filter = s.filter {
                sheet.autoFilter = true
                sheet.filter = filter
            }
            for (i, row) in s.rows.enumerated() { sheet.addRow(row, hidden: s.hiddenRows.contains(i + 1)) }
        }
        let path = (filled as NSString).deletingLastPathComponent + "/" + name
        try book.write(to: path)
        return path
    }

    /// The filled workbook with its 填报 sheet changed.
    static func changed(_ name: String, _ edit: (inout Sheet) throws -> Void) throws -> String {
        var sheets = try load(filled)
        let i = sheets.firstIndex { $0.name == "填报" }!
        try edit(&sheets[i])
        return try save(sheets, name)
    }

    /// The row (1-based) whose 字段 starts with `key`.
    static func row(_ sheet: Sheet, _ key: String) -> Int {
        sheet.rows.firstIndex { row in
            if row.count >= 12, case .text(let k)? = row[11]?.content { return k == key || k.hasPrefix(key + "@") }
            return false
        }! + 1
    }

    static func set(_ sheet: inout Sheet, _ key: String, column: Int = 8, _ cell: Cell?) -> Int {
        let r = row(sheet, key)
        while sheet.rows[r - 1].count < column { sheet.rows[r - 1].append(nil) }
        sheet.rows[r - 1][column - 1] = cell
        return r
    }

    func errors(_ path: String) -> [String] {
        problems { () throws(DiagnosticList) in try workspace.evaluate(Self.plan, evidence: [.file(path)]) }.map(\.description)
    }

    func scores(_ path: String) throws -> [String] {
        try workspace.evaluate(Self.plan, evidence: [.file(path)]).results.map { "\($0.unit.id) \($0.grade) \($0.score.numerator)/\($0.score.denominator) \($0.indicators.map(\.outcome.state))" }
    }

    @Test func copyReadsTheSame() throws {
        let copy = try Self.changed("copy.xlsx") { _ in }
        #expect(try scores(copy) == scores(Self.filled))
    }

    @Test func columnsMovedStillRead() throws {
        let path = try Self.changed("moved.xlsx") { sheet in
            for i in sheet.rows.indices {
                while sheet.rows[i].count < 12 { sheet.rows[i].append(nil) }
                sheet.rows[i].swapAt(7, 9)   // 填报值 ↔ 说明
                sheet.rows[i].swapAt(0, 11)  // 单位编码 ↔ 字段
            }
        }
        #expect(try scores(path) == scores(Self.filled))
    }

    @Test func sheetRenamed() throws {
        var sheets = try Self.load(Self.filled)
        sheets[1].name = "Sheet1"
        let path = try Self.save(sheets, "renamed.xlsx")
        let e = errors(path)
        #expect(e.count == 1)
        #expect(e.first?.contains("renamed.xlsx: the sheet \"填报\" is missing (sheets: 填报说明, Sheet1); expected the template's sheet \"填报\"") == true)
    }

    @Test func keyColumnDeleted() throws {
        let path = try Self.changed("nokey.xlsx") { sheet in
            for i in sheet.rows.indices where sheet.rows[i].count >= 12 { sheet.rows[i].removeLast(sheet.rows[i].count - 11) }
        }
        #expect(errors(path).first?.contains("nokey.xlsx:填报!A1: error: the header row has no column \"字段\"") == true)
    }

    @Test func textInACountCell() throws {
        var r = 0
        let path = try Self.changed("text.xlsx") { r = Self.set(&$0, "m:enforcement_supervision_inspections", .text("三件")) }
        let e = errors(path)
        #expect(e.count == 1)
        #expect(e.first?.contains("text.xlsx:填报!H\(r): error:") == true, "\(e)")
        #expect(e.first?.contains("expected a whole number, found \"三件\"") == true, "\(e)")
    }

    @Test func rateOver100Percent() throws {
        var r = 0
        let path = try Self.changed("150.xlsx") { r = Self.set(&$0, "m:court_appearance_rate", Cell(.number(1.5), CellStyle(format: .percent))) }
        let e = errors(path)
        #expect(e.first?.contains("150.xlsx:填报!H\(r): error:") == true, "\(e)")
        #expect(e.first?.contains("expected a percentage between 0% and 100%, found 150%") == true, "\(e)")
    }

    @Test func plainNinetyInARateCell() throws {
        var r = 0
        let path = try Self.changed("90.xlsx") { r = Self.set(&$0, "m:court_appearance_rate", Cell(.number(90))) }
        let e = errors(path)
        #expect(e.first?.contains("90.xlsx:填报!H\(r): error:") == true, "\(e)")
        #expect(e.first?.contains("did you mean 90%?") == true, "\(e)")
    }

    @Test func ninetyTypedIntoAPercentCell() throws {
        var r = 0
        let path = try Self.changed("9000.xlsx") { r = Self.set(&$0, "m:court_appearance_rate", Cell(.number(90), CellStyle(format: .percent))) }
        let e = errors(path)
        #expect(e.first?.contains("9000.xlsx:填报!H\(r): error: facts.court_appearance_rate: expected a percentage between 0% and 100%, found 9000%") == true, "\(e)")
        #expect(e.first?.contains("the cell has a % format, so 90 typed into it is 9000%; type 90% instead") == true, "\(e)")
    }

    @Test func binaryFloatRateReadsExactly() throws {
        // 0.9 as Excel stores it, under a % format: exactly 90%.
        let path = try Self.changed("float.xlsx") { _ = Self.set(&$0, "m:court_appearance_rate", Cell(.decimal("0.90000000000000002"), CellStyle(format: .percent))) }
        let evaluation = try workspace.evaluate(Self.plan, evidence: [.file(path)])
        let slot = Self.plan.slot(.metric("court_appearance_rate"))!
        #expect(evaluation.evidence[0].facts[slot] == 900_000)
    }

    @Test func dateInACountCell() throws {
        var r = 0
        let path = try Self.changed("date.xlsx") { r = Self.set(&$0, "m:enforcement_supervision_inspections", Cell(.date(CalendarDate(year: 2023, month: 5, day: 1)!), CellStyle(format: .date))) }
        let e = errors(path)
        #expect(e.first?.contains("date.xlsx:填报!H\(r): error: facts.enforcement_supervision_inspections: expected a count (a whole number), found a date (2023-05-01)") == true, "\(e)")
    }

    @Test func formulaWithoutSavedResult() throws {
        var r = 0
        let path = try Self.changed("formula.xlsx") { r = Self.set(&$0, "m:enforcement_supervision_inspections", Cell(.formula("SUM(1,2)", cached: nil))) }
        #expect(errors(path).first?.contains("formula.xlsx:填报!H\(r): error: facts.enforcement_supervision_inspections: the cell holds a formula (=SUM(1,2)) with no saved result") == true)
        // With its saved result it reads as the value.
        let saved = try Self.changed("formula2.xlsx") { _ = Self.set(&$0, "m:enforcement_supervision_inspections", Cell(.formula("SUM(1,2)", cached: 3))) }
        let slot = Self.plan.slot(.metric("enforcement_supervision_inspections"))!
        #expect(try workspace.evaluate(Self.plan, evidence: [.file(saved)]).evidence[0].facts[slot] == 3_000_000)
    }

    @Test func errorValue() throws {
        var r = 0
        let path = try Self.changed("na.xlsx") { r = Self.set(&$0, "m:court_appearance_rate", Cell(.error("#N/A"))) }
        #expect(errors(path).first?.contains("na.xlsx:填报!H\(r): error: facts.court_appearance_rate: the cell holds the error value #N/A") == true)
    }

    @Test func mergedCells() throws {
        let path = try Self.changed("merged.xlsx") { $0.merged = ["H20:H21"] }
        #expect(errors(path).first?.contains("merged.xlsx:填报!H20: error: cells H20:H21 are merged; expected one value per cell") == true)
    }

    @Test func hiddenRowWithAValue() throws {
        var r = 0
        let path = try Self.changed("hidden.xlsx") { sheet in
            r = Self.row(sheet, "m:court_appearance_rate")
            sheet.hiddenRows = [r]
        }
        #expect(errors(path).first?.contains("hidden.xlsx:填报!H\(r): error: row \(r) is hidden and holds a value") == true)
    }

    /// A unit that filters the sheet to its own rows and saves: the other units' rows are hidden by the
    /// filter and read as they are.
    @Test func rowsHiddenByAFilterAreRead() throws {
        let units = [UnitInfo(id: "ningcheng", name: "宁城县", level: "county"), UnitInfo(id: "xj", name: "西吉县", level: "county")]
        let base = (Self.filled as NSString).deletingLastPathComponent + "/two.xlsx"
        try workspace.template(Self.plan, units: units).write(to: base)
        var sheets = try Self.load(base)
        _ = Self.set(&sheets[1], "m:court_appearance_rate", Cell(.number(0.95), CellStyle(format: .percent)))
        sheets[1].filter = (column: 1, values: ["ningcheng"])
        for (i, row) in sheets[1].rows.enumerated() where i > 0 {
            if case .text("xj")? = row.first??.content { sheets[1].hiddenRows.insert(i + 1) }
        }
        #expect(sheets[1].hiddenRows.count > 10)
        let path = try Self.save(sheets, "filtered.xlsx")
        let evaluation = try workspace.evaluate(Self.plan, evidence: [.file(path)])
        #expect(evaluation.evidence.map(\.unit.id) == ["ningcheng"])
        // The same rows hidden by hand: refused.
        sheets[1].filter = nil
        let byHand = try Self.save(sheets, "byhand.xlsx")
        #expect(errors(byHand).first?.contains("is hidden and holds a value") == true)
    }

    @Test func twoValuesForOneInput() throws {
        var r = 0
        let path = try Self.changed("twice.xlsx") { sheet in
            let first = Self.row(sheet, "m:court_appearance_rate")
            sheet.rows.append(sheet.rows[first - 1])
            r = sheet.rows.count
        }
        let e = errors(path)
        #expect(e.first?.contains("twice.xlsx:填报!H\(r): error: a second value for m:court_appearance_rate") == true, "\(e)")
        #expect(e.first?.contains("note: first given here") == true)
    }

    /// An exemption is given once per indicator (its first row is the unlocked one); a second reason
    /// typed into another of its rows is refused, not silently dropped.
    @Test func twoExemptionsForOneIndicator() throws {
        var rows: [Int] = []
        var owner = ""
        let path = try Self.changed("exempt.xlsx") { sheet in
            var byOwner: [String: [Int]] = [:]
            var order: [String] = []
            for (i, row) in sheet.rows.enumerated() where row.count >= 12 {
                guard case .text(let key)? = row[11]?.content else { continue }
                let o: String? = key.hasPrefix("m:") ? key.split(separator: "@").last.map(String.init)
                    : ["v:", "e:"].contains(String(key.prefix(2))) ? String(key.dropFirst(2)) : nil
                guard let o, key.hasPrefix("m:") ? key.contains("@") : true else { continue }
                if byOwner[o] == nil { order.append(o) }
                byOwner[o, default: []].append(i + 1)
            }
            owner = order.first { byOwner[$0]!.count >= 2 } ?? ""
            rows = Array(byOwner[owner]?.prefix(2) ?? [])
            for r in rows {
                while sheet.rows[r - 1].count < 11 { sheet.rows[r - 1].append(nil) }
                sheet.rows[r - 1][10] = .text("经批准不适用")
            }
        }
        guard rows.count == 2 else { return }
        let e = errors(path)
        #expect(e.first?.contains("exempt.xlsx:填报!K\(rows[1]): error: a second exemption for \(owner)") == true, "\(e)")
    }

    @Test func valueOnARowWithoutKey() throws {
        let path = try Self.changed("nokeyrow.xlsx") { sheet in sheet.rows.append([nil, nil, nil, nil, nil, nil, nil, .text("95%")]) }
        let n = try Self.load(path)[1].rows.count
        #expect(errors(path).first?.contains("nokeyrow.xlsx:填报!H\(n): error: row \(n) holds a value but no 字段 key") == true)
    }

    @Test func unknownKey() throws {
        var r = 0
        let path = try Self.changed("badkey.xlsx") { r = Self.set(&$0, "m:court_appearance_rate", column: 12, .text("m:nonexistent")) }
        #expect(errors(path).first?.contains("badkey.xlsx:填报!L\(r): error: unknown 字段 \"m:nonexistent\"") == true)
    }

    @Test func badVerdictWord() throws {
        let key = Self.plan.slots.compactMap { if case .verdict(let id) = $0 { "v:" + id } else { nil } }.first!
        var r = 0
        let path = try Self.changed("verdict.xlsx") { r = Self.set(&$0, key, .text("达标")) }
        let e = errors(path)
        #expect(e.first?.contains("verdict.xlsx:填报!H\(r): error:") == true, "\(e)")
        #expect(e.first?.contains("expected met, partial or unmet") == true, "\(e)")
    }

    @Test func dateTypedAsPlainNumber() throws {
        guard let key = Self.plan.slots.compactMap({ if case .event(let id) = $0 { "e:" + id } else { nil } }).first else { return }
        var r = 0
        let path = try Self.changed("event.xlsx") { r = Self.set(&$0, key, Cell(.number(45000))) }
        #expect(errors(path).first?.contains("event.xlsx:填报!H\(r): error: \(key.replacingOccurrences(of: "e:", with: "events.")): expected a date (YYYY-MM-DD), found the number 45000") == true)
    }

    @Test func unitNotInTheTemplate() throws {
        let units = [UnitInfo(id: "yz", name: "原州区", level: "county"), UnitInfo(id: "xj", name: "西吉县", level: "county")]
        let base = (Self.filled as NSString).deletingLastPathComponent + "/units.xlsx"
        try workspace.template(Self.plan, units: units).write(to: base)
        var sheets = try Self.load(base)
        let r = Self.row(sheets[1], "m:court_appearance_rate")
        sheets[1].rows[r - 1][0] = .text("yzz")
        _ = Self.set(&sheets[1], "m:court_appearance_rate", Cell(.number(0.9), CellStyle(format: .percent)))
        let path = try Self.save(sheets, "stranger.xlsx")
        let e = errors(path)
        #expect(e.first?.contains("stranger.xlsx:填报!A\(r): error: unit \"yzz\" is not one of the units this template was made for") == true, "\(e)")
        #expect(e.first?.contains("did you mean \"yz\"?") == true)
    }

    @Test func anotherRulesetsTemplate() throws {
        let other = try workspace.plan("guyuan-2023-2025-creation")
        let path = (Self.filled as NSString).deletingLastPathComponent + "/guyuan.xlsx"
        try workspace.template(other).write(to: path)
        #expect(errors(path).first?.contains("guyuan.xlsx: the workbook is a template for ruleset \"guyuan-2023-2025-creation\"; expected one for \"ningxia-2023-eight-actions\"") == true)
    }

    @Test func notATemplate() throws {
        let book = Workbook()
        book.addSheet("Sheet1").addRow([.text("单位"), .text("出庭率")])
        let path = (Self.filled as NSString).deletingLastPathComponent + "/plain.xlsx"
        try book.write(to: path)
        #expect(errors(path).first?.contains("plain.xlsx: not a Fazhi template (it has no _fazhi sheet)") == true)
    }

    @Test func oldXLSRefused() throws {
        let path = (Self.filled as NSString).deletingLastPathComponent + "/old.xls"
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 100)).write(to: URL(fileURLWithPath: path))
        #expect(errors(path).first?.contains("old binary Excel workbook (.xls)") == true)
    }

    /// Every problem of a workbook in one run.
    @Test func everyProblemTogether() throws {
        let path = try Self.changed("many.xlsx") { sheet in
            _ = Self.set(&sheet, "m:court_appearance_rate", Cell(.number(90)))
            _ = Self.set(&sheet, "m:enforcement_supervision_inspections", .text("三件"))
        }
        #expect(errors(path).count == 2)
    }
}

/// Damaged copies of a good workbook (bytes overwritten here and there, or cut short): each is read
/// or refused with diagnostics, never a crash.
@Suite struct DamagedWorkbookTests {
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    @Test func damagedCopiesNeverCrash() throws {
        let plan = BrokenTemplateTests.plan
        let good = try Data(contentsOf: URL(fileURLWithPath: BrokenTemplateTests.filled))
        let folder = (BrokenTemplateTests.filled as NSString).deletingLastPathComponent
        // FAZHI_DAMAGE_COUNT=5000 FAZHI_DAMAGE_SEED=7 for a longer run by hand.
        let environment = ProcessInfo.processInfo.environment
        var random = Random(state: environment["FAZHI_DAMAGE_SEED"].flatMap(UInt64.init) ?? 20231231)
        var refused = 0
        for i in 0..<(environment["FAZHI_DAMAGE_COUNT"].flatMap(Int.init) ?? 120) {
            var bytes = [UInt8](good)
            if i % 10 == 9 {
                bytes = Array(bytes.prefix(random.next(bytes.count)))
            } else {
                for _ in 0..<(1 + random.next(8)) { bytes[random.next(bytes.count)] = UInt8(random.next(256)) }
            }
            let path = folder + "/damaged-\(i).xlsx"
            if ProcessInfo.processInfo.environment["FAZHI_DAMAGE_TRACE"] != nil { print("damaged", i) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try workspace.evaluate(plan, evidence: [.file(path)])
            } catch {
                refused += 1
                #expect(error.diagnostics.allSatisfy { $0.description.contains("damaged-\(i).xlsx") }, "\(error.diagnostics)")
            }
        }
        #expect(refused > 0)
    }

    /// The 填报 sheet's XML damaged with XML's own characters (so it stays UTF-8 and often parses):
    /// whatever the cells then say, each copy is read or refused with diagnostics.
    @Test func damagedSheetXMLNeverCrashes() throws {
        let plan = BrokenTemplateTests.plan
        let archive = try Archive(url: URL(fileURLWithPath: BrokenTemplateTests.filled), accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
        }
        let sheet = [UInt8](parts["xl/worksheets/sheet2.xml"]!)
        let alphabet = Array("<>/=\"' &;#:aAcrstvf0123456789!-?.%".utf8)
        var random = Random(state: ProcessInfo.processInfo.environment["FAZHI_DAMAGE_SEED"].flatMap(UInt64.init) ?? 5)
        let folder = (BrokenTemplateTests.filled as NSString).deletingLastPathComponent
        for i in 0..<(ProcessInfo.processInfo.environment["FAZHI_DAMAGE_COUNT"].flatMap(Int.init) ?? 60) {
            var s = sheet
            for _ in 0..<(1 + random.next(6)) { s[random.next(s.count)] = alphabet[random.next(alphabet.count)] }
            var copy = parts
            copy["xl/worksheets/sheet2.xml"] = Data(s)
            let path = folder + "/xmldamage-\(i % 10).xlsx"
            try? FileManager.default.removeItem(atPath: path)
            let out = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for (name, data) in copy.sorted(by: { $0.key < $1.key }) {
                try out.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                    data.subdata(in: Int(pos)..<Int(pos) + size)
                }
            }
            do {
                _ = try workspace.evaluate(plan, evidence: [.file(path)])
            } catch {
                #expect(!error.diagnostics.isEmpty)
            }
        }
    }
}
