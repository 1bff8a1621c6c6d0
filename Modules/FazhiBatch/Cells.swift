import FazhiCore
import FazhiBase

/// `UnitFacts.missing` and `FixedPoint.scale` as module constants: the public statics live in other
/// modules, and reading one there is a call per use in the per-cell and per-indicator loops.
let missingValue: Int64 = .min
let fixedScale: Int64 = 1_000_000

/// Why a cell was refused. The message is built only when a cell is bad, from the cell's bytes.
package enum CellProblem: UInt8, Error, Sendable {
    case notPercent, percentWithoutSign, percentOutOfRange, notCount, negativeCount, notNumber, negativeDuration,
         scoreOutOfRange, tooPrecise, notBoolean, notVerdict, notDate, badDate, unknownLevel, emptyID

    func message(cell: String, unit: MetricUnit?) -> (String, String?) {
        let cell = Diagnostic.quoted(cell)
        switch self {
        case .notPercent: return ("expected a percentage (e.g. 90% or 0.9), found \"\(cell)\"", nil)
        case .percentWithoutSign: return ("expected a percentage (e.g. 90% or 0.9), found \"\(cell)\"", "did you mean \(cell.trimmingSpaces)%?")
        case .percentOutOfRange: return ("expected a percentage between 0% and 100%, found \"\(cell)\"", nil)
        case .notCount: return ("expected a count (a whole number), found \"\(cell)\"", nil)
        case .negativeCount: return ("expected a count of zero or more, found \"\(cell)\"", nil)
        case .notNumber: return ("expected a number\(unit.map { " in \($0.rawValue)" } ?? ""), found \"\(cell)\"", nil)
        case .negativeDuration: return ("expected a duration of zero or more, found \"\(cell)\"", nil)
        case .scoreOutOfRange: return ("expected a score from 0 to 100, found \"\(cell)\"", nil)
        case .tooPrecise: return ("expected a number with at most six decimal places, found \"\(cell)\"", nil)
        case .notBoolean: return ("expected \(YesNo.accepted), found \"\(cell)\"", nil)
        case .notVerdict: return ("expected met, partial or unmet (达到 / 部分达到 / 未达到), found \"\(cell)\"", nil)
        case .notDate: return ("expected a date YYYY-MM-DD, found \"\(cell)\"", nil)
        case .badDate: return ("expected a date that exists, found \"\(cell)\"", nil)
        case .unknownLevel:
            return ("expected \(UnitLevel.accepted), found \"\(cell)\"", UnitLevel.suggestion(cell))
        case .emptyID: return ("expected the unit's id; the cell is empty", nil)
        }
    }
}

/// Cell readers: straight from bytes to slot integers, no `String` per cell. Each mirrors what the YAML
/// evidence reader accepts for the same unit (docs/evidence-format.md), so a value means the same in
/// either format.
enum Cells {
    /// Trims ASCII spaces and tabs.
    @inline(__always)
    static func trim(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
        var s = 0, e = n
        while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
        while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
        return (p + s, e - s)
    }

