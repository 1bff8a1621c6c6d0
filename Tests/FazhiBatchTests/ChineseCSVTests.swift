@testable import FazhiBatch
import FazhiBase
import FazhiCore
import FazhiTestSupport
import Foundation
import Testing

/// Batches as Chinese offices save them: GBK bytes (from known GBK sequences: 甲县 = BC D7 CF D8,
/// 是 = CA C7, 否 = B7 F1, 县 = CF D8), levels in Chinese, yes/no as 是/否 and 1/0, `unit_id`; and the
/// rows as evidence (`BatchTable.Row.evidence`).
struct ChineseCSVTests {
    static let plan = Bundled.plan("ningxia-2023-eight-actions")

    /// "u1,甲县,县,是,100%\r\n" style rows as bytes: ASCII as is, the Chinese words as GBK.
    static func gbk(_ parts: [Any]) -> Data {
        var bytes: [UInt8] = []
        for part in parts {
            if let text = part as? String { bytes += Array(text.utf8) } else if let raw = part as? [UInt8] { bytes += raw }
        }
        return Data(bytes)
    }
    static let 甲县: [UInt8] = [0xBC, 0xD7, 0xCF, 0xD8], 乙县: [UInt8] = [0xD2, 0xD2, 0xCF, 0xD8], 县: [UInt8] = [0xCF, 0xD8]

    /// The bulk path reads a GBK file (no BOM, CRLF) as its UTF-8 twin: the same rows, byte for byte.
    @Test func bulkReadsGBKAsItsUTF8Twin() {
        let folder = Folder()
        // 400 rows: many 1 KB chunks, so the transcoded text is read across chunk joins.
        var gbkParts: [Any] = ["unit_id,name,level,court_appearance_rate\r\n"]
        var utf8Text = "id,name,level,court_appearance_rate\n"
        for i in 0..<200 {
            gbkParts += ["u\(i)a,", Self.甲县, ",", Self.县, ",\(i % 2 == 0 ? "95%" : "100%")\r\nu\(i)b,", Self.乙县, ",city,0.5\r\n"]
            utf8Text += "u\(i)a,甲县,county,\(i % 2 == 0 ? "95%" : "100%")\nu\(i)b,乙县,city,0.5\n"
        }
        let gbk = folder.write("gbk.csv", bytes: Self.gbk(gbkParts))
        let utf8 = folder.write("utf8.csv", utf8Text)
        for jobs in [1, 2] {
            let a = evaluate(Self.plan, gbk, jobs: jobs, chunkBytes: 1 << 10)
            let b = evaluate(Self.plan, utf8, jobs: jobs)
            #expect(a.problems.isEmpty, "\(a.problems)")
            #expect(a.output == b.output)
            #expect(a.output.contains("u7a,甲县,") && a.summary?.units == 400)
        }
        // A bad cell in the GBK file is at its row and column, as in UTF-8.
        let bad = folder.write("bad.csv", bytes: Self.gbk(["id,name,court_appearance_rate\r\nu1,", Self.甲县, ",95\r\n"]))
        #expect(evaluate(Self.plan, bad).problems == ["\(bad):2:3: error: row 2, column 3 (court_appearance_rate): expected a percentage (e.g. 90% or 0.9), found \"95\"; did you mean 95%?"])
    }

    /// A file whose first megabyte is ASCII is read as UTF-8 (no pass over the rest); a GBK name after it
    /// is the row's error, and says how the encoding was decided.
    @Test func gbkAfterAnASCIIStartIsLocated() {
        let folder = Folder()
        var data = Data("id,name,court_appearance_rate\n".utf8)
        var row = 2
        while data.count <= BatchInput.sampleBytes + 100 {
            data += Data("u\(row),county\(row),95%\n".utf8)
            row += 1
        }
        data += Self.gbk(["late,", Self.甲县, ",95%\n"])
        let path = folder.write("late.csv", bytes: data)
        let run = evaluate(Self.plan, path, jobs: 2)
        #expect(run.problems.count == 1)
        #expect(run.problems.first?.contains("\(path):\(row):2: error: row \(row), column 2 (name): the unit name is not valid UTF-8") == true, "\(run.problems)")
        #expect(run.problems.first?.contains("GBK") == true)
    }

