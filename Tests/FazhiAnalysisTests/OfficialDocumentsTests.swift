import FazhiAnalysis
import FazhiBase
import FazhiCore
import FazhiReports
import Foundation
import Testing

/// The 通报 and 反馈意见 in the GB/T 9704 layout: what the XML says about the page, the fonts and
/// the page numbers, and what the documents say.
struct OfficialDocumentsTests {
    func documents() throws -> OfficialDocuments {
        let (view, _) = try RegionTests().region()
        let issue = ReportIssue(issuer: "某市法治政府建设领导小组办公室", date: CalendarDate(year: 2024, month: 1, day: 15)!)
        return OfficialDocuments(UnitsComparison(plan: view.plan, results: view.units.map(\.result)), issue: issue, year: 2023)
    }

    func part(_ d: WordDocument, _ name: String) throws -> String {
        let bytes = try #require(d.parts().first { $0.0 == name }?.1, "\(name)")
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func layoutFollowsGBT9704() throws {
        let notice = try documents().notice()
        let names = notice.parts().map(\.0)
        #expect(names == ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml",
                          "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml"])
        let xml = try part(notice, "word/document.xml")
        // A4; margins 37, 26, 35, 28 mm (in twips); 28 lines in the 225 mm text block.
        #expect(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(xml.contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""))
        #expect(xml.contains("<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"455\""))
        // Title in 2号 方正小标宋简体, body in 3号 仿宋_GB2312.
        #expect(xml.contains("w:eastAsia=\"方正小标宋简体\" w:cs=\"方正小标宋简体\"/><w:sz w:val=\"44\"/>"))
        #expect(xml.contains("<w:t xml:space=\"preserve\">关于2023年度法治政府建设考核结果的通报</w:t>"))
        let styles = try part(notice, "word/styles.xml")
        #expect(styles.contains("w:eastAsia=\"仿宋_GB2312\"") && styles.contains("<w:sz w:val=\"32\"/>"))
        #expect(styles.contains("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"455\" w:lineRule=\"exact\"/>"))
        // Page numbers "— n —" in 4号, odd pages right and even pages left.
        #expect(try part(notice, "word/settings.xml").contains("<w:evenAndOddHeaders/>"))
        let odd = try part(notice, "word/footer1.xml"), even = try part(notice, "word/footer2.xml")
        #expect(odd.contains("<w:jc w:val=\"right\"/>") && even.contains("<w:jc w:val=\"left\"/>"))
        #expect(odd.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>") && odd.contains("<w:sz w:val=\"28\"/>"))
        #expect(odd.contains(">— </w:t>") && odd.contains("> —</w:t>"))
        #expect(try part(notice, "word/fontTable.xml").contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"))
    }

    @Test func noticeRanksEachLevelAndEndsWithTheIssuer() throws {
        let d = try documents()
        let xml = try part(d.notice(), "word/document.xml")
        let order = ["一、考核结果", "二、存在的主要问题", "三、工作要求", "附件：各层级考核排名", "某市法治政府建设领导小组办公室　　　　",
                     "2024年1月15日　　　　", "附件", "各层级考核排名", "（一）市（1个）", "（二）县（市、区）（3个）", "（三）部门（1个）"]
        let places = order.map { xml.range(of: ">\($0)</w:t>")?.lowerBound }
        #expect(places.allSatisfy { $0 != nil }, "\(zip(order, places).filter { $0.1 == nil }.map(\.0))")
        #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted())
        #expect(xml.contains("<w:pageBreakBefore/>") && xml.contains("<w:tblHeader/>"))
        // Few units: named in the text.
        #expect(xml.contains("评定为“示范”的单位"))
        #expect(!xml.contains("名单见附件"))
    }

    /// A unit's 反馈意见: each item not met, with its reason, and what to rectify in words.
    @Test func feedbackListsShortfallsAndWhatToRectify() throws {
        let d = try documents()
        let row = try #require(d.comparison.rows.firstIndex { $0.result.unit.id == "county3" })
        #expect(d.feedbackFileName(row) == "丁县反馈意见.docx")
        let xml = try part(d.feedback(row), "word/document.xml")
        #expect(xml.contains(">关于丁县2023年度法治政府建设考核情况的反馈意见</w:t>"))
        #expect(xml.contains(">丁县：</w:t>"))
        #expect(xml.contains("在县（市、区）"))
        #expect(xml.contains("甲一（a-1）。评估人认定：未达到。"))
        #expect(xml.contains(">一、存在的问题</w:t>") && xml.contains(">二、整改要求</w:t>"))
        #expect(xml.contains(">1. 甲一：按“") && xml.contains("”的要求落实，经评估认定达到；"), "the indicator's words, to be assessed again")
    }
}