    /// Plain ASCII decimals (`0.95`, `95`, `95%`, `12.5`) without a sign, separators or spaces: the
    /// common case, decided in one pass. Anything else goes to `NumberParser`.
    /// Returns the raw FixedPoint value, or nil to fall back.
    @inline(__always)
    static func fastNumber(_ p: UnsafePointer<UInt8>, _ n: Int, percent: inout Bool) -> Int64? {
        var i = 0
        var whole: Int64 = 0
        var digits = 0
        while i < n {
            let d = p[i] &- 0x30
            if d > 9 { break }
            whole = whole &* 10 &+ Int64(d)
            digits += 1
            i += 1
        }
        if digits == 0 || digits > 10 { return nil }
        var fraction: Int64 = 0
        var places = 0
        if i < n, p[i] == 0x2E {
            i += 1
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if places == 6 { return nil }
                fraction = fraction &* 10 &+ Int64(d)
                places += 1
                i += 1
            }
            if places == 0 { return nil }
        }
        percent = false
        if i < n, p[i] == 0x25 { percent = true; i += 1 }
        if i != n { return nil }
        while places < 6 { fraction &*= 10; places += 1 }
        var raw = whole * fixedScale + fraction
        if percent {
            if raw % 100 != 0 { return nil }
            raw /= 100
        }
        return raw
    }

    @inline(__always)
    static func number(_ p: UnsafePointer<UInt8>, _ n: Int) -> (raw: Int64, percent: Bool)? {
        var percent = false
        if let raw = fastNumber(p, n, percent: &percent) { return (raw, percent) }
        switch NumberParser.parse(UnsafeBufferPointer(start: p, count: n)) {
        case .success(let parsed): return (parsed.value.raw, parsed.hadPercent)
        case .failure: return nil
        }
    }

    static func isTooPrecise(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if case .failure(.tooPrecise) = NumberParser.parse(UnsafeBufferPointer(start: p, count: n)) { return true }
        return false
    }

    /// A metric value in its unit, or the problem. `n` > 0 (empty cells are no evidence and never get here).
    @inline(__always)
    static func metric(_ p: UnsafePointer<UInt8>, _ n: Int, unit: MetricUnit) -> Result<Int64, CellProblem> {
        if unit == .boolean { return boolean(p, n) }
        guard let (raw, percent) = number(p, n) else {
            if isTooPrecise(p, n) { return .failure(.tooPrecise) }
            return .failure(unit == .percent ? .notPercent : unit == .count ? .notCount : .notNumber)
        }
        switch unit {
        case .percent:
            if !percent, raw > fixedScale { return .failure(.percentWithoutSign) }
            if raw < 0 || raw > fixedScale { return .failure(.percentOutOfRange) }
            return .success(raw)
        case .count:
            if percent || raw % fixedScale != 0 { return .failure(.notCount) }
            if raw < 0 { return .failure(.negativeCount) }
            return .success(raw)
        case .score:
            if percent { return .failure(.notNumber) }
            if raw < 0 || raw > 100 * fixedScale { return .failure(.scoreOutOfRange) }
            return .success(raw)
        case .days, .working_days, .hours, .minutes:
            if percent { return .failure(.notNumber) }
            if raw < 0 { return .failure(.negativeDuration) }
            return .success(raw)
        case .boolean:
            return boolean(p, n)
        }
    }

    static let trueSpellings: [[UInt8]] = YesNo.trueSpellings.map { Array($0.utf8) }
    static let falseSpellings: [[UInt8]] = YesNo.falseSpellings.map { Array($0.utf8) }

    @inline(__always)
    static func equals(_ p: UnsafePointer<UInt8>, _ n: Int, _ word: [UInt8]) -> Bool {
        guard n == word.count else { return false }
        return word.withUnsafeBufferPointer { w in
            for i in 0..<n where p[i] != w[i] { return false }
            return true
        }
    }

    static func boolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<Int64, CellProblem> {
        for w in trueSpellings where equals(p, n, w) { return .success(fixedScale) }
        for w in falseSpellings where equals(p, n, w) { return .success(0) }
        return .failure(.notBoolean)
    }

    static let verdicts: [([UInt8], Int64)] = [
        ("met", Verdict.met), ("unmet", .unmet), ("partial", .partial), ("达到", .met), ("未达到", .unmet), ("部分达到", .partial),
        ("完成", .met), ("未完成", .unmet), ("部分完成", .partial), ("是", .met), ("否", .unmet),
    ].map { (Array($0.0.utf8), $0.1.rawValue) }

    @inline(__always)
    static func verdict(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<Int64, CellProblem> {
        // met, unmet, partial without the table.
        if n == 3, p[0] == 0x6D, p[1] == 0x65, p[2] == 0x74 { return .success(Verdict.met.rawValue) }
        if n == 5, p[0] == 0x75, p[1] == 0x6E, p[2] == 0x6D, p[3] == 0x65, p[4] == 0x74 { return .success(Verdict.unmet.rawValue) }
        if n == 7, p[0] == 0x70, p[1] == 0x61, p[2] == 0x72, p[3] == 0x74, p[4] == 0x69, p[5] == 0x61, p[6] == 0x6C { return .success(Verdict.partial.rawValue) }
        for (word, value) in verdicts where equals(p, n, word) { return .success(value) }
        return .failure(.notVerdict)
    }

    /// `YYYY-MM-DD` as days since 1970-01-01 (checked: the day must exist).
    @inline(__always)
    static func date(_ p: UnsafePointer<UInt8>, _ n: Int, monthStarts: UnsafePointer<Int32>? = nil) -> Result<Int64, CellProblem> {
        guard n == 10, p[4] == 0x2D, p[7] == 0x2D else { return .failure(.notDate) }
        let d0 = p[0] &- 0x30, d1 = p[1] &- 0x30, d2 = p[2] &- 0x30, d3 = p[3] &- 0x30
        let d5 = p[5] &- 0x30, d6 = p[6] &- 0x30, d8 = p[8] &- 0x30, d9 = p[9] &- 0x30
        guard d0 <= 9, d1 <= 9, d2 <= 9, d3 <= 9, d5 <= 9, d6 <= 9, d8 <= 9, d9 <= 9 else { return .failure(.notDate) }
        let y = Int(d0) * 1000 + Int(d1) * 100 + Int(d2) * 10 + Int(d3)
        let m = Int(d5) * 10 + Int(d6), d = Int(d8) * 10 + Int(d9)
        guard m >= 1, m <= 12, d >= 1 else { return .failure(.badDate) }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let monthDays = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
        guard d <= monthDays else { return .failure(.badDate) }
        if let monthStarts, y >= 1900, y < 2200 { return .success(Int64(monthStarts[(y - 1900) * 12 + m - 1] + Int32(d - 1))) }
        // Howard Hinnant's days_from_civil (as CalendarDate.daysSinceEpoch).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return .success(Int64(era * 146097 + doe - 719468))
    }

    /// 10⁰ … 10⁷.
    static let pow10: [Int64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000]

    /// A plain decimal at `p` (`0.95`, `12`, `3.5`: 1–7 digits, then optionally a point and 1–6
    /// digits, the byte after them not a digit) as a ×10⁶ raw value and its length; nil for anything
    /// else, which the general reader then decides. The caller checks what follows (a delimiter, else
    /// the general reader: `95%`). Read a digit at a time: on short cells (a statistics export's
    /// `0.9312`, `12`) the loop stops after a few bytes, and it measured faster than reading a word at
    /// a time (simdjson's 8-digit reduction), which always does the work of eight. Reads at most 15
    /// bytes from `p`.
    @inline(__always)
    static func fastDecimal(_ p: UnsafePointer<UInt8>, pow10: UnsafePointer<Int64>) -> (value: Int64, length: Int, fraction: Bool)? {
        var whole: Int64 = 0
        var i = 0
        while i < 7 {
            let d = p[i] &- 0x30
            if d > 9 { break }
            whole = whole &* 10 &+ Int64(d)
            i &+= 1
        }
        if i == 0 || p[i] &- 0x30 <= 9 { return nil }
        if p[i] != 0x2E { return (whole &* fixedScale, i, false) }
        var j = i &+ 1
        var fraction: Int64 = 0
        while j &- i < 7 {
            let d = p[j] &- 0x30
            if d > 9 { break }
            fraction = fraction &* 10 &+ Int64(d)
            j &+= 1
        }
        let places = j &- i &- 1
        if places == 0 || p[j] &- 0x30 <= 9 { return nil }
        return (whole &* fixedScale &+ fraction &* pow10[6 &- places], j, fraction != 0)
    }

    /// 1 for true, 0 for false, without a branch (`b ? 1 : 0` lowers to one in Swift's IR).
    @inline(__always)
    static func bit(_ b: Bool) -> Int { Int(unsafeBitCast(b, to: UInt8.self)) }

    /// `met`, `unmet` or `partial` at `p` as its `Verdict` value and length, or length 0 (then the
    /// general reader decides, which also knows the Chinese words). One word compared three ways,
    /// without a branch on the first letter, which varies unit to unit. Reads 8 bytes from `p`.
    @inline(__always)
    static func fastVerdict(_ p: UnsafePointer<UInt8>) -> (Int64, Int) {
        let w = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        let met = bit(w & 0xFF_FFFF == 0x74_656D) // "met"
        let unmet = bit(w & 0xFF_FFFF_FFFF == 0x74_656D_6E75) // "unmet"
        let partial = bit(w & 0xFF_FFFF_FFFF_FFFF == 0x6C_6169_7472_6170) // "partial"
        let value = Int64(met) &* Verdict.met.rawValue &+ Int64(partial) &* Verdict.partial.rawValue &+ Int64(unmet) &* Verdict.unmet.rawValue
        return (value, met &* 3 &+ unmet &* 5 &+ partial &* 7)
    }

    /// Days since 1970-01-01 of the first of each month, 1900–2199, then of 2200-01-01 (so that every
    /// month's length is the difference of two neighbours).
    static let monthStarts: [Int32] = (1900..<2200).flatMap { y in
        (1...12).map { m in Int32(CalendarDate(year: y, month: m, day: 1)!.daysSinceEpoch) }
    } + [Int32(CalendarDate(year: 2200, month: 1, day: 1)!.daysSinceEpoch)]

    /// `YYYY-MM-DD` of a year 1900–2199 read as two words, checked and looked up without a branch per
    /// character; nil for anything else (then `date` decides, with its message). `p` must have 10 bytes.
    /// The batch has a date in a third of its cells, so this is the common case made cheap.
    @inline(__always)
    static func fastDate(_ p: UnsafePointer<UInt8>, monthStarts: UnsafePointer<Int32>) -> Int64? {
        let raw = UnsafeRawPointer(p)
        // XOR with "0000-00-" (and "00") leaves each digit as its value 0–9 and each dash as 0; a byte
        // that was neither has its high nibble set in x or in x + 6.
        let x = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) ^ 0x2D30_302D_3030_3030
        let t = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) ^ 0x3030
        guard (x | (x &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 == 0, x & 0xFF00_00FF_0000_0000 == 0,
              (t | (t &+ 0x0606)) & 0xF0F0 == 0 else { return nil }
        // Each byte k becomes 10 × digit k + digit k + 1: the two-digit groups YY, YY, MM at bytes 0, 2, 5.
        let pairs = x &* 10 &+ (x >> 8)
        let year = Int(pairs & 0xFF) &* 100 &+ Int((pairs >> 16) & 0xFF)
        let month = Int((pairs >> 40) & 0xFF)
        let day = Int32(t & 0xFF) &* 10 &+ Int32(t >> 8)
        guard UInt(bitPattern: year &- 1900) < 300, UInt(bitPattern: month &- 1) < 12 else { return nil }
        let k = (year &- 1900) &* 12 &+ month &- 1
        let first = monthStarts[k]
        guard UInt32(bitPattern: day &- 1) < UInt32(bitPattern: monthStarts[k &+ 1] &- first) else { return nil }
        return Int64(first &+ day &- 1)
    }

    /// Every spelling of a level (the ids and the Chinese words, `UnitLevel`).
    static let levels: [[UInt8]] = UnitLevel.spellings.map { Array($0.utf8) }

    /// `invented`: true/是/1 or any note → invented; false/否/0 or empty → not.
    static func invented(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return false }
        for w in falseSpellings where equals(p, n, w) { return false }
        return true
    }
}

