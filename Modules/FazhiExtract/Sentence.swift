/// One sentence of a report, in the form the extractor reads: the characters with the spaces taken
/// out (a PDF conversion scatters them: "出庭率 100%", "审查 53 件"), each with its report line, and the
/// way back to the printed text for quotes.
package struct Sentence: Sendable {
    /// The characters, without whitespace (a space between two digits is kept, so "1 2" stays two numbers).
    package var scalars: [Unicode.Scalar]
    /// The report line (1-based) of each character.
    package var lines: [Int]
    /// The printed characters of the sentence, line breaks removed.
    var printed: [Unicode.Scalar]
    /// For each character of `scalars`, its index in `printed`.
    var printedIndex: [Int]
    /// In a section of plans (下一步工作打算): its figures are targets, not results.
    package var inPlanSection = false

    package var text: String {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars)
        return s
    }

    package var firstLine: Int { lines.first ?? 0 }

    /// The printed text from character `range.lowerBound` to `range.upperBound` (of `scalars`), spaces
    /// as printed, trimmed.
    package func quote(_ range: Range<Int>) -> String {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= scalars.count else { return "" }
        let from = printedIndex[range.lowerBound]
        let to = printedIndex[range.upperBound - 1]
        var s = ""
        s.unicodeScalars.append(contentsOf: printed[from...to])
        return s.trimmingSpaces
    }

    /// `quote(range)`, or where the range is over `limit` characters, the `limit` characters of it
    /// around `focus` with "…" where it was cut: a quote is there to find the place, and a clause of
    /// thousands of figures (一、二、…) quoted whole for each of them made output quadratic in its length.
    package func excerpt(_ range: Range<Int>, around focus: Range<Int>, limit: Int = 160) -> String {
        guard range.count > limit else { return quote(range) }
        let focus = focus.clamped(to: range)
        let width = max(limit, focus.count)
        var lo = max(range.lowerBound, focus.lowerBound - (width - focus.count) / 2)
        let hi = min(range.upperBound, lo + width)
        lo = max(range.lowerBound, hi - width)
        return (lo > range.lowerBound ? "…" : "") + quote(lo..<hi) + (hi < range.upperBound ? "…" : "")
    }

    /// The clauses: ranges of `scalars` between ，；：and the sentence's end. A comma between digits
    /// that groups thousands (1,758) does not end a clause.
    package var clauses: [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, c) in scalars.enumerated() where Sentence.clauseBreaks.contains(c) {
            if c == ",", Scan.isThousandsSeparator(scalars, at: i) { continue }
            if i > start { out.append(start..<i) }
            start = i + 1
        }
        if start < scalars.count { out.append(start..<scalars.count) }
        return out
    }

    static let clauseBreaks: Set<Unicode.Scalar> = ["，", ",", "；", ";", "：", ":", "。", "！", "？", "!", "?"]
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, Scan.isSpace(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, Scan.isSpace(l) { scalars = scalars.dropLast() }
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars)
        return s
    }
}

