import Foundation
import Testing

/// `--html FILE`: a summary a leader reads and a page per unit in `FILE_files/`, at the size of a
/// province's batch.
struct HTMLReportCLITests {
    /// Every `href` of a page, percent-decoded, without its fragment.
    static func linkedFiles(_ html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let r = rest.range(of: "href=\"") {
            let after = rest[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            let target = after[..<end].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if !target.isEmpty { out.append(String(target).removingPercentEncoding ?? String(target)) }
            rest = after[end...]
        }
        return out
    }

    /// 3,000 generated units: the summary stays under 2 MB, each unit has its page, every link from the
    /// summary opens a page that links back, and each level is ranked on its own.
    @Test func threeThousandUnits() throws {
        let folder = (temporaryFile("x", "") as NSString).deletingLastPathComponent
        let batch = folder + "/r.csv", html = folder + "/汇总.html"
        let generate = try fazhi("generate", "--ruleset", "ningxia-2023-eight-actions", "--units", "3000", "--seed", "1", "--output", batch)
        #expect(generate.status == 0, "\(generate.stderr)")
        let run = try fazhi("region", "--ruleset", "ningxia-2023-eight-actions", batch, "--html", html, "--issuer", "宁夏回族自治区法治政府建设办公室",
                            "--date", "2024-02-01", "--format", "json", "--output", folder + "/r.json")
        #expect(run.status == 0, "\(run.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: html)[.size] as? Int)
        #expect(size < 2_000_000, "summary is \(size) bytes")
        let summary = try String(contentsOfFile: html, encoding: .utf8)
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder + "/汇总_files")
        #expect(pages.count == 3000 && pages.allSatisfy { $0.hasSuffix(".html") })
        let links = Set(Self.linkedFiles(summary))
        #expect(links.count == 3000, "\(links.count) pages linked")
        for link in links { #expect(FileManager.default.fileExists(atPath: folder + "/" + link), "\(link)") }
        let one = try String(contentsOfFile: folder + "/" + links.sorted()[0], encoding: .utf8)
        #expect(Self.linkedFiles(one).contains("../汇总.html"))
        #expect(one.contains("发文单位：宁夏回族自治区法治政府建设办公室") && one.contains("日期：2024年2月1日"))
        // The levels the generator makes are ranked apart, each from 1.
        let ranking = try #require(summary.range(of: "<section id=\"ranking\">")).upperBound
        for level in ["市（", "县（市、区）（", "部门（", "乡镇（街道）（"] {
            #expect(summary.range(of: "\">\(level)", range: ranking..<summary.endIndex) != nil, "\(level)")
        }
        #expect(summary.components(separatedBy: "<tr><td class=\"num\">1</td>").count - 1 >= 4)
    }

    /// A folder of the report's name holding anything but pages is not overwritten; a failed run leaves
    /// neither the summary nor the folder.
    @Test func foreignFolderIsRefused() throws {
        let html = temporaryFile("r.html", "old")
        let folder = (html as NSString).deletingLastPathComponent + "/r_files"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("mine".utf8)))
        let run = try fazhi("region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--html", html)
        #expect(run.status == 2)
        #expect(run.stderr.contains("r_files holds files that are not .html files this command writes (notes.txt)"), "\(run.stderr)")
        #expect(try String(contentsOfFile: html, encoding: .utf8) == "old")
        #expect(run.stdout.isEmpty)
        let date = try fazhi("region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--html", html + "2", "--date", "2024-13-01")
        #expect(date.status == 2 && date.stderr.hasPrefix("error: --date 2024-13-01: expected a date YYYY-MM-DD"), "\(date.stderr)")
        #expect(!FileManager.default.fileExists(atPath: html + "2"))
    }

    /// A second run replaces the folder of the first (pages of units no longer in the batch go).
    @Test func secondRunReplacesTheFolder() throws {
        let html = temporaryFile("r.html", "")
        let folder = (html as NSString).deletingLastPathComponent + "/r_files"
        #expect(try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--html", html).status == 0)
        #expect(FileManager.default.createFile(atPath: folder + "/gone.html", contents: Data()))
        #expect(try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--html", html).status == 0)
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(pages == ["guyuan.html", "jingyuan.html", "longde.html", "pengyang.html", "xiji.html", "yuanzhou.html"])
    }
}
