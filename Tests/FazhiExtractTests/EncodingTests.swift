import FazhiCore
@testable import FazhiExtract
import FazhiBase
import Foundation
import Testing

struct ReportEncodingTests {
    @Test func utf8WithAndWithoutByteOrderMark() throws {
        let plain = try NarrativeReport(bytes: Array("出庭率100%".utf8), name: "a.txt")
        let marked = try NarrativeReport(bytes: [0xEF, 0xBB, 0xBF] + Array("出庭率100%".utf8), name: "b.txt")
        #expect(plain.lines == ["出庭率100%"] && marked.lines == ["出庭率100%"])
        #expect(plain.encoding == .utf8 && marked.encoding == .utf8)
    }

    @Test func gb18030IsDetected() throws {
        // 出庭率100% in GB18030 (the bytes iconv -t GB18030 writes).
        let bytes: [UInt8] = [0xB3, 0xF6, 0xCD, 0xA5, 0xC2, 0xCA, 0x31, 0x30, 0x30, 0x25]
        let report = try NarrativeReport(bytes: bytes, name: "gb.txt")
        #expect(report.encoding == .gb18030)
        #expect(report.lines == ["出庭率100%"])
    }

    @Test func utf16WithAByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "出庭率\n100%".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let report = try NarrativeReport(bytes: bytes, name: "u16.txt")
        #expect(report.encoding == .utf16)
        #expect(report.lines == ["出庭率", "100%"])
    }

    @Test func neitherEncodingIsALocatedError() {
        // Valid UTF-8 on line 1, then bytes that are neither UTF-8 nor GB18030 (0xFF never occurs in either).
        let bytes = Array("第一行\n出庭率".utf8) + [0xFF, 0xFF]
        do {
            _ = try NarrativeReport(bytes: bytes, name: "bad.txt")
            Issue.record("read")
        } catch {
            #expect(error.description.hasPrefix("bad.txt:2:4: error: byte 0xFF at byte offset 19 is not UTF-8, and the file is not GB18030 either; expected a text file in UTF-8 or GB18030/GBK"))
        }
    }

    @Test func theSeedInGB18030ReadsLikeTheSeedInUTF8() throws {
        let utf8 = try NarrativeReport(contentsOfFile: fixtures + "/ningcheng-2023.txt")
        let gb = try NarrativeReport(contentsOfFile: fixtures + "/ningcheng-2023.gb18030.txt")
        #expect(gb.encoding == .gb18030)
        #expect(gb.lines == utf8.lines)
        let a = extractor.extract(utf8), b = extractor.extract(gb)
        #expect(pins(a) == pins(b))
        #expect(a.facts.map(\.quote) == b.facts.map(\.quote))
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: Diagnostic.self) { try NarrativeReport(contentsOfFile: fixtures + "/no-such-report.txt") }
    }
}