/// A word of at most 16 bytes (a level, a yes/no, a value an applicability condition names) as two
/// words of memory, so that a cell is compared with a table of them a word at a time: the level and
/// attribute columns of every row, which otherwise go through the spelling tables one by one.
struct ShortWord {
    var length: Int
    var low: UInt64
    var high: UInt64
    var code: Int64

    /// nil for a word longer than 16 bytes.
    init?(_ bytes: [UInt8], code: Int64) {
        guard bytes.count <= 16 else { return nil }
        var w = [UInt8](repeating: 0, count: 16)
        for (i, b) in bytes.enumerated() { w[i] = b }
        length = bytes.count
        low = w.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self) }
        high = w.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        self.code = code
    }

    /// The code of the word `p[0 ..< n]` in `table[0 ..< count]`, or nil. Reads 16 bytes from `p`
    /// (`n` ≤ 16; what lies past the cell is masked off).
    @inline(__always)
    static func find(_ p: UnsafePointer<UInt8>, _ n: Int, in table: UnsafePointer<ShortWord>, count: Int) -> Int64? {
        let raw = UnsafeRawPointer(p)
        let lowBits = min(n, 8) &* 8, highBits = max(n &- 8, 0) &* 8
        let lowMask: UInt64 = lowBits == 64 ? ~0 : (1 &<< UInt64(lowBits)) &- 1
        let highMask: UInt64 = highBits == 64 ? ~0 : (1 &<< UInt64(highBits)) &- 1
        let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & lowMask
        let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & highMask
        for k in 0..<count {
            let w = table[k]
            if w.length == n, w.low == low, w.high == high { return w.code }
        }
        return nil
    }
}
