public import FazhiCore
import FazhiBase

/// Reads the figures of a narrative report and attaches them to metrics through the catalog's
/// recognition patterns (docs/ruleset-format.md, "Recognition patterns").
public struct Extractor: Sendable {
    package let catalog: MetricCatalog
    /// Figures below this confidence are listed for the assessor, not written as facts.
    package var minimumConfidence = 0.5
    let patterns: [CompiledPattern]

    struct CompiledPattern: Sendable {
        let metric: Metric
        let pattern: MetricPattern
        let near: [[Unicode.Scalar]]
        let context: [[Unicode.Scalar]]
        let exclude: [[Unicode.Scalar]]
        let counters: Set<String>
    }

    public init(catalog: MetricCatalog) {
        self.catalog = catalog
        var compiled: [CompiledPattern] = []
        for metric in catalog.metrics {
            for pattern in metric.patterns {
                compiled.append(CompiledPattern(metric: metric, pattern: pattern, near: pattern.near.map { Array($0.unicodeScalars) },
                                                context: pattern.context.map { Array($0.unicodeScalars) },
                                                exclude: pattern.exclude.map { Array($0.unicodeScalars) }, counters: Set(pattern.counters)))
            }
        }
        patterns = compiled
    }

    /// One figure (or statement) attached to one metric, before the report-wide choice.
    struct Candidate {
        var pattern: Int
        var figure: Int?
        /// Where the naming word stands in the sentence.
        var occurrence: Range<Int>
        var distance: Int
        var after: Bool
        var value: FixedPoint
        var confidence: Double
        var notes: [String]
        var line: Int
        var clause: Range<Int>
        var written: String
        var quote: String
        var metricID: String
        /// Further figures summed into this one (公园6个、长廊22处).
        var parts: [Int] = []
    }

    static let universal = ["所有", "全部", "均", "一律", "全都", "无一例外", "全覆盖", "应审尽审", "应备尽备", "应出尽出", "应公开尽公开", "应诉尽诉"]
        .map { Array($0.unicodeScalars) }
    /// 均 inside these words is not "all".
    static let notUniversal = ["平均", "人均", "均衡", "均等", "均值", "户均", "年均", "日均", "月均"].map { Array($0.unicodeScalars) }
    static let negations = ["未", "没有", "尚", "不够", "不到", "不足", "并非", "不是", "有待", "仍有", "个别"].map { Array($0.unicodeScalars) }
    static let nothing = ["未发生", "没有发生", "未出现", "没有出现", "无一", "零发生", "均未"].map { Array($0.unicodeScalars) }
    static let targetWords = ["力争", "争取", "计划", "拟", "目标", "预计", "要求", "应当", "必须"].map { Array($0.unicodeScalars) }
    static let listConnectors: Set<Unicode.Scalar> = ["、", "和", "及", "与", "以", "暨", "，", ","]
    static let respectively = Array("分别".unicodeScalars)