/// Cuts a report into sentences, keeping each character's line.
package enum SentenceSplitter {
    /// Sentences end at 。！？!? (with any closing quotation mark after them) and at a paragraph's end.
    /// A line that a PDF conversion broke in mid-sentence is joined to the next non-blank line: one that
    /// does not end in sentence punctuation, is at least `wrapWidth` characters long, and is not followed
    /// by a heading (一、 （一） 1. 第…条).
    package static func sentences(_ report: NarrativeReport, wrapWidth: Int = 20) -> [Sentence] {
        var out: [Sentence] = []
        var paragraph: [(Unicode.Scalar, Int)] = []
        var previous: [Unicode.Scalar]?
        var plan = false
        var paragraphPlan = false
        for (index, line) in report.lines.enumerated() {
            let scalars = Array(line.trimmingSpaces.unicodeScalars)
            if scalars.isEmpty { continue }
            if let prev = previous, !continues(prev, into: scalars, wrapWidth: wrapWidth) {
                split(paragraph, plan: paragraphPlan, into: &out)
                paragraph.removeAll()
            }
            if paragraph.isEmpty {
                // A top-level heading (一、 二、 …) opens or closes the section of plans.
                if isTopHeading(scalars) { plan = planWords.contains { Scan.contains(scalars, $0, within: 0..<min(scalars.count, 30)) } }
                paragraphPlan = plan
            }
            for s in scalars { paragraph.append((s, index + 1)) }
            previous = scalars
        }
        split(paragraph, plan: paragraphPlan, into: &out)
        return out
    }

    /// Headings of the part of a report that lists next year's plans.
    static let planWords = ["下一步", "工作打算", "工作计划", "工作思路", "工作安排", "主要安排", "工作重点", "努力方向", "明年"].map { Array($0.unicodeScalars) }

    /// 一、 二、 … at the start of a line.
    static func isTopHeading(_ line: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < line.count, Scan.chineseDigits[line[i]] != nil || line[i] == "十" { i += 1 }
        return i > 0 && i < line.count && line[i] == "、"
    }

    static let enders: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?"]
    static let closers: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", ")"]
    static let lineEnders: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "：", ":", "；", ";"]

    static func continues(_ previous: [Unicode.Scalar], into next: [Unicode.Scalar], wrapWidth: Int) -> Bool {
        guard let last = previous.last, !lineEnders.contains(last), previous.count >= wrapWidth else { return false }
        return !isHeading(next)
    }

    /// 一、 （一） (1) 1. 1、 第三条 at the start of a line.
    static func isHeading(_ line: [Unicode.Scalar]) -> Bool {
        guard let first = line.first else { return false }
        var i = 0
        if first == "（" || first == "(" {
            i = 1
            while i < line.count, Scan.chineseDigits[line[i]] != nil || Scan.digit(line[i]) != nil { i += 1 }
            return i > 1 && i < line.count && (line[i] == "）" || line[i] == ")")
        }
        if first == "第" { return line.prefix(8).contains("条") || line.prefix(8).contains("章") }
        while i < line.count, Scan.chineseDigits[line[i]] != nil || Scan.digit(line[i]) != nil { i += 1 }
        return i > 0 && i < line.count && ["、", ".", "．"].contains(line[i])
    }

    static func split(_ paragraph: [(Unicode.Scalar, Int)], plan: Bool, into out: inout [Sentence]) {
        var start = 0
        var i = 0
        while i < paragraph.count {
            if enders.contains(paragraph[i].0) {
                var end = i + 1
                while end < paragraph.count, enders.contains(paragraph[end].0) || closers.contains(paragraph[end].0) { end += 1 }
                if var s = sentence(paragraph[start..<end]) { s.inPlanSection = plan; out.append(s) }
                start = end
                i = end
                continue
            }
            i += 1
        }
        if start < paragraph.count, var s = sentence(paragraph[start...]) { s.inPlanSection = plan; out.append(s) }
    }

    static func sentence(_ part: ArraySlice<(Unicode.Scalar, Int)>) -> Sentence? {
        let printed = part.map(\.0)
        var scalars: [Unicode.Scalar] = []
        var lines: [Int] = []
        var index: [Int] = []
        for (k, (c, line)) in part.enumerated() {
            if Scan.isSpace(c) {
                // Keep one space between two digits: "1 2" is two numbers, not 12.
                let before = k > 0 ? Scan.digit(printed[k - 1]) : nil
                let after = k + 1 < printed.count ? Scan.digit(printed[k + 1]) : nil
                guard before != nil, after != nil, scalars.last.map(Scan.isSpace) != true else { continue }
            }
            scalars.append(c)
            lines.append(line)
            index.append(k)
        }
        guard scalars.contains(where: { !Scan.isSpace($0) }) else { return nil }
        return Sentence(scalars: scalars, lines: lines, printed: printed, printedIndex: index)
    }
}
