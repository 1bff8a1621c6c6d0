/// Character classes and small readers shared by the sentence splitter and the figure scanner.
enum Scan {
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{3000}" || c == "\u{A0}" || c == "\u{FEFF}" || c == "\u{200B}"
    }

    /// 0–9 in ASCII or full width.
    static func digit(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: Int(c.value - 0x30)
        case 0xFF10...0xFF19: Int(c.value - 0xFF10)
        default: nil
        }
    }

    static func isDecimalPoint(_ c: Unicode.Scalar) -> Bool { c == "." || c == "．" }
    static func isPercentSign(_ c: Unicode.Scalar) -> Bool { c == "%" || c == "％" || c == "﹪" }

    /// A comma at `i` that groups thousands: a digit before it and exactly three digits after it.
    static func isThousandsSeparator(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard s[i] == ",", i > 0, i + 3 < s.count, digit(s[i - 1]) != nil,
              digit(s[i + 1]) != nil, digit(s[i + 2]) != nil, digit(s[i + 3]) != nil else { return false }
        return i + 4 == s.count || digit(s[i + 4]) == nil
    }

    /// Chinese digits: 〇/零 to 九, and 两 (two, before a measure word).
    static let chineseDigits: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    /// Chinese powers of ten.
    static let chineseUnits: [Unicode.Scalar: Int64] = ["十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000]

    static func isChineseNumeral(_ c: Unicode.Scalar) -> Bool { chineseDigits[c] != nil || chineseUnits[c] != nil }

    /// Does `word` occur at `i` in `s`?
    static func matches(_ s: [Unicode.Scalar], at i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    /// Does `s[range]` end with `word`?
    static func ends(_ s: [Unicode.Scalar], at end: Int, with word: [Unicode.Scalar]) -> Bool {
        matches(s, at: end - word.count, word)
    }

    /// Every start of `word` in `s` within `range` (the whole word inside the range).
    static func occurrences(of word: [Unicode.Scalar], in s: [Unicode.Scalar], within range: Range<Int>) -> [Int] {
        guard !word.isEmpty, range.count >= word.count else { return [] }
        var out: [Int] = []
        var i = range.lowerBound
        while i + word.count <= range.upperBound {
            if s[i] == word[0], matches(s, at: i, word) { out.append(i) }
            i += 1
        }
        return out
    }

    /// The first place `word` stands within `range`, or nil.
    static func first(_ word: [Unicode.Scalar], in s: [Unicode.Scalar], within range: Range<Int>) -> Int? {
        guard !word.isEmpty, range.count >= word.count else { return nil }
        var i = range.lowerBound
        while i + word.count <= range.upperBound {
            if s[i] == word[0], matches(s, at: i, word) { return i }
            i += 1
        }
        return nil
    }

    static func contains(_ s: [Unicode.Scalar], _ word: [Unicode.Scalar], within range: Range<Int>) -> Bool {
        first(word, in: s, within: range) != nil
    }
}

/// Chinese numerals: 两 → 2, 三十九 → 39, 一百二十 → 120, 一百零五 → 105, 一万二千 → 12000,
/// 二〇二三 → 2023 (digit by digit when there is no 十/百/千/万), 九十五点五 → 95.5.
package enum ChineseNumeral {
    /// The value ×10⁶ (six decimal places), or nil when the characters are not a numeral.
    package static func value(_ s: ArraySlice<Unicode.Scalar>) -> Int64? {
        guard !s.isEmpty else { return nil }
        var whole = s[...]
        var fraction: ArraySlice<Unicode.Scalar> = []
        if let dot = s.firstIndex(of: "点") {
            whole = s[s.startIndex..<dot]
            fraction = s[(dot + 1)...]
            guard !whole.isEmpty, !fraction.isEmpty, fraction.count <= 6 else { return nil }
        }
        guard var integer = wholeValue(whole) else { return nil }
        var raw: Int64 = 0
        var scale: Int64 = 100_000
        for c in fraction {
            guard let d = Scan.chineseDigits[c], c != "两" else { return nil }
            raw += Int64(d) * scale
            scale /= 10
        }
        guard integer < Int64.max / 1_000_000 / 100 else { return nil }
        integer *= 1_000_000
        return integer + raw
    }

    static func wholeValue(_ s: ArraySlice<Unicode.Scalar>) -> Int64? {
        guard !s.isEmpty else { return nil }
        if !s.contains(where: { Scan.chineseUnits[$0] != nil }) {
            // 二〇二三: digit by digit; a single digit is itself.
            var v: Int64 = 0
            for c in s {
                guard let d = Scan.chineseDigits[c] else { return nil }
                if s.count > 1, c == "两" { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        var total: Int64 = 0      // completed 亿 and 万 parts
        var section: Int64 = 0    // below 万
        var number: Int64 = 0     // the last digit read
        for c in s {
            if let d = Scan.chineseDigits[c] {
                number = Int64(d)
                continue
            }
            guard let unit = Scan.chineseUnits[c] else { return nil }
            switch unit {
            case 10, 100, 1000:
                // 十 alone or at the start is 10 (十二, 一百十); 百 alone (百分之百) is 100.
                section += (number == 0 ? 1 : number) * unit
                number = 0
            case 10_000:
                total += (section + number) * 10_000
                section = 0
                number = 0
            default:
                let (product, overflow) = (total + section + number).multipliedReportingOverflow(by: 100_000_000)
                guard !overflow else { return nil }  // 一亿亿亿: too large to be a figure
                total = product
                section = 0
                number = 0
            }
            if total > 1_000_000_000_000 { return nil }
        }
        return total + section + number
    }
}
