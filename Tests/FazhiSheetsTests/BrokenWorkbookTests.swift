import FazhiBase
import FazhiSheets
import Foundation
import Testing
import ZIPFoundation

/// Files that are not a good workbook: each gives one clear error naming the file (and the cell
/// where there is one), never a crash, within small memory and time.
@Suite struct BrokenWorkbookTests {
    func sheet(_ rows: String, name: String, strings: [String]? = nil) throws -> String {
        var parts = ["xl/worksheets/sheet1.xml": Fixture.sheet(rows)]
        if let strings { parts["xl/sharedStrings.xml"] = Fixture.sharedStrings(strings.map { "<si><t>\($0)</t></si>" }) }
        return try Fixture.write(name, parts: parts)
    }

    @Test func oldBinaryXLS() throws {
        let p = Fixture.path("old.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: URL(fileURLWithPath: p))
        let e = Fixture.error(p)
        #expect(e.contains("old.xls: this is an old binary"))
        #expect(e.contains("old binary Excel workbook (.xls)"))
        #expect(e.contains("另存为"))
    }

    @Test func macroEnabledByName() throws {
        let p = try sheet("", name: "宏.xlsm")
        #expect(Fixture.error(p).contains("a macro-enabled workbook (.xlsm) is not read"))
    }

    @Test func macroEnabledByContent() throws {
        let p = try Fixture.write("vba.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet(""), "xl/vbaProject.bin": "binary"])
        #expect(Fixture.error(p).contains("holds macros (xl/vbaProject.bin)"))
    }

    @Test func notAZip() throws {
        let p = Fixture.path("text.xlsx")
        try Data("单位,完成率\nyz,90%\n".utf8).write(to: URL(fileURLWithPath: p))
        #expect(Fixture.error(p).contains("text.xlsx: not an xlsx workbook"))
    }

    @Test func truncatedZip() throws {
        let good = try sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#, name: "whole.xlsx")
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        let p = Fixture.path("truncated.xlsx")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: p))
        #expect(Fixture.error(p).contains("truncated.xlsx: the file is damaged or incomplete"))
    }

    @Test func zipBombByRatio() throws {
        // 64 MiB of spaces inside a sheet compresses to about 64 KiB: over the ratio cap.
        var xml = Data(Fixture.sheet("").utf8)
        xml.insert(contentsOf: Data(repeating: 0x20, count: 64 << 20), at: xml.count - "</worksheet>".utf8.count)
        var parts = [String: Data]()
        parts["[Content_Types].xml"] = Data(Fixture.contentTypes.utf8)
        parts["xl/workbook.xml"] = Data(Fixture.workbook().utf8)
        parts["xl/_rels/workbook.xml.rels"] = Data(Fixture.rels().utf8)
        parts["xl/worksheets/sheet1.xml"] = xml
        let p = try Fixture.writeRaw("bomb.xlsx", parts)
        xml = Data()
        #expect(try Data(contentsOf: URL(fileURLWithPath: p)).count < 1 << 20)
        let e = Fixture.error(p)
        #expect(e.contains("bomb.xlsx: part xl/worksheets/sheet1.xml expands"))
        #expect(e.contains("zip bomb"))
    }

    @Test func partOverTheCap() throws {
        let rows = (1...2000).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let p = try sheet(rows, name: "capped.xlsx")
        var limits = SheetLimits()
        limits.maxSheetBytes = 10_000
        #expect(Fixture.error(p, limits: limits).contains("part xl/worksheets/sheet1.xml is larger than"))
    }

