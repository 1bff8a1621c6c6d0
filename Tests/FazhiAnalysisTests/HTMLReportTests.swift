import FazhiAnalysis
import FazhiCore
import FazhiReports
import Foundation
import Testing

/// The HTML reports reference nothing outside themselves, and every link lands on an anchor in the page.
func externalReferences(_ html: String) -> [String] {
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
    // Every href is a fragment that names an id in the page.
    var rest = Substring(html)
    while let range = rest.range(of: "href=\"") {
        let after = rest[range.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { problems.append("unterminated href"); break }
        let target = after[..<end]
        if !target.hasPrefix("#") {
            problems.append("href=\"\(target)\"")
        } else if !html.contains("id=\"\(target.dropFirst())\"") {
            problems.append("dangling #\(target.dropFirst())")
        }
        rest = after[end...]
    }
    return problems
}

struct HTMLReportTests {
    func regionHTML() throws -> (String, String) {
        let (view, _) = try RegionTests().region()
        let region = RegionReport(view).html()
        let compare = ComparisonReport(UnitsComparison(plan: view.plan, results: view.units.map(\.result))).html()
        return (region, compare)
    }

    @Test func noExternalReference() throws {
        let (region, compare) = try regionHTML()
        #expect(externalReferences(region) == [])
        #expect(externalReferences(compare) == [])
        #expect(region.hasPrefix("<!DOCTYPE html>"))
        #expect(region.contains("@page { size: A4"))
        #expect(region.contains("@media print"))
        #expect(region.contains("<svg"))
    }

    /// The checker itself finds what it must.
    @Test func checkerCatchesExternalReferences() {
        #expect(externalReferences("<a href=\"https://example.org\">x</a>") == ["http", "href=\"https://example.org\""])
        #expect(externalReferences("<style>@import 'x.css';</style>") == ["@import"])
        #expect(externalReferences("<div style=\"background: url(x.png)\"></div>") == ["url("])
        #expect(externalReferences("<img src=\"a.png\">") == ["src=", "<img"])
        #expect(externalReferences("<a href=\"#nowhere\">x</a>") == ["dangling #nowhere"])
        #expect(externalReferences("<p id=\"here\"></p><a href=\"#here\">x</a>") == [])
    }

    /// Every number is traceable: each heatmap cell links to the unit's row for that indicator, which
    /// gives the reason; each matrix cell links to the unit.
    @Test func numbersLinkToTheirEvidence() throws {
        let (region, _) = try regionHTML()
        #expect(region.contains("href=\"#t--county3--a-1\""))
        #expect(region.contains("id=\"t--county3--a-1\""))
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
