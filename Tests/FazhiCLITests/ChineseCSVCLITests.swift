import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// CSV as Chinese offices have it (issue 15): GBK as Excel saves "CSV (逗号分隔)" on a Chinese Windows
/// (no byte order mark, CRLF), levels and yes/no in Chinese, and `region`/`compare` on the batches
/// `fazhi generate` writes. Through the built binary.
struct ChineseCSVCLITests {
    static let ruleset = "guyuan-2023-2025-creation"

    /// UTF-8 text as GBK bytes, with glibc's iconv (the test's own encoder, independent of Fazhi's).
    static func gbk(_ text: String) throws -> Data {
        let cd = iconv_open("GBK", "UTF-8")
        try #require(cd != iconv_t(bitPattern: -1))
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let outCount = output.count
        let left: Int = input.withUnsafeMutableBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i.baseAddress!).assumingMemoryBound(to: CChar.self)
                var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self)
                var il = i.count, ol = o.count
                let r = iconv(cd, &ip, &il, &op, &ol)
                return r == -1 ? -1 : ol
            }
        }
        try #require(left >= 0)
        return Data(output[0..<(outCount - left)])
    }

    @Test func theEncoderWritesGBK() throws {
        #expect(Array(try Self.gbk("宁夏")) == [0xC4, 0xFE, 0xCF, 0xC4])
    }

    /// A generated region in UTF-8 and its twin as an office would save it: GBK, CRLF, no byte order
    /// mark, Chinese headers (unit_id, 单位名称, 层级), levels in Chinese (县, 市, 部门, 乡镇) and yes/no as
    /// 是/否 and 1/0.
    static func twins(units: Int, seed: Int) throws -> (utf8: String, gbk: String, folder: String) {
        let folder = NSTemporaryDirectory() + "fazhi-gbk-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let utf8 = folder + "/区县.csv"
        let made = try fazhi(["generate", "--ruleset", ruleset, "--units", "\(units)", "--seed", "\(seed)", "--output", utf8])
        try #require(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: utf8, encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        try #require(Array(header.prefix(6)) == ["id", "name", "level", "has_legislative_power", "named_regional_demonstration_area", "invented"])
        lines[0][0] = "unit_id"
        lines[0][1] = "单位名称"
        lines[0][2] = "层级"
        let levels = ["county": "县", "city": "市", "department": "部门", "township": "乡镇"]
        for i in lines.indices.dropFirst() {
            lines[i][2] = try #require(levels[lines[i][2]], "level \(lines[i][2])")
            lines[i][3] = lines[i][3] == "true" ? "是" : lines[i][3] == "false" ? "否" : lines[i][3]
            lines[i][4] = lines[i][4] == "true" ? "1" : lines[i][4] == "false" ? "0" : lines[i][4]
            lines[i][5] = lines[i][5] == "true" ? "是" : lines[i][5]
        }
        let office = lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        let gbk = folder + "/区县-gbk.csv"
        try Self.gbk(office).write(to: URL(fileURLWithPath: gbk))
        return (utf8, gbk, folder)
    }

    /// "A GBK CSV written the way Excel writes it scores exactly like its UTF-8 twin": evaluate (the
    /// bulk path), region and compare give the same bytes, apart from the file's name where a report
    /// cites it.
    @Test func aGBKBatchScoresLikeItsUTF8Twin() throws {
        let (utf8, gbk, folder) = try Self.twins(units: 30, seed: 11)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: gbk)).prefix(3) != Data([0xEF, 0xBB, 0xBF]))
        #expect(try String(data: Data(contentsOf: URL(fileURLWithPath: gbk)), encoding: .utf8) == nil)  // really not UTF-8
        for command in [["evaluate", "--jobs", "2"], ["evaluate", "--format", "jsonl", "--jobs", "1"], ["region"], ["region", "--format", "json"],
                        ["compare"], ["compare", "--format", "csv"]] {
            let a = try fazhi(command + ["--ruleset", Self.ruleset, utf8])
            let b = try fazhi(command + ["--ruleset", Self.ruleset, gbk])
            #expect(a.status == 0, "\(command): \(a.stderr)")
            #expect(b.status == 0, "\(command): \(b.stderr)")
            #expect(a.stdout.replacingOccurrences(of: utf8, with: "F") == b.stdout.replacingOccurrences(of: gbk, with: "F"), "\(command)")
            #expect(a.stdout.count > 200)
        }
        // The region's goals count units by level: 县 and 市 in the GBK file are county and city.
        let region = try fazhi(["region", "--ruleset", Self.ruleset, gbk])
        #expect(region.stdout.contains("层级为市或县（市、区）"), "\(region.stdout)")
        #expect(region.stdout.contains("未达到：还需") || region.stdout.contains("已达到"), "\(region.stdout)")
    }

    /// The store's import of the GBK twin keeps the same values, so the campaign scores the same.
    @Test func theStoreImportsAGBKBatch() throws {
        let (utf8, gbk, folder) = try Self.twins(units: 12, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var results: [String] = []
        for (i, file) in [utf8, gbk].enumerated() {
            let env = ["FAZHI_DB": folder + "/store\(i).db", "FAZHI_USER": "测试"]
            let created = try fazhi(["campaign", "create", "g", "--ruleset", Self.ruleset, "--year", "2023", "--units", file], environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            let imported = try fazhi(["import", "--campaign", "g", file], environment: env)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("12 new version(s)"), "\(imported.stdout)")
            let scored = try fazhi(["results", "--campaign", "g", "--current", "--format", "csv"], environment: env)
            #expect(scored.status == 0, "\(scored.stderr)")
            results.append(scored.stdout.replacingOccurrences(of: file, with: "F"))
        }
        #expect(results[0] == results[1])
        #expect(results[0].components(separatedBy: "\r\n").count > 12)
    }

    /// `region` and `compare` on the batch `fazhi generate` writes (CSV, JSON Lines) give the grades
    /// and ranks they give on the YAML evidence of the same units.
    @Test func analysesOfAGeneratedBatchEqualTheYAML() throws {
        let folder = NSTemporaryDirectory() + "fazhi-gen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in ["csv", "jsonl", "yaml"] {
            let made = try fazhi(["generate", "--ruleset", Self.ruleset, "--units", "25", "--seed", "3", "--format", format, "--output", "\(folder)/g.\(format)"])
            try #require(made.status == 0, "\(made.stderr)")
        }
        for command in [["region", "--format", "csv"], ["region"], ["compare", "--format", "csv"], ["compare"]] {
            var outputs: [String] = []
            for format in ["csv", "jsonl", "yaml"] {
                let run = try fazhi(command + ["--ruleset", Self.ruleset, "\(folder)/g.\(format)"])
                #expect(run.status == 0, "\(command) \(format): \(run.stderr)")
                outputs.append(run.stdout.replacingOccurrences(of: "\(folder)/g.\(format)", with: "F"))
            }
            #expect(outputs[0] == outputs[2], "\(command): csv vs yaml")
            #expect(outputs[1] == outputs[2], "\(command): jsonl vs yaml")
        }
        // Each value is cited at its row in the batch: the HTML appendix names the file and the row.
        let html = "\(folder)/r.html"
        let run = try fazhi(["region", "--ruleset", Self.ruleset, "--html", html, "\(folder)/g.csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/r_files")
        let text = try pages.map { try String(contentsOfFile: "\(folder)/r_files/\($0)", encoding: .utf8) }.joined()
        #expect(text.contains("g.csv 第2行：“"), "no citation of row 2")
        #expect(text.contains("（g.csv:2:") && !text.contains(folder), "the file by its name, not its folder")
    }

    /// A problem in a batch given to region or compare is located at its row and column.
    @Test func batchProblemsAreLocatedForAnalyses() throws {
        let bad = temporaryFile("bad.csv", "unit_id,单位名称,层级,court_appearance_rate\r\nu1,甲县,县,95\r\nu2,乙县,省会,90%\r\n")
        for command in ["region", "compare"] {
            let run = try fazhi([command, "--ruleset", "ningxia-2023-eight-actions", bad])
            #expect(run.status == 2)
            #expect(run.stderr.contains("\(bad):2:"), "\(run.stderr)")
            #expect(run.stderr.contains("row 2, column 4 (court_appearance_rate): expected a percentage (e.g. 90% or 0.9), found \"95\"; did you mean 95%?"), "\(run.stderr)")
            #expect(run.stderr.contains("row 3, column 3 (层级): expected one of nation, region, city, county, township, department (or 国家, 自治区/省, 市, 县/区, 乡镇/街道, 部门), found \"省会\""), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
