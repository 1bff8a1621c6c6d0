@testable import FazhiBatch
import FazhiCore
import FazhiBase
import Testing

/// The fast cell readers (decimals a digit at a time, dates and verdicts a word at a time) agree with
/// the general ones: same value for every cell they take, and they decline (leaving the message to the
/// general reader) every cell the general reader refuses.
struct CellsTests {
    static let monthStarts = Cells.monthStarts

    func fast(_ text: String) -> Int64? {
        let bytes = Array(text.utf8) + [UInt8](repeating: 0x2C, count: 16)
        return bytes.withUnsafeBufferPointer { b in
            Self.monthStarts.withUnsafeBufferPointer { Cells.fastDate(b.baseAddress!, monthStarts: $0.baseAddress!) }
        }
    }

    func general(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            if case .success(let day) = Cells.date(b.baseAddress!, b.count) { return day }
            return nil
        }
    }

    /// Every day from 1899-12-25 to 2200-01-07, and every impossible day number in each month of 2023–2024.
    @Test func fastDateMatchesCalendar() {
        var date = CalendarDate(year: 1899, month: 12, day: 25)!
        let last = CalendarDate(year: 2200, month: 1, day: 7)!.daysSinceEpoch
        var checked = 0
        while date.daysSinceEpoch <= last {
            let text = date.description
            let expected = date.year >= 1900 && date.year < 2200 ? Int64(date.daysSinceEpoch) : nil
            #expect(fast(text) == expected, "\(text)")
            #expect(general(text) == Int64(date.daysSinceEpoch), "\(text)")
            date = CalendarDate(daysSinceEpoch: date.daysSinceEpoch + 1)
            checked += 1
        }
        #expect(checked > 109_000)
        for year in [2023, 2024] {
            for month in 0...13 {
                for day in [0, 28, 29, 30, 31, 32, 39, 99] {
                    let text = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                    #expect(fast(text) == general(text), "\(text)")
                }
            }
        }
    }

    /// Near misses in every position: a wrong separator, a letter or a character just outside 0–9.
    @Test func fastDateDeclinesNonDates() {
        let base = Array("2023-06-15".utf8)
        for position in 0..<10 {
            for replacement: UInt8 in [0x2F, 0x3A, 0x2D, 0x20, 0x41, 0x30 + 0x10, 0x2E, 0x00, 0xE5] {
                var bytes = base
                if bytes[position] == replacement { continue }
                bytes[position] = replacement
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(fast(text) == nil, "\(text)")
            }
        }
        for text in ["2023-6-15x", "２０２３-06-15", "20230615  ", "2023/06/15"] {
            #expect(fast(text) == nil, "\(text)")
        }
    }

    func decimal(_ text: String) -> (Int64, Int)? {
        let bytes = Array(text.utf8) + [UInt8](repeating: 0x2C, count: 16)
        return bytes.withUnsafeBufferPointer { b in
            Cells.pow10.withUnsafeBufferPointer { Cells.fastDecimal(b.baseAddress!, pow10: $0.baseAddress!).map { ($0.value, $0.length) } }
        }
    }

    /// Whatever the fast decimal reader takes, the general number reader reads the same bytes to the
    /// same value; and every plain decimal it is meant for (1–7 digits, optionally a point and 1–6
    /// decimals) it takes. Random cells over digits, points, signs and other bytes.
    @Test func fastDecimalAgreesWithNumberParser() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.%-+e, 9.0".utf8) + [0xE4, 0x2D]
        var taken = 0
        for _ in 0..<200_000 {
            let length = Int.random(in: 1...17, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let (raw, used) = decimal(text) else { continue }
            taken += 1
            let cell = Array(bytes.prefix(used))
            let parsed = cell.withUnsafeBufferPointer { NumberParser.parse($0) }
            guard case .success(let number) = parsed else { Issue.record("\(text): fast \(raw), general refused"); continue }
            #expect(number.value.raw == raw && !number.hadPercent, "\(text)")
            // What a count column's fast path tests instead of dividing: a fraction that is not zero.
            let bytes16 = bytes + [UInt8](repeating: 0x2C, count: 16)
            let fraction = bytes16.withUnsafeBufferPointer { b in
                Cells.pow10.withUnsafeBufferPointer { Cells.fastDecimal(b.baseAddress!, pow10: $0.baseAddress!)?.fraction }
            }
            #expect(fraction == (raw % 1_000_000 != 0), "\(text)")
            #expect(used == bytes.count || !(0x30...0x39).contains(bytes[used]), "\(text): stopped inside the digits")
        }
        #expect(taken > 10_000)
        for whole in ["0", "7", "12", "100", "1234567"] {
            for fraction in ["", ".5", ".05", ".123456", ".000001", ".999999"] {
                let text = whole + fraction
                let expected = Int64(whole)! * 1_000_000 + (fraction.isEmpty ? 0 : Int64(String(fraction.dropFirst()) + String(repeating: "0", count: 7 - fraction.count))!)
                #expect(decimal(text).map { $0.0 } == expected, "\(text)")
                #expect(decimal(text).map { $0.1 } == text.utf8.count, "\(text)")
            }
        }
        for text in ["", ".5", "12345678", "1.", "1.1234567", "-1", "+1", "１２"] {
            #expect(decimal(text) == nil || decimal(text)!.1 < text.utf8.count, "\(text)")
        }
    }

    @Test func fastVerdictReadsTheThreeWords() {
        func verdict(_ text: String) -> (Int64, Int) {
            let bytes = Array(text.utf8) + [UInt8](repeating: 0x2C, count: 8)
            return bytes.withUnsafeBufferPointer { Cells.fastVerdict($0.baseAddress!) }
        }
        #expect(verdict("met,") == (Verdict.met.rawValue, 3))
        #expect(verdict("unmet,") == (Verdict.unmet.rawValue, 5))
        #expect(verdict("partial\n") == (Verdict.partial.rawValue, 7))
        #expect(verdict("metal").1 == 3) // the caller then finds no delimiter after "met"
        for text in ["Met", "umet", "partia", "达到", "", "m", "unme"] { #expect(verdict(text).1 == 0, "\(text)") }
    }
}
