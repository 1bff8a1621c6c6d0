package import FazhiCore
import FazhiBase

/// A self-contained HTML page: one file, styles inline, charts as inline SVG, no reference to anything
/// outside it (no scripts, fonts, images or style sheets from elsewhere; links only to anchors in the
/// page or to the other pages of the same report, by relative path). Written by hand rather than with a template or DSL package: the page is a few sections of
/// tables and SVG, and a string builder with one escaping function keeps every byte of it in view,
/// which is what the no-external-reference guarantee needs.
package struct HTMLPage: Sendable {
    package var title: String
    package var subtitle: [String]
    /// Printed at the top of every page (a unit's name on its detail pages).
    package var runningHeader: String?
    /// 发文单位 and 日期, closing the page.
    package var issue: ReportIssue?
    var body: [String] = []

    package init(title: String, subtitle: [String] = []) {
        self.title = title
        self.subtitle = subtitle
    }

    package mutating func add(_ html: String) { body.append(html) }

    package mutating func section(_ heading: String, id: String? = nil, note: String? = nil, _ content: String) {
        var s = "<section\(id.map { " id=\"\(HTML.escape($0))\"" } ?? "")><h2>\(HTML.escape(heading))</h2>"
        if let note { s += "<p class=\"note\">\(HTML.escape(note))</p>" }
        body.append(s + content + "</section>")
    }

    package func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTML.escape(title))</title>\n<style>\n\(HTML.css)"
        if let runningHeader { out += "@page { @top-center { content: \(HTML.cssString(runningHeader)); font-size: 8.5pt; color: #5f6368; } }\n" }
        out += "</style>\n</head>\n<body>\n<header>\n"
        out += "<h1>\(HTML.escape(title))</h1>\n"
        for line in subtitle { out += "<p class=\"meta\">\(HTML.escape(line))</p>\n" }
        out += "</header>\n<main>\n" + body.joined(separator: "\n") + "\n</main>\n"
        if let issue { out += "<footer>\(issue.html)</footer>\n" }
        return out + "</body>\n</html>\n"
    }
}

