import FazhiBase
import FazhiSheets
import Foundation
import Testing
import ZIPFoundation

@Suite struct ReadingTests {
    /// Each value type as Excel and WPS store it.
    @Test func excelValues() throws {
        let strings = Fixture.sharedStrings([
            "<si><t>达到</t></si>",
            #"<si><r><rPr><b/></rPr><t>宁城</t></r><r><t xml:space="preserve">县 司法局</t></r></si>"#,
            #"<si><t>固原</t><rPh sb="0" eb="2"><t>guyuan</t></rPh></si>"#,
        ])
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" s="1"><v>0.90000000000000002</v></c><c r="B2" s="5"><v>0.95499999999999996</v></c><c r="C2"><v>3</v></c><c r="D2" s="7"><v>2.5</v></c></row>
            <row r="3"><c r="A3" s="3"><v>45000</v></c><c r="B3" s="4"><v>45291</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>内联</t></is></c><c r="B4" t="str"><f>A1&amp;"!"</f><v>达到!</v></c><c r="C4"><f>1+1</f><v>2</v></c><c r="D4"><f>SUM(A1:A2)</f></c></row>
            <row r="6" hidden="1"><c r="B6" s="6"/><c r="C6" t="s"><v>0</v></c></row>
            """
        let path = try Fixture.write("values.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet(rows), "xl/sharedStrings.xml": strings])
        let read = try Fixture.rows(path)
        #expect(read.map(\.number) == [1, 2, 3, 4, 6])
        #expect(read[0].cells.map(\.text) == ["达到", "宁城县 司法局", "固原"])
        let a2 = read[1].cells[0]
        #expect(a2.format == .percent)
        guard case .number(let d, let text) = a2.value else { Issue.record("A2 not a number"); return }
        #expect(text == "0.90000000000000002")
        #expect(SheetNumbers.decimal(d) == "0.9")
        #expect(SheetNumbers.percent(d) == "90%")
        guard case .number(let b2, _) = read[1].cells[1].value else { Issue.record("B2"); return }
        #expect(read[1].cells[1].format == .percent)
        #expect(SheetNumbers.percent(b2) == "95.5%")
        #expect(read[1].cells[2].format == .general)
        #expect(read[1].cells[3].format == .other)
        #expect(read[2].cells[0].format == .date)
        #expect(read[2].cells[1].format == .date)
        guard case .number(let serial, _) = read[2].cells[0].value else { Issue.record("A3"); return }
        #expect(SheetNumbers.date(serial: serial, date1904: false)?.description == "2023-03-15")
        #expect(SheetNumbers.date(serial: 45291, date1904: false)?.description == "2023-12-31")
        #expect(read[2].cells[2].value == .bool(true))
        #expect(read[2].cells[3].value == .error("#N/A"))
        #expect(read[3].cells[0].value == .text("内联"))
        #expect(read[3].cells[1].value == .text("达到!"))
        #expect(read[3].cells[1].isFormula)
        #expect(read[3].cells[2].value == .number(2, text: "2"))
        #expect(read[3].cells[3].value == .formulaWithoutValue("SUM(A1:A2)"))
        #expect(read[4].hidden)
        // A styled empty cell is no cell.
        #expect(read[4].cells.map(\.reference) == ["C6"])
    }

    @Test func date1904System() throws {
        let path = try Fixture.write("d1904.xlsx", parts: ["xl/workbook.xml": Fixture.workbook(date1904: true),
                                                           "xl/worksheets/sheet1.xml": Fixture.sheet(#"<row r="1"><c r="A1" s="3"><v>43829</v></c></row>"#)])
        let reader = try WorkbookReader(path: path)
        #expect(reader.date1904)
        var serial = 0.0
        _ = try reader.read(sheet: reader.sheets[0]) { row in
            if case .number(let d, _) = row.cells[0].value { serial = d }
        }
        #expect(SheetNumbers.date(serial: serial, date1904: true)?.description == "2023-12-31")
        #expect(SheetNumbers.date(serial: 0, date1904: true)?.description == "1904-01-01")
    }

    @Test func sheetsMergesAndNamespaces() throws {
        let sheet2 = #"<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:C2"/></x:mergeCells></x:worksheet>"#
        let path = try Fixture.write("two.xlsx", parts: [
            "xl/worksheets/sheet1.xml": Fixture.sheet(""), "xl/worksheets/sheet2.xml": sheet2,
        ], sheetNames: ["说明", "填报"])
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["说明", "填报"])
        var rows: [SheetRow] = []
        let summary = try reader.read(sheet: reader.sheet(named: "填报")!) { rows.append($0) }
        #expect(rows.first?.cells.first?.value == .text("x"))
        #expect(summary.merged.map(\.description) == ["A1:C2"])
    }

    @Test(arguments: [
        (0.9, "0.9", "90%"), (1.0, "1", "100%"), (0.955, "0.955", "95.5%"), (1e-7, "0.0000001", "0.00001%"), (0.0, "0", "0%"),
        (12345678.0, "12345678", "1234567800%"), (1.5, "1.5", "150%"), (0.1 + 0.2, "0.3", "30%"), (95.7 / 100, "0.957", "95.7%"), (0.123456789012345678, "0.123456789012346", "12.3456789012346%"),
    ])
    func decimals(value: Double, decimal: String, percent: String) {
        #expect(SheetNumbers.decimal(value) == decimal)
        #expect(SheetNumbers.percent(value) == percent)
    }

    @Test func formatCodes() {
        #expect(NumberFormatKind.classify(id: 164, code: "0.0%") == .percent)
        #expect(NumberFormatKind.classify(id: 165, code: "yyyy\\-mm\\-dd") == .date)
        #expect(NumberFormatKind.classify(id: 166, code: "[$-804]yyyy\"年\"m\"月\"d\"日\";@") == .date)
        #expect(NumberFormatKind.classify(id: 167, code: "0.00_ ") == .other)
        #expect(NumberFormatKind.classify(id: 168, code: "#,##0") == .other)
        #expect(NumberFormatKind.classify(id: 169, code: "\"%\"0") == .other)
        #expect(NumberFormatKind.classify(id: 10, code: nil) == .percent)
        #expect(NumberFormatKind.classify(id: 49, code: nil) == .text)
    }

    /// 100,000 rows go through the callback one at a time; the reader keeps none of them.
    @Test func hundredThousandRows() throws {
        // FAZHI_SHEET_ROWS=1000000 to measure a larger sheet by hand (the test asserts no memory figure:
        // other tests run beside it in the same process).
        let count = Int(ProcessInfo.processInfo.environment["FAZHI_SHEET_ROWS"] ?? "") ?? 100_000
        var xml = ""
        xml.reserveCapacity(count * 60)
        for r in 1...count { xml += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c><c r=\"B\(r)\" t=\"inlineStr\"><is><t>单位\(r)</t></is></c></row>" }
        let path = try Fixture.write("big.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet(xml)])
        xml = ""
        let reader = try WorkbookReader(path: path)
        var seen = 0, sum = 0.0, widest = 0
        let before = Self.residentKB()
        var peak = before
        let summary = try reader.read(sheet: reader.sheets[0]) { row in
            seen += 1
            if seen % 10_000 == 0 { peak = max(peak, Self.residentKB()) }
            widest = max(widest, row.cells.count)
            if case .number(let d, _) = row.cells[0].value { sum += d }
        }
        if ProcessInfo.processInfo.environment["FAZHI_SHEET_ROWS"] != nil {
            print("rows \(count): resident before reading \(before / 1024) MiB, at most \(peak / 1024) MiB while reading")
        }
        #expect(seen == count)
        #expect(summary.rows == count)
        #expect(summary.cells == 2 * count)
        #expect(widest == 2)
        #expect(sum == Double(count) * Double(count + 1) / 2)
    }

    /// The process's resident memory (Linux), in KiB.
    static func residentKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

@Suite struct WritingTests {
    @Test func roundTrip() throws {
        let book = Workbook()
        let sheet = book.addSheet("结果")
        sheet.columnWidths = [12, Worksheet.width(of: "固原市原州区司法局")]
        sheet.frozenRows = 1
        sheet.autoFilter = true
        sheet.printTitleRows = 1...1
        sheet.protected = true
        sheet.validations = [DataValidation(.list(["达到", "部分达到", "未达到"]), ranges: "C2:C3", title: "评估结论", message: "请从下拉列表中选择")]
        sheet.addRow([.text("单位", CellStyle(bold: true)), .text("名称", CellStyle(bold: true)), .text("完成率", CellStyle(bold: true))])
        sheet.addRow([.text("yz"), .text("原州区 <&> \"司法局\"\u{1}"), Cell(.decimal("0.9"), CellStyle(format: .percent, locked: false))])
        sheet.addRow([.text("  空格  "), Cell(.date(CalendarDate(year: 2023, month: 12, day: 31)!), CellStyle(format: .date)), Cell(.bool(true))])
        let hidden = book.addSheet("_fazhi")
        hidden.hidden = true
        hidden.addRow([.text("ruleset"), .text("guyuan")])
        let path = Fixture.path("written.xlsx")
        try book.write(to: path)
        #expect(!FileManager.default.fileExists(atPath: Fixture.path(".written.xlsx.\(getpid()).tmp")))

        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["结果", "_fazhi"])
        #expect(reader.sheets.map(\.hidden) == [false, true])
        var rows: [SheetRow] = []
        _ = try reader.read(sheet: reader.sheets[0]) { rows.append($0) }
        #expect(rows.count == 3)
        #expect(rows[1].cells[1].value == .text("原州区 <&> \"司法局\""))  // the control character is dropped
        #expect(rows[1].cells[2].value == .number(0.9, text: "0.9"))
        #expect(rows[1].cells[2].format == .percent)
        #expect(rows[2].cells[0].value == .text("  空格  "))
        #expect(rows[2].cells[1].format == .date)
        if case .number(let d, _) = rows[2].cells[1].value {
            #expect(SheetNumbers.date(serial: d, date1904: reader.date1904)?.description == "2023-12-31")
        } else {
            Issue.record("date not a number")
        }
        #expect(rows[2].cells[2].value == .bool(true))

        // The parts a spreadsheet program reads: print titles, filter, validation, protection, page set-up.
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        func text(_ part: String) throws -> String {
            var data = Data()
            _ = try archive.extract(archive[part]!) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let wb = try text("xl/workbook.xml")
        #expect(wb.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">结果!$1:$1</definedName>"#))
        #expect(wb.contains(#"state="hidden""#))
        let s1 = try text("xl/worksheets/sheet1.xml")
        #expect(s1.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(s1.contains(#"<autoFilter ref="A1:C3"/>"#))
        #expect(s1.contains(#"<formula1>&quot;达到,部分达到,未达到&quot;</formula1>"#))
        #expect(s1.contains(#"<sheetProtection sheet="1""#))
        #expect(s1.contains(#"paperSize="9" orientation="landscape" fitToWidth="1""#))
        #expect(s1.contains(#"<col min="2" max="2" width="20.0""#))
        let styles = try text("xl/styles.xml")
        #expect(styles.contains(#"formatCode="0.0%""#))
        #expect(styles.contains(#"<protection locked="0"/>"#))
    }

    @Test func failedWriteLeavesNoFile() {
        let book = Workbook()
        book.addSheet("x").addRow([.text("a")])
        #expect(throws: Diagnostic.self) { try book.write(to: "/nonexistent-folder/out.xlsx") }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-folder/out.xlsx"))
    }
}
