/// Finds the numbers in a sentence and reads each with its measure word and qualifiers.
///
/// Written by hand: no mirrored package reads Chinese numerals or measure words, and the rules are few.
enum FigureScanner {
    /// Measure words, longest first so that 个工作日 wins over 个 and 场次 over 场.
    static let counters: [[Unicode.Scalar]] = {
        let words = [
            "个工作日", "个自然日", "个百分点", "个小时", "个季度", "个月", "工作日", "自然日", "百分点", "小时", "分钟",
            "学时", "课时", "场次", "人次", "件次", "户次", "批次", "万人", "万元", "亿元", "万户",
            "个", "次", "件", "本", "卷", "项", "名", "位", "人", "支", "场", "期", "家", "所", "起", "份", "部", "条",
            "批", "轮", "篇", "类", "处", "座", "台", "户", "套", "天", "日", "周", "年", "元", "张", "宗", "例", "册",
            "堂", "届", "分",
        ]
        return words.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    }()

    static let lowerBefore = words(["不少于", "不低于", "不小于", "不短于", "至少", "最少", "超过", "多于", "高于", "逾"])
    static let upperBefore = words(["不超过", "不高于", "不多于", "不长于", "不大于", "最多", "至多", "最长", "少于", "低于", "控制在", "压缩至", "压缩到", "缩短至", "缩短到", "缩减至"])
    static let approximateBefore = words(["大约", "将近", "约为", "约", "近"])
    static let lowerAfter = words(["及以上", "以上"])
    static let upperAfter = words(["及以下", "以下", "以内", "之内", "内"])
    static let changeVerbs = words(["增长", "下降", "提高", "降低", "提升", "减少", "上升", "增加", "缩短", "压减", "增幅", "降幅", "减幅", "增速", "回落", "翻番"])
    static let comparisons = words(["同比", "环比", "较上年", "比上年", "较去年", "比去年", "较上一年", "较2022年", "比2022年", "较2023年", "比2023年"])
    static let levelMarkers = words(["至", "到", "为", "达到", "达"])
    static let perYear: [([Unicode.Scalar], Int)] = [("每半年", 2), ("每个季度", 4), ("每季度", 4), ("每个月", 12), ("每月", 12), ("每年", 1)]
        .map { (Array($0.0.unicodeScalars), $0.1) }
    /// Single 一 that is part of a word, not a count: 统一, 唯一, 之一, 逐一, 同一, 万一, 单一, 划一.
    static let wordsEndingInOne: Set<Unicode.Scalar> = ["统", "唯", "之", "逐", "同", "万", "单", "划", "专", "进"]

    /// 10¹¹ ×10⁶: the largest value read as a figure.
    static let largest: Int64 = 100_000_000_000 * 1_000_000