package enum HTML {
    /// A relative path for an `href`: each byte outside `A-Z a-z 0-9 - . _ ~ /` percent-encoded, so a
    /// file named `通报 2023#1.html` still links.
    package static func hrefPath(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 || b == 126 || b == 47 {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A CSS string literal: `"…"` with `\`, `"` and line breaks escaped, and `<` as `\3c ` so the text
    /// cannot end the style element.
    static func cssString(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r": out += "\\a "
            case "<": out += "\\3c "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// Text as HTML: `& < > " '` escaped.
    package static func escape(_ s: String) -> String {
        // Most text has nothing to escape: one pass over the bytes, no copy.
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An id usable as a fragment (`#…`): ASCII letters, digits and `-` kept, anything else as `_hex_`.
    package static func anchor(_ parts: String...) -> String {
        var out = ""
        for (i, part) in parts.enumerated() {
            if i > 0 { out += "--" }
            for s in part.unicodeScalars {
                let v = s.value
                if (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45 {
                    out.unicodeScalars.append(s)
                } else {
                    out += "_" + String(v, radix: 16) + "_"
                }
            }
        }
        return out
    }

    /// A table from cells that are already HTML, in a box that scrolls sideways on a narrow screen (the
    /// page itself never does).
    package static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], className: String? = nil,
                             widths: [String] = []) -> String {
        var s = "<div class=\"wide\"><table\(className.map { " class=\"\($0)\"" } ?? "")>"
        if !widths.isEmpty { s += "<colgroup>" + widths.map { "<col style=\"width: \($0)\">" }.joined() + "</colgroup>" }
        s += "<thead><tr>"
        for (i, h) in headers.enumerated() { s += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
        s += "</tr></thead><tbody>"
        for row in rows {
            s += "<tr>"
            for (i, c) in row.enumerated() { s += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(c)</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }

    /// The CSS class of an outcome (colours in `css`).
    package static func stateClass(_ state: OutcomeState) -> String {
        switch state {
        case .met: "s-met"
        case .partial: "s-partial"
        case .unmet: "s-unmet"
        case .noEvidence: "s-noev"
        case .notApplicable: "s-na"
        case .error: "s-error"
        }
    }

    /// Fill colours of outcomes, for SVG.
    package static func stateColor(_ state: OutcomeState) -> String {
        switch state {
        case .met: "#3a8f4b"
        case .partial: "#e0a526"
        case .unmet: "#c93c3c"
        case .noEvidence: "#8a6fb3"
        case .notApplicable: "#e4e4e4"
        case .error: "#333333"
        }
    }

    /// Colours for grade bands, best first.
    package static func gradeColor(_ rank: Int, of count: Int) -> String {
        let palette = ["#2f7d3f", "#6aa84f", "#e0a526", "#c93c3c", "#8e8e8e"]
        if count <= 1 { return palette[0] }
        if rank == count - 1 { return "#c93c3c" }
        if count == 3 { return [palette[0], "#e0a526", "#c93c3c"][rank] }
        return palette[Swift.min(rank, palette.count - 1)]
    }

    /// A legend of outcome colours.
    package static var stateLegend: String {
        OutcomeState.allCases.map { "<span class=\"key\"><span class=\"swatch \(stateClass($0))\"></span>\(escape($0.chinese))</span>" }
            .joined(separator: " ")
    }

    static func num(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static let css = """
        :root { --ink: #1d1d1f; --muted: #5f6368; --line: #d0d4d9; --head: #f1f3f5; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
               color: var(--ink); margin: 0 auto; max-width: 190mm; padding: 12mm 10mm; font-size: 10.5pt; line-height: 1.45; }
        header { border-bottom: 2px solid var(--ink); margin-bottom: 6mm; }
        h1 { font-size: 17pt; margin: 0 0 2mm; }
        h2 { font-size: 13pt; margin: 7mm 0 2mm; border-left: 4px solid #3a6ea5; padding-left: 2mm; }
        h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
        p { margin: 1mm 0; }
        .meta, .note { color: var(--muted); font-size: 9pt; }
        .warning { border: 1px solid #c93c3c; background: #fdf0f0; color: #8a1f1f; padding: 2mm 3mm; margin: 2mm 0; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9pt; }
        th, td { border: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
        th { background: var(--head); font-weight: 600; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        a { color: inherit; }
        table.evidence { table-layout: fixed; }
        table.evidence td { overflow-wrap: anywhere; }
        table.evidence td:nth-child(1), table.evidence td:nth-child(3) { white-space: nowrap; overflow-wrap: normal; }
        table.plan td:nth-child(-n+2), table.plan td:nth-child(4) { white-space: nowrap; }
        .grade { font-weight: bold; white-space: nowrap; }
        table.matrix th, table.matrix td { padding: 0.8mm 1.2mm; font-size: 8.5pt; white-space: nowrap; }
        table.targets { table-layout: fixed; }
        table.targets td { overflow-wrap: anywhere; }
        table.targets td:first-child { font-size: 8pt; }
        table.targets svg { width: 100%; }
        .nowrap { white-space: nowrap; }
        td .cite { overflow-wrap: anywhere; }
        .s-met { background: #d8efdc; } .s-partial { background: #fbeecb; } .s-unmet { background: #f6d5d5; }
        .s-noev { background: #e6def2; } .s-na { background: #f1f1f1; color: #777; } .s-error { background: #333; color: #fff; }
        .swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; border: 1px solid #999; }
        .key { margin-right: 3mm; font-size: 8.5pt; white-space: nowrap; }
        .swatch.s-met { background: #3a8f4b; } .swatch.s-partial { background: #e0a526; } .swatch.s-unmet { background: #c93c3c; }
        .swatch.s-noev { background: #8a6fb3; } .swatch.s-na { background: #e4e4e4; } .swatch.s-error { background: #333; }
        .profiles { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 5mm; }
        .profile h3 { margin: 1mm 0; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: inherit; }
        ul.gap { margin: 1mm 0 2mm; padding-left: 5mm; }
        ul.gap li { margin: 0.5mm 0; }
        .cite { color: var(--muted); font-size: 8.5pt; }
        .ok { color: #2f7d3f; font-weight: bold; } .bad { color: #b3261e; font-weight: bold; } .unk { color: #6b5b95; font-weight: bold; }
        .wide { overflow-x: auto; max-width: 100%; }
        nav.back { font-size: 9pt; margin-bottom: 2mm; }
        table.facts { width: auto; font-size: 10pt; }
        table.facts th { white-space: nowrap; }
        table.ranking { font-size: 8.5pt; }
        table.ranking td, table.ranking th { padding: 0.5mm 1.5mm; }
        footer { margin-top: 8mm; }
        .issue { margin-left: auto; width: max-content; max-width: 100%; text-align: left; font-size: 10.5pt; }
        @page { size: A4; margin: 14mm 12mm 16mm;
                @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 8.5pt; color: #5f6368; } }
        @media screen and (max-width: 600px) {
          body { padding: 4mm 3mm; font-size: 10pt; }
          h1 { font-size: 14pt; }
          .profiles { grid-template-columns: 1fr; }
          table.evidence { table-layout: auto; min-width: 560px; }
          table.targets { table-layout: auto; min-width: 520px; }
        }
        @media print {
          .wide { overflow: visible; }
          nav.back { display: none; }
          footer { break-inside: avoid; }
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          h2 { break-after: avoid; }
          section.chart, .profile, figure { break-inside: avoid; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          a { text-decoration: none; }
          section.appendix { break-before: page; }
        }

        """
}
