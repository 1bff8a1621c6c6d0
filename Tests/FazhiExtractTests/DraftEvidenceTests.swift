import FazhiCore
import FazhiEvaluators
@testable import FazhiExtract
import FazhiBase
import FazhiYAML
import Foundation
import Testing

/// Every draft is evidence the reader accepts, whatever numbers the report holds.
struct DraftEvidenceTests {
    static let plan: EvaluationPlan = {
        let loader = RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [root + "/rulesets"]))
        do { return try loader.load("ningxia-2023-eight-actions") } catch { fatalError("\(error)") }
    }()

    /// Reads a draft back through the evidence reader.
    func read(_ draft: DraftEvidence) throws -> UnitEvidence {
        let source = SourceFile(name: "draft.yaml", text: draft.yaml())
        return try EvidenceReader(plan: Self.plan).read(try YAMLParser.singleDocument(in: source))
    }

    @Test func theSeedDraftReadsBackWithItsLinesAndQuotes() throws {
        let extraction = extractor.extract(try NarrativeReport(contentsOfFile: fixtures + "/ningcheng-2023.txt"))
        let unit = try read(DraftEvidence(extraction, unitID: "ningcheng", unitName: "宁城县", unitLevel: "county"))
        #expect(unit.unit.id == "ningcheng" && unit.unit.name == "宁城县" && unit.unit.level == "county")
        #expect(unit.period == 2023)
        let slot = try #require(Self.plan.slot(.metric("court_appearance_rate")))
        #expect(unit.facts[slot] == FixedPoint.one.raw)
        #expect(unit.sources[slot]?.line == 27)
        #expect(unit.sources[slot]?.quote == "行政机关负责人出庭率 100%")
        #expect(unit.sources[slot]?.note == "置信度 0.90（fazhi extract）")
    }

    @Test func quotesWithQuotationMarksAndBackslashesSurvive() throws {
        let draft = DraftEvidence(extract("行政机关负责人出庭率 100%，\"引号\\反斜杠\"。"))
        #expect(draft.yaml().contains(#"quote: "行政机关负责人出庭率 100%""#))
        #expect(DraftEvidence.quote("a\"b\\c\u{7}") == #""a\"b\\c\u0007""#)
        _ = try read(draft)
    }

    @Test(arguments: 0..<8)
    func mutatedNumbersStillMakeValidEvidence(_ seed: Int) throws {
        // Replace numbers in a labelled report with awkward ones (too large, fractions of a count, over 100%).
        let awkward = ["150", "2.5", "0", "99999999999", "0.0001", "１０１", "百分之一百二十", "1,000,000", "12.345678901"]
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let text = try String(contentsOfFile: fixtures + "/labelled/qingxi-2023.txt", encoding: .utf8)
        var out = ""
        var digits = ""
        for c in text {
            if c.isASCII, c.isNumber || (c == "." && !digits.isEmpty) { digits.append(c); continue }
            if !digits.isEmpty { out += next(2) == 0 ? awkward[next(awkward.count)] : digits; digits = "" }
            out.append(c)
        }
        out += digits
        let draft = DraftEvidence(extractor.extract(NarrativeReport(name: "mutated.txt", text: out)), unitID: "u", unitName: "单位")
        _ = try read(draft)
    }
}