    @Test func missingSharedStrings() throws {
        let p = try Fixture.write("nosst.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet(#"<row r="1"><c r="A1"/><c r="B1" t="s"><v>0</v></c></row>"#)])
        let e = Fixture.error(p)
        #expect(e.contains("nosst.xlsx:Sheet1!B1: error: shared string 0 does not exist (the table has 0)"))
    }

    @Test func sharedStringOutOfRange() throws {
        let p = try sheet(#"<row r="3"><c r="C3" t="s"><v>7</v></c></row>"#, name: "sst.xlsx", strings: ["a", "b"])
        #expect(Fixture.error(p).contains("sst.xlsx:Sheet1!C3: error: shared string 7 does not exist (the table has 2); expected an index below 2"))
    }

    @Test(arguments: ["A0", "1A", "AAAA1", "C", "Ｃ12"])
    func badCellReference(ref: String) throws {
        // A file of its own per case: the cases run at the same time.
        let name = "ref-" + ref.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-") + ".xlsx"
        let p = try sheet("<row r=\"12\"><c r=\"\(ref)\"><v>1</v></c></row>", name: name)
        #expect(Fixture.error(p).contains("\(name):Sheet1!A12: error: bad cell reference \"\(ref)\""))
    }

    @Test func cellOfAnotherRow() throws {
        let p = try sheet(#"<row r="2"><c r="B5"><v>1</v></c></row>"#, name: "wrongrow.xlsx")
        #expect(Fixture.error(p).contains("wrongrow.xlsx:Sheet1!B2: error: cell reference \"B5\" inside row 2"))
    }

    @Test func overTheRowLimit() throws {
        let p = try sheet(#"<row r="1048577"><c r="A1048577"><v>1</v></c></row>"#, name: "rows.xlsx")
        #expect(Fixture.error(p).contains("row 1048577 is past the last row a sheet may have (1048576)"))
        let q = try sheet((1...30).map { "<row r=\"\($0)\"/>" }.joined(), name: "rows2.xlsx")
        var limits = SheetLimits()
        limits.maxRows = 20
        #expect(Fixture.error(q, limits: limits).contains("rows2.xlsx:Sheet1!A21: error: row 21 is past the last row"))
    }

    @Test func tooManyCells() throws {
        let p = try sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>1</v></c><c r="C1"><v>1</v></c></row>"#, name: "cells.xlsx")
        var limits = SheetLimits()
        limits.maxCells = 2
        #expect(Fixture.error(p, limits: limits).contains("cells.xlsx:Sheet1!C1: error: more than 2 cells"))
    }

    @Test func missingWorkbookPart() throws {
        let p = try Fixture.write("nowb.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet("")], omit: ["xl/workbook.xml"])
        #expect(Fixture.error(p).contains("the workbook part (xl/workbook.xml) is missing"))
    }

    @Test func missingSheetPart() throws {
        let p = try Fixture.write("nosheet.xlsx", parts: [:])
        #expect(Fixture.error(p).contains("sheet \"Sheet1\" has no data part (xl/worksheets/sheet1.xml)"))
    }

    @Test func malformedXML() throws {
        let p = try Fixture.write("bad.xlsx", parts: ["xl/worksheets/sheet1.xml": Fixture.sheet("<row r=\"1\"><c r=\"A1\"><v>1</c></row>")])
        #expect(Fixture.error(p).contains("bad.xlsx: sheet \"Sheet1\" (xl/worksheets/sheet1.xml) is not well-formed XML at line"))
    }

    @Test func entityExpansion() throws {
        let laughs = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"#
        let p = try Fixture.write("lol.xlsx", parts: ["xl/worksheets/sheet1.xml": laughs])
        #expect(Fixture.error(p).contains("declares a DTD"))
    }

    /// Foundation's XMLParser traps on a name that is not UTF-8: such a part never reaches it.
    @Test func notUTF8() throws {
        var sheet = Data(Fixture.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#).utf8)
        sheet.replaceSubrange(sheet.count - 20..<sheet.count - 18, with: [0xE5, 0xE5])
        var parts = [String: Data]()
        parts["xl/workbook.xml"] = Data(Fixture.workbook().utf8)
        parts["xl/_rels/workbook.xml.rels"] = Data(Fixture.rels().utf8)
        parts["xl/worksheets/sheet1.xml"] = sheet
        let p = try Fixture.writeRaw("utf8.xlsx", parts)
        #expect(Fixture.error(p).contains("utf8.xlsx: part xl/worksheets/sheet1.xml is not UTF-8 text (at byte"))
        var styles = Data(Fixture.styles.utf8)
        styles.replaceSubrange(60..<62, with: [0xC0, 0x20])
        parts["xl/styles.xml"] = styles
        let q = try Fixture.writeRaw("utf8s.xlsx", parts)
        #expect(Fixture.error(q).contains("utf8s.xlsx: part xl/styles.xml is not UTF-8 text"))
    }

    @Test func textInANumberCell() throws {
        let p = try sheet(#"<row r="4"><c r="D4"><v>九十</v></c></row>"#, name: "nan.xlsx")
        #expect(Fixture.error(p).contains("nan.xlsx:Sheet1!D4: error: number cell holds \"九十\"; expected a number"))
    }

    @Test func badBoolean() throws {
        let p = try sheet(#"<row r="2"><c r="E2" t="b"><v>yes</v></c></row>"#, name: "bool.xlsx")
        #expect(Fixture.error(p).contains("bool.xlsx:Sheet1!E2: error: boolean cell holds \"yes\"; expected 0 or 1"))
    }

    @Test func emptyFile() throws {
        let p = Fixture.path("empty.xlsx")
        try Data().write(to: URL(fileURLWithPath: p))
        #expect(Fixture.error(p).contains("not an xlsx workbook"))
    }

    @Test func missingFile() {
        #expect(Fixture.error(Fixture.path("nowhere.xlsx")).contains("cannot open the file"))
    }
}

/// Sheet and shared-string XML damaged with XML's own characters (still UTF-8): read or refused with
/// a diagnostic, never a crash.
@Suite struct DamagedXMLTests {
    @Test func damagedXMLNeverCrashes() throws {
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>内联</t></r></is></c></row>
            <row r="2" hidden="1"><c r="A2" s="1"><v>0.90000000000000002</v></c><c r="B2" s="3"><v>45000</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c></row>
            <row r="3"><c r="A3"><f>SUM(A1:A2)</f></c><c r="B3" t="str"><f>A1</f><v>x</v></c></row>
            """
        let sheet = Array(Fixture.sheet(rows, tail: #"<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#).utf8)
        let strings = Array(Fixture.sharedStrings([#"<si><t>达到</t></si>"#, #"<si><r><t>宁城</t></r><rPh><t>x</t></rPh></si>"#]).utf8)
        let alphabet = Array("<>/=\"' &;#:aAcrstvf0123456789!-?[]".utf8)
        var state: UInt64 = 99
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let count = ProcessInfo.processInfo.environment["FAZHI_DAMAGE_COUNT"].flatMap(Int.init) ?? 300
        var refused = 0
        for i in 0..<count {
            var s = sheet, t = strings
            for _ in 0..<(1 + next(4)) {
                if next(3) == 0 { t[next(t.count)] = alphabet[next(alphabet.count)] } else { s[next(s.count)] = alphabet[next(alphabet.count)] }
            }
            let p = try Fixture.writeRaw("xml-\(i % 20).xlsx", [
                "xl/workbook.xml": Data(Fixture.workbook().utf8), "xl/_rels/workbook.xml.rels": Data(Fixture.rels().utf8),
                "xl/styles.xml": Data(Fixture.styles.utf8), "xl/worksheets/sheet1.xml": Data(s), "xl/sharedStrings.xml": Data(t),
            ])
            let e = Fixture.error(p)
            if e != "(no error)" {
                refused += 1
                #expect(e.contains("xml-\(i % 20).xlsx"), "\(e)")
            }
        }
        #expect(refused > 0)
    }
}