    static func words(_ list: [String]) -> [[Unicode.Scalar]] { list.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count } }

    /// Paired quotation marks and brackets whose contents are names, not figures: “最多跑一次”, 《…》, 〔2023〕.
    static let shields: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "《": "》", "〔": "〕", "「": "」", "‘": "’", "【": "】", "[": "]", "\"": "\""]

    static func figures(in sentence: Sentence) -> [Figure] {
        let s = sentence.scalars
        let shielded = shieldMask(s)
        var out: [Figure] = []
        var i = 0
        while i < s.count {
            if shielded[i] { i += 1; continue }
            if let figure = read(s, at: i, sentence: sentence) {
                if !shielded[figure.numberRange.lowerBound..<figure.numberRange.upperBound].contains(true) { out.append(figure) }
                i = max(i + 1, figure.range.upperBound)
                continue
            }
            // Skip the rest of a run of digits or numerals that did not make a figure.
            if Scan.digit(s[i]) != nil || Scan.isChineseNumeral(s[i]) {
                var j = i + 1
                while j < s.count, Scan.digit(s[j]) != nil || Scan.isDecimalPoint(s[j]) || Scan.isChineseNumeral(s[j]) { j += 1 }
                i = j
                continue
            }
            i += 1
        }
        return out
    }

    /// True inside a quotation, book title or bracket that closes within 40 characters.
    static func shieldMask(_ s: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: s.count)
        var i = 0
        while i < s.count {
            if let close = shields[s[i]] {
                var j = i + 1
                while j < s.count, j - i <= 40, s[j] != close { j += 1 }
                if j < s.count, s[j] == close {
                    for k in (i + 1)..<j { mask[k] = true }
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return mask
    }

    /// Reads a figure starting at `i`, or nil when no number starts there.
    static func read(_ s: [Unicode.Scalar], at i: Int, sentence: Sentence) -> Figure? {
        var j = i
        var raw: Int64
        var isPercent = false
        var chinese = false
        let previous: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        if Scan.matches(s, at: i, Array("百分之".unicodeScalars)) {
            // 百分之百, 百分之九十五点五, 百分之95
            j = i + 3
            if j < s.count, Scan.digit(s[j]) != nil {
                guard let (v, end) = arabic(s, at: j) else { return nil }
                raw = v
                j = end
            } else {
                let end = chineseRun(s, at: j)
                guard end > j, let v = ChineseNumeral.value(s[j..<end]) else { return nil }
                raw = v
                j = end
                chinese = true
            }
            raw /= 100
            isPercent = true
        } else if Scan.digit(s[i]) != nil {
            if let p = previous, p.isASCII, p.properties.isAlphabetic { return nil }  // G20, 5G are names
            if let p = previous, Scan.digit(p) != nil || Scan.isDecimalPoint(p) { return nil }
            guard let (v, end) = arabic(s, at: i) else { return nil }
            raw = v
            j = end
            // 万 and 亿 multiply (25.6万人, 3亿元 read as 256000 人 and 300000000 元).
            if j < s.count, s[j] == "万" || s[j] == "亿", !(j + 1 < s.count && ["人", "元", "户"].contains(s[j + 1]) && s[j] == "万") {
                let (product, overflow) = raw.multipliedReportingOverflow(by: s[j] == "万" ? 10_000 : 100_000_000)
                guard !overflow else { return nil }
                raw = product
                j += 1
            }
        } else if let first = Scan.chineseDigits[s[i]].map({ _ in s[i] }) ?? (s[i] == "十" ? s[i] : nil) {
            let end = chineseRun(s, at: i)
            guard end > i, let v = ChineseNumeral.value(s[i..<end]) else { return nil }
            if end - i == 1, first == "一", let p = previous, wordsEndingInOne.contains(p) { return nil }
            raw = v
            j = end
            chinese = true
        } else {
            return nil
        }
        // Past a hundred billion (生产总值 in 亿元 still fits) a number is not a figure; the cap keeps
        // every later product in range.
        guard raw <= Self.largest else { return nil }
        let numberStart = i
        var approximate = false
        // 余/多/来 after the number: 110余场次, 100多件.
        if j < s.count, s[j] == "余" || s[j] == "多" {
            approximate = true
            j += 1
        }
        var counter: String?
        var percentagePoints = false
        var role = Figure.Role.figure
        if !isPercent, j < s.count, Scan.isPercentSign(s[j]) {
            isPercent = true
            raw /= 100
            j += 1
        } else if !isPercent {
            if let word = counters.first(where: { Scan.matches(s, at: j, $0) }) {
                var text = ""
                text.unicodeScalars.append(contentsOf: word)
                // 一次性, 分之 (三分之二), 分别: not measure words here.
                let next: Unicode.Scalar? = j + word.count < s.count ? s[j + word.count] : nil
                if (text == "次" && next == "性") || (text == "分" && (next == "之" || next == "别" || chinese)) || (text == "个" && next == "人" && chinese) {
                    return nil
                }
                counter = text
                j += word.count
                if text == "个百分点" || text == "百分点" { percentagePoints = true }
            } else if j < s.count, s[j] == "月" {
                role = .date
                j += 1
            } else if j < s.count, s[j] == "号" {
                role = .documentNumber
                j += 1
            } else if chinese || approximate {
                return nil  // 一规划两纲要, 进一步: numerals without a measure word are not figures
            }
        }
        let numberEnd = isPercent ? j : min(j, numberEndWithoutCounter(s, i, j, counter))
        // Years, dates, document numbers, ordinals.
        let whole = raw % 1_000_000 == 0 ? raw / 1_000_000 : -1
        if counter == "年" || counter == "年度" {
            if (1950...2100).contains(whole) { role = .year }
        } else if counter == nil, !isPercent, (1950...2100).contains(whole), j < s.count, ["-", "—", "－", "~", "～", "至"].contains(s[j]),
                  j + 1 < s.count, Scan.digit(s[j + 1]) != nil {
            role = .year  // 2023-2025年
        }
        if counter == "日", let p = previous, p == "月" { role = .date }
        if let p = previous, p == "第" { role = .ordinal }
        if let p = previous, p == "〕" || p == "]" || p == "）", counter == nil { role = .documentNumber }
        // Qualifiers after: 以上, 以内, 左右.
        var bound: Figure.Bound?
        var boundWord: String?
        if let w = lowerAfter.first(where: { Scan.matches(s, at: j, $0) }) {
            bound = .lower; boundWord = string(w); j += w.count
        } else if let w = upperAfter.first(where: { Scan.matches(s, at: j, $0) }) {
            let next: Unicode.Scalar? = j + w.count < s.count ? s[j + w.count] : nil
            if string(w) != "内" || (next != "容" && next != "部" && next != "涵" && next != "控") {
                bound = .upper; boundWord = string(w); j += w.count
            }
        }
        if Scan.matches(s, at: j, Array("左右".unicodeScalars)) {
            approximate = true
            j += 2
        }
        // Qualifiers before: 不少于, 不超过, 约.
        var start = numberStart
        // The longest word that ends at the number: 不超过 (upper), not the 超过 (lower) inside it.
        let before = [(lowerBefore, 0), (upperBefore, 1), (approximateBefore, 2)]
            .flatMap { list, kind in list.filter { Scan.ends(s, at: numberStart, with: $0) }.map { ($0, kind) } }
            .max { $0.0.count < $1.0.count }
        if let (w, kind) = before {
            switch kind {
            case 0: bound = bound ?? .lower; boundWord = boundWord ?? string(w)
            case 1: bound = bound ?? .upper; boundWord = boundWord ?? string(w)
            default: approximate = true  // only directly before a number: 近 in 近年来 is not "nearly"
            }
            start -= w.count
        }
        // A change rather than a level: 同比增长 5.6%, 提高 3 个百分点 (but 提高到 95% is a level).
        if percentagePoints { role = role == .figure ? .change : role }
        if role == .figure, isChange(s, before: start) { role = .change }
        if role == .figure, isPrevious(s, start: start, end: j) { role = .previous }
        // 每半年开展一次 → 2 a year.
        var perYear = 1
        var perPhrase: String?
        if counter != nil, !isPercent {
            var k = start - 1
            let limit = max(0, start - 8)
            while k >= limit, !Sentence.clauseBreaks.contains(s[k]) {
                if let (_, n) = Self.perYear.first(where: { Scan.matches(s, at: k, $0.0) }) {
                    perYear = n
                    perPhrase = sentence.quote(k..<j)
                    break
                }
                k -= 1
            }
        }
        return Figure(role: role, raw: raw, isPercent: isPercent, isPercentagePoints: percentagePoints, counter: counter,
                      approximate: approximate, bound: bound, boundWord: boundWord, perYear: perYear, perPhrase: perPhrase,
                      chinese: chinese, range: start..<j, numberRange: numberStart..<numberEnd, line: sentence.lines[numberStart],
                      written: sentence.quote(start..<j))
    }

    static func numberEndWithoutCounter(_ s: [Unicode.Scalar], _ i: Int, _ j: Int, _ counter: String?) -> Int {
        j - (counter?.unicodeScalars.count ?? 0)
    }

    static func string(_ w: [Unicode.Scalar]) -> String {
        var t = ""
        t.unicodeScalars.append(contentsOf: w)
        return t
    }

    /// Arabic digits with thousands separators and a decimal part: the value ×10⁶ and the end.
    static func arabic(_ s: [Unicode.Scalar], at i: Int) -> (Int64, Int)? {
        var j = i
        var whole: Int64 = 0
        var digits = 0
        while j < s.count {
            if let d = Scan.digit(s[j]) {
                whole = whole * 10 + Int64(d)
                guard whole < 1_000_000_000_000 else { return nil }  // keeps whole × 10⁶ (and × 10⁴ for 万) in range
                digits += 1
                j += 1
            } else if s[j] == ",", Scan.isThousandsSeparator(s, at: j) {
                j += 1
            } else {
                break
            }
        }
        guard digits > 0 else { return nil }
        var fraction: Int64 = 0
        var scale: Int64 = 100_000
        if j + 1 < s.count, Scan.isDecimalPoint(s[j]), Scan.digit(s[j + 1]) != nil {
            j += 1
            while j < s.count, let d = Scan.digit(s[j]) {
                if scale > 0 { fraction += Int64(d) * scale; scale /= 10 }
                j += 1
            }
        }
        return (whole * 1_000_000 + fraction, j)
    }

    /// The end of a run of Chinese numerals starting at `i` (with 点 and decimals).
    static func chineseRun(_ s: [Unicode.Scalar], at i: Int) -> Int {
        var j = i
        while j < s.count, j - i < 14 {
            if Scan.isChineseNumeral(s[j]) { j += 1; continue }
            if s[j] == "点", j + 1 < s.count, Scan.chineseDigits[s[j + 1]] != nil, j > i { j += 1; continue }
            break
        }
        // A trailing 万/亿 with nothing after it stays part of the number; 两 must stand before a measure word.
        return j
    }

    static let fromWords = words(["由原来的", "从原来的", "由原来", "从原来", "由过去的", "从过去的", "由原", "从原", "由", "从"])
    static let changedTo = words(["压缩至", "压缩到", "缩短至", "缩短到", "减少至", "减少到", "降低至", "降低到", "降至", "提高至", "提高到",
                                  "提升至", "提升到", "增加至", "增加到", "增至", "减至", "缩减至", "压减至", "变为"])

    /// 由原来的3个工作日压缩至1个工作日: the number after 由/从 and before …至 is the old value.
    static func isPrevious(_ s: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        guard fromWords.contains(where: { Scan.ends(s, at: start, with: $0) }) else { return false }
        return changedTo.contains { Scan.matches(s, at: end, $0) }
    }

    /// Does the text before `start` say this number is a change (增长, 同比 …) rather than a level?
    static func isChange(_ s: [Unicode.Scalar], before start: Int) -> Bool {
        var end = start
        // 增长了 5%, 增长约 5%
        while end > 0, s[end - 1] == "了" || s[end - 1] == "约" { end -= 1 }
        if levelMarkers.contains(where: { Scan.ends(s, at: end, with: $0) }) { return false }
        if changeVerbs.contains(where: { Scan.ends(s, at: end, with: $0) }) { return true }
        // 同比 / 较上年 close before the number, in the same clause.
        var k = end - 1
        let limit = max(0, end - 10)
        while k >= limit, !Sentence.clauseBreaks.contains(s[k]) {
            if comparisons.contains(where: { Scan.matches(s, at: k, $0) }) { return true }
            k -= 1
        }
        return false
    }
}
