import FazhiAnalysis
import FazhiCore
import FazhiBase
import FazhiReports
import Foundation
import Testing

/// The HTML reports reference nothing outside themselves, and every link lands on an anchor in the page
/// (or, with `pages`, on a page of the same report and an anchor there).
func externalReferences(_ html: String, pages: [String: String] = [:], here: String = "") -> [String] {
    var problems: [String] = []
    let lower = html.lowercased()
    for needle in ["http", "src=", "@import", "url(", "<script", "<link", "<iframe", "<img", "<object", "<embed", "srcset", "xlink:href", "//"] {
        // "//" only counts outside the text of the page: protocol-relative links or comments in CSS.
        if needle == "//" {
            if lower.contains("href=\"//") || lower.contains("src=\"//") { problems.append(needle) }
            continue
        }
        if lower.contains(needle) { problems.append(needle) }
    }
    // Every href is a fragment that names an id in the page, or a page of the report (by its path
    // relative to `here`, percent-decoded) and an id in it.
    var rest = Substring(html)
    while let range = rest.range(of: "href=\"") {
        let after = rest[range.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { problems.append("unterminated href"); break }
        let target = String(after[..<end])
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let file = parts[0], fragment = parts.count > 1 ? parts[1] : nil
        let page: String?
        if file.isEmpty {
            page = html
        } else {
            var path = (here.isEmpty ? "" : here + "/") + (file.removingPercentEncoding ?? file)
            while let r = path.range(of: "[^/]+/\\.\\./", options: .regularExpression) { path.removeSubrange(r) }
            page = pages[path]
        }
        if page == nil {
            problems.append("href=\"\(target)\"")
        } else if let fragment, !page!.contains("id=\"\(fragment)\"") {
            problems.append("dangling #\(fragment)")
        }
        rest = after[end...]
    }
    return problems
}

/// Every page of a report, by its path relative to the summary's folder.
func reportFiles(_ report: HTMLReport, summaryName: String) -> [String: String] {
    var files = [summaryName: report.summary]
    let folder = HTMLReport.folderName(forSummary: summaryName)
    for page in report.pages { files[folder + "/" + page.name] = page.text }
    return files
}

/// Every link of every page of a report resolves: summary → unit pages, unit pages → the summary.
func reportLinkProblems(_ report: HTMLReport, summaryName: String) -> [String] {
    let files = reportFiles(report, summaryName: summaryName)
    var problems = externalReferences(report.summary, pages: files).map { "\(summaryName): \($0)" }
    let folder = HTMLReport.folderName(forSummary: summaryName)
    for page in report.pages {
        problems += externalReferences(page.text, pages: files, here: folder).map { "\(page.name): \($0)" }
    }
    return problems
}

struct HTMLReportTests {
    func regionHTML(summaryName: String = "report.html") throws -> (HTMLReport, HTMLReport) {
        let (view, _) = try RegionTests().region()
        let region = RegionReport(view).html(summaryName: summaryName)
        let compare = ComparisonReport(UnitsComparison(plan: view.plan, results: view.units.map(\.result))).html(summaryName: summaryName)
        return (region, compare)
    }

    @Test func noExternalReference() throws {
        let (region, compare) = try regionHTML()
        #expect(reportLinkProblems(region, summaryName: "report.html") == [])
        #expect(reportLinkProblems(compare, summaryName: "report.html") == [])
        #expect(region.summary.hasPrefix("<!DOCTYPE html>"))
        #expect(region.summary.contains("@page { size: A4"))
        #expect(region.summary.contains("@media print"))
        #expect(region.summary.contains("<svg"))
        // A summary named in Chinese, with a space: its folder and links follow, percent-encoded.
        let (named, _) = try regionHTML(summaryName: "通报 2023.html")
        #expect(reportLinkProblems(named, summaryName: "通报 2023.html") == [])
        #expect(named.summary.contains("href=\"%E9%80%9A%E6%8A%A5%202023_files/city1.html\""))
    }

    /// The summary ranks each level on its own, says who issues it and when, and names no folder of
    /// this machine; each unit's page carries the unit's name on every printed page.
    @Test func summaryRanksEachLevel() throws {
        let (view, _) = try RegionTests().region()
        let issue = ReportIssue(issuer: "某市法治政府建设领导小组办公室", date: CalendarDate(year: 2024, month: 1, day: 15)!)
        let report = RegionReport(view).html(summaryName: "report.html", issue: issue)
        let summary = report.summary
        let ranking = try #require(summary.range(of: "<section id=\"ranking\">")).upperBound
        let levels = ["市（1 个单位）", "县（市、区）（", "部门（1 个单位）"].map { summary.range(of: $0, range: ranking..<summary.endIndex)?.lowerBound }
        #expect(levels.allSatisfy { $0 != nil }, "\(levels)")
        #expect(levels.compactMap { $0 } == levels.compactMap { $0 }.sorted())
        // Each level starts at 1.
        #expect(summary.components(separatedBy: "<tr><td class=\"num\">1</td><td><span id=\"u--").count - 1 >= 3)
        #expect(summary.contains("<p>发文单位：某市法治政府建设领导小组办公室</p><p>日期：2024年1月15日</p>"))
        #expect(!summary.contains("/tmp/") && !summary.contains("/private/"))
        #expect(report.pages.count == view.units.count)
        let county = try #require(report.pages.first { $0.name == "county3.html" }?.text)
        #expect(county.contains("@page { @top-center { content: \"丁县 · "))
        #expect(county.contains("日期：2024年1月15日"))
        #expect(county.contains("名次</th><td>县（市、区）第 "))
    }
    /// The checker itself finds what it must.
    @Test func checkerCatchesExternalReferences() {
        #expect(externalReferences("<a href=\"https://example.org\">x</a>") == ["http", "href=\"https://example.org\""])
        #expect(externalReferences("<style>@import 'x.css';</style>") == ["@import"])
        #expect(externalReferences("<div style=\"background: url(x.png)\"></div>") == ["url("])
        #expect(externalReferences("<img src=\"a.png\">") == ["src=", "<img"])
        #expect(externalReferences("<a href=\"#nowhere\">x</a>") == ["dangling #nowhere"])
        #expect(externalReferences("<p id=\"here\"></p><a href=\"#here\">x</a>") == [])
        let pages = ["r.html": "<p id=\"u\"></p>", "r_files/a.html": "<p id=\"t\"></p>"]
        #expect(externalReferences("<a href=\"r_files/a.html#t\">x</a>", pages: pages) == [])
        #expect(externalReferences("<a href=\"r_files/b.html\">x</a>", pages: pages) == ["href=\"r_files/b.html\""])
        #expect(externalReferences("<a href=\"../r.html#v\">x</a>", pages: pages, here: "r_files") == ["dangling #v"])
        #expect(externalReferences("<a href=\"../r.html#u\">x</a>", pages: pages, here: "r_files") == [])
    }

    /// Every number is traceable: each heatmap cell links to the unit's row for that indicator, which
    /// gives the reason; each matrix cell links to the unit.
    @Test func numbersLinkToTheirEvidence() throws {
        let (report, _) = try regionHTML()
        let region = report.summary
        #expect(region.contains("href=\"report_files/county3.html#t--a-1\""))
        let county = try #require(report.pages.first { $0.name == "county3.html" }?.text)
        #expect(county.contains("id=\"t--a-1\""))
        #expect(county.contains("href=\"../report.html#u--county3\""))
        #expect(region.contains("id=\"u--county3\""))
        // The heatmap's tooltip names the unit, the indicator, the outcome and the reason.
        #expect(region.contains("<title>丁县 · a-1 1 甲一：未达到 — 评估人认定：未达到</title>"))
        // Region goal, quota and plan sections.
        #expect(region.contains("t-quota"))
        #expect(region.contains("超出比例：1 个单位须调出示范"))
        #expect(region.contains("2023-04-26 申报，晚于 2023-04-25"))
    }

    @Test func escapesText() {
        #expect(HTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.anchor("t", "县 1", "a-1") == "t--_53bf__20_1--a-1")
    }
}