    public func extract(_ report: NarrativeReport) -> Extraction {
        var all: [Candidate] = []
        var unattached: [(Int, Int, UnattachedFigure)] = []  // (sentence, order, figure) for report order
        let sentences = SentenceSplitter.sentences(report)
        for (si, sentence) in sentences.enumerated() {
            let figures = FigureScanner.figures(in: sentence)
            let clauses = sentence.clauses
            let targetEnd = targetEnd(sentence)
            var (chosen, uncertain, misfits) = candidates(in: sentence, figures: figures)
            chosen.sort { (figures.position($0), $0.occurrence.lowerBound) < (figures.position($1), $1.occurrence.lowerBound) }
            all += chosen
            // Figures no candidate kept: listed for the assessor.
            let used = Set(chosen.compactMap(\.figure) + chosen.flatMap(\.parts))
            // Bare numbers (no measure word, no percent sign: list numbers, 12345 hotlines) are not listed.
            for (fi, f) in figures.enumerated() where !used.contains(fi) && [.figure, .change, .previous].contains(f.role)
                && (f.counter != nil || f.isPercent) {
                let clause = Self.clause(of: f.numberRange.lowerBound, in: clauses).map { clauses[$0] } ?? 0..<sentence.scalars.count
                let reason: UnattachedFigure.Reason
                if f.role == .change || f.role == .previous { reason = .change }
                else if sentence.inPlanSection || targetEnd <= clause.upperBound { reason = .target }
                else if let u = uncertain[fi] { reason = .uncertain(metric: u.metricID, confidence: u.confidence) }
                else if let m = misfits[fi] { reason = .doesNotFit(metric: m) }
                else { reason = .noPattern }
                unattached.append((si, f.range.lowerBound, UnattachedFigure(line: f.line, written: sentence.quote(f.range),
                                                                             quote: sentence.excerpt(clause, around: f.range), reason: reason)))
            }
        }
        // One fact per metric: the most confident (the first on a tie); the rest are alternatives.
        var best: [String: Int] = [:]
        for (i, c) in all.enumerated() {
            if let b = best[c.metricID], all[b].confidence >= c.confidence { continue }
            best[c.metricID] = i
        }
        var facts: [ExtractedFact] = []
        var alternatives: [ExtractedFact] = []
        for (i, c) in all.enumerated() {
            let fact = ExtractedFact(metric: patterns[c.pattern].metric, value: c.value, line: c.line, quote: c.quote,
                                     written: c.written, confidence: c.confidence, notes: c.notes)
            if best[c.metricID] == i { facts.append(fact) } else { alternatives.append(fact) }
        }
        let (title, period) = Self.titleAndPeriod(report)
        return Extraction(report: report, facts: facts, alternatives: alternatives,
                          unattached: unattached.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2), title: title, period: period,
                          warning: Self.planWarning(report, title: title))
    }

    // MARK: One sentence

    /// The candidates kept in a sentence, the best rejected-for-confidence candidate per figure, and
    /// figures whose value did not fit a metric whose words named it.
    func candidates(in sentence: Sentence, figures: [Figure]) -> ([Candidate], [Int: Candidate], [Int: String]) {
        let s = sentence.scalars
        let clauses = sentence.clauses
        var found: [Candidate] = []
        var misfits: [Int: String] = [:]
        // Linear in the sentence, whatever its number of clauses and figures (a 60 KB sentence of
        // thousands of figures took seconds when each figure rescanned the sentence): the figures of
        // each clause, the end of the first target word and each pattern's context are found once.
        var byClause = [[Int]](repeating: [], count: clauses.count)
        for fi in figures.indices {
            if let ci = Self.clause(of: figures[fi].numberRange.lowerBound, in: clauses) { byClause[ci].append(fi) }
        }
        let targetEnd = targetEnd(sentence)
        var contextFound = [Bool?](repeating: nil, count: patterns.count)
        for (ci, clause) in clauses.enumerated() {
            let inClause = byClause[ci]
            let target = sentence.inPlanSection || targetEnd <= clause.upperBound
            let several = inClause.lazy.filter { figures[$0].role == .figure }.dropFirst().first != nil
            var allowedHere = [Bool?](repeating: nil, count: patterns.count)
            func allowed(_ pi: Int) -> Bool {
                if let known = allowedHere[pi] { return known }
                let cp = patterns[pi]
                let context: Bool
                if let known = contextFound[pi] { context = known } else {
                    context = cp.context.isEmpty || cp.context.contains { Scan.contains(s, $0, within: 0..<s.count) }
                    contextFound[pi] = context
                }
                let answer = context && !cp.exclude.contains { Scan.contains(s, $0, within: clause) }
                allowedHere[pi] = answer
                return answer
            }
            for (k, fi) in inClause.enumerated() {
                let f = figures[fi]
                guard f.role == .figure, !target else { continue }
                // The stretch before the number ends at the previous number (an old value 由3个工作日… does
                // not end it: the naming word stands before both).
                let previous = inClause[..<k].last { figures[$0].role != .previous }
                let leftStart = previous.map { max(clause.lowerBound, figures[$0].range.upperBound) } ?? clause.lowerBound
                let rightEnd = k + 1 < inClause.count ? min(clause.upperBound, figures[inClause[k + 1]].range.lowerBound) : clause.upperBound
                for (pi, cp) in patterns.enumerated() where cp.pattern.form == .figure {
                    guard allowed(pi) else { continue }
                    var hits: [(Range<Int>, Int, Bool)] = []
                    for word in cp.near {
                        if cp.pattern.side != .after, leftStart < f.range.lowerBound {
                            for at in Scan.occurrences(of: word, in: s, within: leftStart..<f.range.lowerBound) {
                                let distance = f.range.lowerBound - (at + word.count)
                                if distance <= cp.pattern.within { hits.append((at..<(at + word.count), distance, false)) }
                            }
                        }
                        if cp.pattern.side != .before, f.range.upperBound < rightEnd {
                            for at in Scan.occurrences(of: word, in: s, within: f.range.upperBound..<rightEnd) {
                                let distance = at - f.range.upperBound
                                if distance <= cp.pattern.within { hits.append((at..<(at + word.count), distance, true)) }
                            }
                        }
                    }
                    guard !hits.isEmpty else { continue }
                    switch fit(f, cp) {
                    case .failure(let misfit):
                        if misfit.misfit { misfits[fi] = cp.metric.id }
                        continue
                    case .success(let (value, notes, penalty)):
                        for (occurrence, distance, after) in hits {
                            var confidence = cp.pattern.confidence - penalty
                            confidence -= min(0.2, 0.01 * Double(max(0, distance - 2)))
                            if after { confidence -= 0.02 }
                            found.append(Candidate(pattern: pi, figure: fi, occurrence: occurrence, distance: distance, after: after,
                                                   value: value, confidence: confidence, notes: notes, line: f.line, clause: clause,
                                                   written: sentence.quote(f.range),
                                                   quote: sentence.excerpt(several ? quoteRange(fi, occurrence, clause, figures, s) : clause,
                                                                          around: min(occurrence.lowerBound, f.range.lowerBound)..<max(occurrence.upperBound, f.range.upperBound)),
                                                   metricID: cp.metric.id))
                        }
                    }
                }
            }
            // Statements: 所有复议案件均在法定期限内审结 (100%), 未发生… (0). A number may stand in the clause
            // (全县26个部门全部落实…) but not between the marker and the naming word, and no percentage.
            let numbers = inClause.filter { [.figure, .change, .previous].contains(figures[$0].role) }
            if !target, !numbers.contains(where: { figures[$0].isPercent || figures[$0].isPercentagePoints }) {
                let allAt = universalPositions(s, clause)
                let noneAt = Self.nothing.flatMap { Scan.occurrences(of: $0, in: s, within: clause) }
                let negated = Self.negations.contains { Scan.contains(s, $0, within: clause) }
                for (pi, cp) in patterns.enumerated() where (cp.pattern.form == .all && !allAt.isEmpty && !negated) || (cp.pattern.form == .none && !noneAt.isEmpty) {
                    guard allowed(pi) else { continue }
                    let markers = cp.pattern.form == .all ? allAt : noneAt
                    for word in cp.near {
                        for at in Scan.occurrences(of: word, in: s, within: clause) {
                            let clear = markers.contains { m in
                                let span = min(m, at)..<max(m + 1, at + word.count)
                                return !numbers.contains { figures[$0].range.overlaps(span) }
                            }
                            guard clear else { continue }
                            let value: FixedPoint = cp.pattern.form == .all ? .one : .zero
                            let quoted = sentence.excerpt(clause, around: at..<(at + word.count))
                            let note = cp.pattern.form == .all
                                ? "原文“\(quoted)”说的是全部，没有写百分比，读作100%"
                                : "原文“\(quoted)”说的是没有发生，读作0"
                            found.append(Candidate(pattern: pi, figure: nil, occurrence: at..<(at + word.count), distance: 0, after: false,
                                                   value: value, confidence: cp.pattern.confidence, notes: [note], line: sentence.lines[at],
                                                   clause: clause, written: sentence.quote(at..<(at + word.count)), quote: quoted,
                                                   metricID: cp.metric.id))
                        }
                    }
                }
            }
        }
        var kept = resolve(found, figures: figures, sentence: sentence)
        var uncertain: [Int: Candidate] = [:]
        kept.removeAll { c in
            guard c.confidence < minimumConfidence else { return false }
            if let fi = c.figure, uncertain[fi].map({ $0.confidence < c.confidence }) ?? true { uncertain[fi] = c }
            return true
        }
        return (kept, uncertain, misfits)
    }

    /// What a fact quotes: its clause; when the clause holds several numbers, the part between 、 that
    /// holds this one (宣布失效 1 件 of 宣布失效 1 件、废止 6 件、继续有效 13 件), with its naming word.
    /// (Called only when the clause holds several figures.)
    func quoteRange(_ fi: Int, _ occurrence: Range<Int>, _ clause: Range<Int>, _ figures: [Figure],
                    _ s: [Unicode.Scalar]) -> Range<Int> {
        let f = figures[fi]
        var lo = f.numberRange.lowerBound
        while lo > clause.lowerBound, s[lo - 1] != "、" { lo -= 1 }
        var hi = f.range.upperBound
        while hi < clause.upperBound, s[hi] != "、" { hi += 1 }
        return min(lo, occurrence.lowerBound)..<max(hi, occurrence.upperBound)
    }

    /// Where the first target or plan word (力争/计划/目标…) ends in the sentence, or Int.max: a clause
    /// ending at or after it is a target (力争会前学法不少于12次，执法监督检查不少于12次: both are targets).
    func targetEnd(_ sentence: Sentence) -> Int {
        Self.targetWords.compactMap { word in Scan.first(word, in: sentence.scalars, within: 0..<sentence.scalars.count).map { $0 + word.count } }.min() ?? Int.max
    }

    /// The index of the clause holding position `at` (clauses are sorted and disjoint), by bisection.
    static func clause(of at: Int, in clauses: [Range<Int>]) -> Int? {
        var lo = 0, hi = clauses.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if clauses[mid].upperBound <= at { lo = mid + 1 } else { hi = mid }
        }
        return lo < clauses.count && clauses[lo].contains(at) ? lo : nil
    }

    /// Where the clause says "all" (所有, 全部, 均 but not 平均 …).
    func universalPositions(_ s: [Unicode.Scalar], _ clause: Range<Int>) -> [Int] {
        var out: [Int] = []
        for word in Self.universal {
            for at in Scan.occurrences(of: word, in: s, within: clause) {
                if word == ["均"], Self.notUniversal.contains(where: { w in
                    (0..<w.count).contains { offset in Scan.matches(s, at: at - offset, w) && w[offset] == "均" }
                }) { continue }
                out.append(at)
            }
        }
        return out
    }

    /// The figure's value in the metric's unit, its notes and the confidence it costs; or failure
    /// (true when the words named it but the value cannot be this metric's: 120%, 2.5 件).
    func fit(_ f: Figure, _ cp: CompiledPattern) -> Result<(FixedPoint, [String], Double), FitFailure> {
        let metric = cp.metric
        var notes: [String] = []
        var penalty = 0.0
        var raw = f.raw
        switch metric.unit {
        case .percent:
            guard f.isPercent, !f.isPercentagePoints else { return .failure(FitFailure(false)) }
            guard raw >= 0, raw <= FixedPoint.scale else { return .failure(FitFailure(true)) }
        case .count:
            guard !f.isPercent, let counter = f.counter, cp.counters.contains(counter) else { return .failure(FitFailure(false)) }
            raw = f.scaledRaw
            guard raw % FixedPoint.scale == 0, raw >= 0 else { return .failure(FitFailure(true)) }
            if f.perYear > 1, let phrase = f.perPhrase {
                notes.append("原文“\(phrase)”，按全年记为\(FixedPoint(raw: raw))")
                penalty += 0.1
            }
        case .days, .working_days, .hours, .minutes, .score:
            guard !f.isPercent, let counter = f.counter, cp.counters.contains(counter) else { return .failure(FitFailure(false)) }
            guard raw >= 0 else { return .failure(FitFailure(true)) }
            if metric.unit == .score, raw > 100 * FixedPoint.scale { return .failure(FitFailure(true)) }
        case .boolean:
            return .failure(FitFailure(false))
        }
        // No metric's value reaches a billion; evidence files refuse numbers past about 9×10¹⁰.
        guard raw <= Self.largestValue else { return .failure(FitFailure(true)) }
        let value = FixedPoint(raw: raw)
        if f.approximate {
            notes.append("原文“\(f.written)”是约数，记为\(metric.unit.format(value))")
            penalty += 0.25
        }
        if let bound = f.bound {
            let favourable = (bound == .lower) == (metric.direction == .higher)
            notes.append("原文“\(f.written)”，\(bound == .lower ? "记其下限" : "记其上限")\(metric.unit.format(value))\(favourable ? "" : "（与指标方向相反，须核实）")")
            penalty += favourable ? 0.05 : 0.45
        }
        if f.chinese { notes.append("原文为汉字数字") }
        return .success((value, notes, penalty))
    }

    static let largestValue: Int64 = 1_000_000_000 * 1_000_000

    struct FitFailure: Error {
        let misfit: Bool
        init(_ misfit: Bool) { self.misfit = misfit }
    }

    // MARK: Choosing among candidates

    func resolve(_ found: [Candidate], figures: [Figure], sentence: Sentence) -> [Candidate] {
        // Steps 1 and 1b compare candidates of the same figure only: grouped by figure first, so that a
        // sentence of thousands of figures is not compared pair by pair.
        var sameFigure: [Int?: [Int]] = [:]
        for (i, c) in found.enumerated() { sameFigure[c.figure, default: []].append(i) }
        // 1. Overlapping words: the longer, more specific word wins (规范性文件合法性审查率 over 合法性审查率).
        let longer = found.indices.filter { i in
            let a = found[i]
            return !sameFigure[a.figure, default: []].contains { j in
                let b = found[j]
                return b.occurrence.count > a.occurrence.count && b.occurrence.overlaps(a.occurrence)
            }
        }
        var kept: [Int?: [Int]] = [:]
        for i in longer { kept[found[i].figure, default: []].append(i) }
        // 1b. The same word at the same place for two metrics: a pattern whose context is met wins over one
        //     without context (合法性审核率 in a sentence about 规范性文件 is that metric's, not the general one).
        var list = longer.filter { i in
            let a = found[i]
            guard patterns[a.pattern].context.isEmpty else { return true }
            return !kept[a.figure, default: []].contains { j in
                found[j].occurrence == a.occurrence && !patterns[found[j].pattern].context.isEmpty
            }
        }.map { found[$0] }
        // 2. 分别: the numbers after it pair with the words before it, in order.
        list = pairRespectively(list, figures: figures, sentence: sentence)
        // 3. One word (at one place, for one metric) names one number: the nearest (before on a tie).
        var byWord: [String: Int] = [:]
        for (i, c) in list.enumerated() {
            let key = "\(c.metricID)@\(c.occurrence.lowerBound)"
            if let j = byWord[key] {
                let o = list[j]
                if (c.distance, c.after ? 1 : 0, -c.confidence) < (o.distance, o.after ? 1 : 0, -o.confidence) { byWord[key] = i }
            } else {
                byWord[key] = i
            }
        }
        list = byWord.values.sorted().map { list[$0] }
        // 4. One number, one value per metric: the most confident.
        var byMetric: [String: Int] = [:]
        for (i, c) in list.enumerated() {
            let key = "\(c.metricID)#\(c.figure.map(String.init) ?? "s\(c.clause.lowerBound)")"
            if let j = byMetric[key], list[j].confidence >= c.confidence { continue }
            byMetric[key] = i
        }
        list = byMetric.values.sorted().map { list[$0] }
        // 5. A number with several metrics keeps them only when their words form a list before it
        //    (面复率、办复率和满意率均达到 100%); otherwise only the nearest.
        var out: [Candidate] = []
        let groups = Dictionary(grouping: list.indices, by: { list[$0].figure ?? -1 - list[$0].clause.lowerBound })
        for key in groups.keys.sorted() {
            let members = groups[key]!.map { list[$0] }
            guard members.count > 1, key >= 0 else { out += members; continue }
            let places = Set(members.map(\.occurrence.lowerBound)).sorted()
            if places.count == 1 { out += members; continue }
            if isList(members, sentence.scalars) {
                out += members.map { c in
                    var c = c
                    c.confidence -= 0.05
                    c.notes.append("与同列的其他指标共用这个数字")
                    return c
                }
            } else {
                let nearest = members.min { ($0.distance, $0.after ? 1 : 0, -$0.confidence) < ($1.distance, $1.after ? 1 : 0, -$1.confidence) }!
                out += members.filter { $0.occurrence == nearest.occurrence }
            }
        }
        return sumParts(out, figures: figures, sentence: sentence)
    }

    /// 建成法治文化公园6个、法治宣传长廊22处: one count metric named part by part in a list joined by 、
    /// is the sum of the parts.
    func sumParts(_ list: [Candidate], figures: [Figure], sentence: Sentence) -> [Candidate] {
        let s = sentence.scalars
        var out: [Candidate] = []
        var done = Set<Int>()
        for (i, c) in list.enumerated() where !done.contains(i) {
            guard let fi = c.figure, patterns[c.pattern].metric.unit == .count, !c.after else { out.append(c); continue }
            var parts = [c]
            var last = figures[fi]
            for (j, d) in list.enumerated() where j > i && !done.contains(j) {
                guard d.metricID == c.metricID, let fj = d.figure, !d.after, d.clause == c.clause,
                      figures[fj].range.lowerBound > last.range.upperBound, d.occurrence.lowerBound >= last.range.upperBound,
                      s[last.range.upperBound..<d.occurrence.lowerBound].allSatisfy({ $0 == "、" }),
                      d.occurrence.lowerBound > last.range.upperBound else { continue }
                parts.append(d)
                done.insert(j)
                last = figures[fj]
            }
            let total = parts.reduce(Int64(0)) { $0 + $1.value.raw }  // each part ≤ largestValue: no overflow
            guard parts.count > 1, total <= Self.largestValue else { out.append(contentsOf: parts); continue }
            var sum = c
            sum.value = FixedPoint(raw: total)
            sum.confidence = parts.map(\.confidence).min()! - 0.1
            sum.written = sentence.quote(c.occurrence.lowerBound..<last.range.upperBound)
            sum.quote = sum.written
            sum.parts = parts.dropFirst().compactMap(\.figure)
            sum.notes = ["合计：" + parts.map(\.written).joined(separator: "＋") + "＝\(sum.value)"] + parts.flatMap(\.notes)
            out.append(sum)
        }
        return out
    }

    /// The words all stand before the number, one after another, with only list connectors between.
    func isList(_ members: [Candidate], _ s: [Unicode.Scalar]) -> Bool {
        guard members.allSatisfy({ !$0.after }) else { return false }
        let ranges = members.map(\.occurrence).sorted { $0.lowerBound < $1.lowerBound }
        for (a, b) in zip(ranges, ranges.dropFirst()) where a != b {
            guard b.lowerBound >= a.upperBound else { continue }
            let gap = s[a.upperBound..<b.lowerBound]
            // 面复率、办复率和满意率: a connector or two between the words.
            guard gap.count <= 2, gap.allSatisfy({ Self.listConnectors.contains($0) }), !gap.isEmpty else { return false }
        }
        return true
    }

    /// 面复率、办复率分别为 95%、98%: the i-th word goes with the i-th number after 分别.
    func pairRespectively(_ list: [Candidate], figures: [Figure], sentence: Sentence) -> [Candidate] {
        let s = sentence.scalars
        var out = list
        let clauses = sentence.clauses
        for (ci, clause) in clauses.enumerated() {
            guard let at = Scan.first(Self.respectively, in: s, within: clause) else { continue }
            // The numbers after 分别 in its clause (分别为 95%、98%).
            let after = figures.indices.filter { figures[$0].role == .figure && figures[$0].numberRange.lowerBound > at }
                .filter { i in Self.clause(of: figures[i].numberRange.lowerBound, in: clauses) == ci }
            guard after.count >= 2 else { continue }
            let involved = Set(after)
            let pool = out.filter { c in c.figure.map(involved.contains) == true && c.occurrence.upperBound <= at && !c.after }
            out.removeAll { c in c.figure.map(involved.contains) == true }
            let places = Set(pool.map(\.occurrence.lowerBound)).sorted()
            guard places.count == after.count else { continue }  // cannot pair: leave them all out
            for (place, fi) in zip(places, after) {
                for c in pool where c.occurrence.lowerBound == place {
                    guard case .success(let (value, notes, penalty)) = fit(figures[fi], patterns[c.pattern]) else { continue }
                    var paired = c
                    paired.figure = fi
                    paired.value = value
                    paired.notes = notes + ["按“分别”与前列的名称依次对应"]
                    paired.confidence = patterns[c.pattern].pattern.confidence - penalty - 0.1
                    paired.line = figures[fi].line
                    paired.written = sentence.quote(figures[fi].range)
                    paired.distance = figures[fi].range.lowerBound - c.occurrence.upperBound
                    out.append(paired)
                }
            }
        }
        return out
    }

    // MARK: Title and period

    /// The first line naming 报告 or 总结 near the top, and the year in it (关于2023年法治政府建设情况的报告).
    static func titleAndPeriod(_ report: NarrativeReport) -> (String?, Int?) {
        for text in topLines(report) {
            let scalars = Array(text.unicodeScalars)
            guard ["报告", "总结"].contains(where: { Scan.contains(scalars, Array($0.unicodeScalars), within: 0..<scalars.count) }),
                  scalars.count <= 80 else { continue }
            var year: Int?
            var i = 0
            while i + 4 < scalars.count {
                let digits = (0..<4).compactMap { Scan.digit(scalars[i + $0]) }
                if digits.count == 4, scalars[i + 4] == "年", i == 0 || Scan.digit(scalars[i - 1]) == nil {
                    let y = digits.reduce(0) { $0 * 10 + $1 }
                    if (1950...2100).contains(y) { year = y; break }
                }
                i += 1
            }
            return (text, year)
        }
        return (nil, nil)
    }

    /// The first 15 non-blank lines, trimmed.
    static func topLines(_ report: NarrativeReport) -> [String] {
        Array(report.lines.lazy.map(\.trimmingSpaces).filter { !$0.isEmpty }.prefix(15))
    }

    /// Words in the title of a plan, a notice or a list of targets rather than an annual report.
    static let planTitles = ["实施方案", "工作方案", "工作要点", "行动方案", "工作计划", "实施意见", "指标体系", "考核办法", "评估办法", "通知"]

    /// A warning when the document looks like a plan or notice, whose figures are targets, not results.
    static func planWarning(_ report: NarrativeReport, title: String?) -> String? {
        guard title == nil else { return nil }
        for line in topLines(report) where line.count <= 80 {
            if let word = planTitles.first(where: { line.contains($0) }) {
                return "这份文件看来不是年度报告，而是方案或通知（“\(line)”含“\(word)”）：其中的数字多为目标，不是已取得的结果"
            }
        }
        return nil
    }
}

extension [Figure] {
    /// Where a candidate's figure starts in the sentence (statements without a number sort by their word).
    func position(_ c: Extractor.Candidate) -> Int { c.figure.map { self[$0].range.lowerBound } ?? c.occurrence.lowerBound }
}
