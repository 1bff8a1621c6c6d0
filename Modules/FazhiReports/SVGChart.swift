package import FazhiCore
package import FazhiAnalysis

/// Inline SVG charts for the HTML report. No `xmlns` (inline SVG in HTML needs none) and no reference to
/// anything outside the page; every mark carries a `<title>` with the number it draws.
package enum SVGChart {
    static func t(_ s: String) -> String { HTML.escape(s) }
    static func n(_ v: Double) -> String { HTML.num(v) }

    /// Horizontal bars: one per item, length by count, with the count and share written beside it.
    package static func bars(_ items: [(label: String, count: Int, color: String)], total: Int, caption: String) -> String {
        let labelW = 90.0, barMax = 430.0, rowH = 26.0, width = 640.0
        let height = Double(items.count) * rowH + 24
        let top = Swift.max(1, items.map(\.count).max() ?? 1)
        var s = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(t(caption))\">"
        for (i, item) in items.enumerated() {
            let y = Double(i) * rowH + 4
            let w = barMax * Double(item.count) / Double(top)
            let share = total > 0 ? Fraction(item.count, total).percentText : "—"
            s += "<text x=\"\(n(labelW - 6))\" y=\"\(n(y + 15))\" text-anchor=\"end\" font-size=\"12\">\(t(item.label))</text>"
            s += "<rect x=\"\(n(labelW))\" y=\"\(n(y))\" width=\"\(n(Swift.max(w, 1)))\" height=\"\(n(rowH - 8))\" fill=\"\(item.color)\">"
            s += "<title>\(t(item.label))：\(item.count) 个单位（\(share)）</title></rect>"
            s += "<text x=\"\(n(labelW + w + 6))\" y=\"\(n(y + 14))\" font-size=\"11\">\(item.count) 个（\(share)）</text>"
        }
        s += "<text x=\"\(n(labelW))\" y=\"\(n(height - 4))\" font-size=\"10\" fill=\"#5f6368\">共 \(total) 个单位</text>"
        return s + "</svg>"
    }

    /// A unit's profile: one vertical bar per first-level group (completion), with the grade thresholds
    /// drawn across. `bars` values are fractions of one; nil draws an empty slot ("不计").
    package static func profile(_ bars: [(label: String, title: String, value: Double?, detail: String)],
                               thresholds: [(label: String, value: Double)], caption: String) -> String {
        let left = 30.0, bottom = 30.0, top = 8.0, chartH = 110.0
        let slot = bars.count > 8 ? 28.0 : 34.0
        let width = left + Double(bars.count) * slot + 34
        let height = top + chartH + bottom
        var s = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(t(caption))\">"
        for pct in [0.0, 0.5, 1.0] {
            let y = top + chartH * (1 - pct)
            s += "<line x1=\"\(n(left))\" x2=\"\(n(width - 30))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"#d0d4d9\" stroke-width=\"0.6\"/>"
            s += "<text x=\"\(n(left - 3))\" y=\"\(n(y + 3))\" text-anchor=\"end\" font-size=\"8\" fill=\"#5f6368\">\(Int(pct * 100))%</text>"
        }
        for (i, bar) in bars.enumerated() {
            let x = left + Double(i) * slot + 4
            let w = slot - 8
            if let v = bar.value {
                let h = chartH * Swift.max(0, Swift.min(1, v))
                let color = thresholds.first.map { v + 1e-12 >= $0.value } == true ? "#3a8f4b"
                    : (thresholds.count > 1 && v + 1e-12 >= thresholds[1].value ? "#e0a526" : "#c93c3c")
                s += "<rect x=\"\(n(x))\" y=\"\(n(top + chartH - h))\" width=\"\(n(w))\" height=\"\(n(Swift.max(h, 0.8)))\" fill=\"\(color)\">"
                s += "<title>\(t(bar.title))：\(t(bar.detail))</title></rect>"
            } else {
                s += "<rect x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(w))\" height=\"\(n(chartH))\" fill=\"none\" stroke=\"#c8c8c8\" stroke-dasharray=\"2 2\">"
                s += "<title>\(t(bar.title))：无计入指标</title></rect>"
            }
            s += "<text x=\"\(n(x + w / 2))\" y=\"\(n(top + chartH + 12))\" text-anchor=\"middle\" font-size=\"8.5\">\(t(bar.label))</text>"
        }
        for th in thresholds {
            let y = top + chartH * (1 - th.value)
            s += "<line x1=\"\(n(left))\" x2=\"\(n(width - 30))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"#1d1d1f\" stroke-width=\"0.8\" stroke-dasharray=\"4 2\"/>"
            s += "<text x=\"\(n(width - 28))\" y=\"\(n(y + 3))\" font-size=\"8\">\(t(th.label))</text>"
        }
        return s + "</svg>"
    }

    /// Units (rows) × indicators (columns), one coloured cell per outcome, columns grouped by first-level
    /// group. Each cell links to its row in the evidence appendix and says its outcome and reason.
    package static func heatmap(rows: [String], groups: [(label: String, columns: Int)],
                               cells: [[(state: OutcomeState, title: String, href: String)]], caption: String) -> String {
        let columns = cells.first?.count ?? 0
        let labelW = 74.0, maxW = 700.0, top = 18.0, rowH = 15.0
        let cellW = Swift.max(4.0, Swift.min(14.0, (maxW - labelW) / Double(Swift.max(columns, 1))))
        let width = labelW + cellW * Double(columns) + 4
        let height = top + rowH * Double(rows.count) + 4
        var s = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(t(caption))\">"
        var x = labelW
        for (gi, g) in groups.enumerated() {
            let w = cellW * Double(g.columns)
            if gi % 2 == 1 { s += "<rect x=\"\(n(x))\" y=\"0\" width=\"\(n(w))\" height=\"\(n(top - 3))\" fill=\"#eef1f4\"/>" }
            if w >= 16 { s += "<text x=\"\(n(x + w / 2))\" y=\"\(n(top - 6))\" text-anchor=\"middle\" font-size=\"8\">\(t(g.label))</text>" }
            x += w
        }
        for (r, name) in rows.enumerated() {
            let y = top + Double(r) * rowH
            s += "<text x=\"\(n(labelW - 4))\" y=\"\(n(y + rowH - 4))\" text-anchor=\"end\" font-size=\"10\">\(t(name))</text>"
            for (c, cell) in cells[r].enumerated() {
                s += "<a href=\"\(t(cell.href))\"><rect x=\"\(n(labelW + Double(c) * cellW))\" y=\"\(n(y))\" width=\"\(n(cellW - 1))\" height=\"\(n(rowH - 1))\" fill=\"\(HTML.stateColor(cell.state))\">"
                s += "<title>\(t(cell.title))</title></rect></a>"
            }
        }
        x = labelW
        for g in groups.dropLast() {
            x += cellW * Double(g.columns)
            s += "<line x1=\"\(n(x - 0.5))\" x2=\"\(n(x - 0.5))\" y1=\"\(n(top - 2))\" y2=\"\(n(height - 3))\" stroke=\"#1d1d1f\" stroke-width=\"0.8\"/>"
        }
        return s + "</svg>"
    }

    /// A share against a goal: the bar is the share of units at the grade; the marker is the goal.
    package static func goal(share: Fraction, min: Double?, max: Double?, label: String) -> String {
        let width = 150.0, height = 22.0, barW = 110.0
        let v = share.doubleValue
        let ok = (min.map { v + 1e-12 >= $0 } ?? true) && (max.map { v <= $0 + 1e-12 } ?? true)
        var s = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(t(label))\">"
        s += "<rect x=\"0\" y=\"4\" width=\"\(n(barW))\" height=\"12\" fill=\"#eef1f4\"/>"
        s += "<rect x=\"0\" y=\"4\" width=\"\(n(barW * v))\" height=\"12\" fill=\"\(ok ? "#3a8f4b" : "#c93c3c")\"><title>\(t(label))：\(share.percentText)</title></rect>"
        for (goal, sign) in [(min, "≥"), (max, "≤")] {
            guard let goal else { continue }
            s += "<line x1=\"\(n(barW * goal))\" x2=\"\(n(barW * goal))\" y1=\"1\" y2=\"19\" stroke=\"#1d1d1f\" stroke-width=\"1.5\"><title>目标 \(sign)\(Standing.percent(goal))</title></line>"
        }
        s += "<text x=\"\(n(barW + 6))\" y=\"14\" font-size=\"10\">\(share.percentText)</text>"
        return s + "</svg>"
    }
}