    /// Bytes neither UTF-8 nor GB18030 are refused at the byte, in both readers.
    @Test func neitherEncodingIsRefused() {
        let folder = Folder()
        let path = folder.write("x.csv", bytes: Self.gbk(["id,name\nu1,", [UInt8]([0xFF, 0xFE]), "\n"]))
        let bulk = evaluate(Self.plan, path)
        #expect(bulk.problems == ["\(path):2:2: error: line 2, field 2: byte 12 is neither UTF-8 nor GBK/GB18030 text; expected a file saved as UTF-8 or as GBK; in Excel save as \"CSV UTF-8\" or \"CSV (逗号分隔)\"; in WPS as UTF-8 or GBK"])
        let table = BatchTable(plan: Self.plan)
        let file = try! SourceFile(contentsOfFile: path)
        #expect(throws: DiagnosticList.self) { try table.read(file) }
        do { _ = try table.read(file) } catch {
            #expect(error.diagnostics.map(\.description) == bulk.problems)
        }
    }

    /// Rows as evidence: values, level and attributes as the YAML reader gives them; each value located
    /// at its cell and cited as its row; a GBK file reads the same.
    @Test func rowsAsEvidence() throws {
        let folder = Folder()
        let path = folder.write("区县.csv", bytes: Self.gbk(["unit_id,name,level,has_legislative_power,court_appearance_rate,nx-1\r\nu1,", Self.甲县, ",", Self.县, ",1,95%,met\r\n"]))
        let units = try BatchTable(plan: Self.plan).evidence(SourceFile(contentsOfFile: path), asOf: nil)
        #expect(units.count == 1)
        let unit = units[0]
        #expect(unit.unit.id == "u1" && unit.unit.name == "甲县" && unit.unit.level == "county")
        #expect(unit.unit.attributes["level"] == "county")
        #expect(unit.unit.attributes["has_legislative_power"] == "true")
        #expect(unit.asOf == Self.plan.ruleset.period.lastDay)
        let slot = try #require(Self.plan.slot(.metric("court_appearance_rate")))
        #expect(unit.facts[slot] == 950_000)
        let source = try #require(unit.sources[slot])
        #expect(source.location.description == "\(path):2:11")
        #expect(source.citation == "区县.csv 第2行：“95%”")
        let verdict = try #require(Self.plan.slot(.verdict("nx-1")))
        #expect(unit.sources[verdict]?.location.description == "\(path):2:15")
    }

    /// A check's refusal (a numerator above its denominator) is an error at the cell, with row and column.
    @Test func evidenceProblemAtTheCell() {
        let plan = Bundled.plan("xixia-2020-demonstration")
        let file = SourceFile(name: "r.csv", text: "id,enforcement_staff,legal_review_staff\nx,3,5\n")
        do {
            _ = try BatchTable(plan: plan).evidence(file, asOf: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.description.hasPrefix("r.csv:2:") == true)
            #expect(error.diagnostics.first?.message.hasPrefix("row 2, column 3 (legal_review_staff): xx-") == true, "\(error.diagnostics)")
        }
    }

    /// Levels in Chinese and yes/no as 是/否/1/0 mean the same in the bulk path, and 是 stays refused in a
    /// count column.
    @Test func levelsAndYesNo() {
        let plan = Bundled.plan("guyuan-2023-2025-creation")
        let folder = Folder()
        // named_regional_demonstration_area and level decide what applies (appliesTo) in this ruleset.
        let chinese = evaluate(plan, folder.write("c.csv", "unit_id,单位名称,层级,named_regional_demonstration_area,gy-2\na,甲,县,1,met\nb,乙,市,是,met\nc,丙,部门,0,met\nd,丁,乡镇,否,met\ne,戊,区,,met\n"))
        let english = evaluate(plan, folder.write("e.csv", "id,name,level,named_regional_demonstration_area,gy-2\na,甲,county,true,met\nb,乙,city,true,met\nc,丙,department,false,met\nd,丁,township,false,met\ne,戊,county,,met\n"))
        let other = evaluate(plan, folder.write("o.csv", "id,name,level,named_regional_demonstration_area,gy-2\na,甲,department,false,met\nb,乙,department,false,met\nc,丙,department,false,met\nd,丁,department,false,met\ne,戊,department,,met\n"))
        #expect(chinese.problems.isEmpty, "\(chinese.problems)")
        #expect(chinese.output == english.output)
        #expect(english.output != other.output)  // the levels and yes/no do change the rows
        let count = evaluate(Bundled.plan("xixia-2020-demonstration"), folder.write("n.csv", "id,legal_review_staff\nx,是\n"))
        #expect(count.problems.first?.contains("expected a count (a whole number), found \"是\"") == true, "\(count.problems)")
        let level = evaluate(plan, folder.write("l.csv", "id,层级\nx,县城\n"))
        #expect(level.problems.first?.contains("(or 国家, 自治区/省, 市, 县/区, 乡镇/街道, 部门), found \"县城\"") == true, "\(level.problems)")
    }

    /// The level, attribute and invented columns are looked up a word at a time (`ShortWord`), with the
    /// general lookup for what the table cannot hold: every spelling reads as before, the 18-byte
    /// 县（市、区） too, a last cell without a newline, and the refusals are the same.
    @Test func shortWordColumnsReadAsTheGeneralLookup() {
        let plan = Bundled.plan("guyuan-2023-2025-creation")
        let folder = Folder()
        let header = "unit_id,named_regional_demonstration_area,invented,gy-2,层级\n"
        let chinese = evaluate(plan, folder.write("c.csv", header + "a,是,否,met,县（市、区）\nb,否,,met,乡镇（街道）\nc,1,0,met,设区的市\nd,0,是,met,自治区/省\ne,,false,met,区"))
        let english = evaluate(plan, folder.write("e.csv", header + "a,true,false,met,county\nb,false,false,met,township\nc,true,false,met,city\nd,false,true,met,region\ne,,false,met,county\n"))
        #expect(chinese.problems.isEmpty, "\(chinese.problems)")
        #expect(chinese.output == english.output)
        #expect(chinese.summary?.invented == 1 && english.summary?.invented == 1)
        let quoted = evaluate(plan, folder.write("q.csv", header + "a,\"是\",否,met,\"县（市、区）\"\n"))
        #expect(quoted.problems.isEmpty && quoted.output.utf8.filter { $0 == 0x0A }.count == 2, "\(quoted.problems)")
        let maybe = evaluate(plan, folder.write("m.csv", header + "a,也许,否,met,县\n"))
        #expect(maybe.problems.first?.contains("row 2, column 2 (named_regional_demonstration_area)") == true, "\(maybe.problems)")
        let town = evaluate(plan, folder.write("t.csv", header + "a,是,否,met,县城"))
        #expect(town.problems.first?.contains("row 2, column 5 (层级)") == true && town.problems.first?.contains("found \"县城\"") == true, "\(town.problems)")
        // Counts only (`fazhi evaluate --summary`): the same counts, no rows.
        let counts = evaluate(plan, folder.write("n.csv", header + "a,是,否,met,县（市、区）\nb,否,,met,乡镇（街道）\n"), result: .none)
        let rows = evaluate(plan, folder.write("r.csv", header + "a,是,否,met,县（市、区）\nb,否,,met,乡镇（街道）\n"))
        #expect(counts.output.isEmpty && counts.summary != nil && counts.summary?.gradeCounts == rows.summary?.gradeCounts)
    }

    @Test func unitLevelWords() {
        #expect(UnitLevel.id("县") == "county" && UnitLevel.id("区") == "county" && UnitLevel.id("自治区") == "region" && UnitLevel.id("省") == "region")
        #expect(UnitLevel.id("国家") == "nation" && UnitLevel.id("乡镇") == "township" && UnitLevel.id("部门") == "department" && UnitLevel.id("市") == "city")
        #expect(UnitLevel.id("county") == "county" && UnitLevel.id("县城") == nil)
        #expect(UnitLevel.ids.map(UnitLevel.chinese) == ["国家", "自治区/省", "市", "县（市、区）", "乡镇（街道）", "部门"])
        #expect(YesNo.parse("1") == true && YesNo.parse("否") == false && YesNo.parse("yes") == nil)
    }
}
