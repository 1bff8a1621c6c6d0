import FazhiBase
import FazhiYAML
import Testing

/// Exact decimals read the way people type them, refused rather than rounded or guessed.
struct FixedPointTests {
    @Test(arguments: [
        ("3", 3_000_000, false), ("2.5", 2_500_000, false), ("0.95", 950_000, false), (".5", 500_000, false),
        ("-1.25", -1_250_000, false), ("+4", 4_000_000, false), ("1,000", 1_000_000_000, false),
        ("12,345.5", 12_345_500_000, false), ("95%", 950_000, true), ("95 %", 950_000, true),
        ("９５％", 950_000, true), ("９５．５％", 955_000, true), ("０.１", 100_000, false),
        ("  7  ", 7_000_000, false), ("\u{3000}8\u{3000}", 8_000_000, false), ("0.1000000", 100_000, false),
        ("12.3456%", 123_456, true),
    ])
    func parses(text: String, raw: Int64, percent: Bool) throws {
        #expect(try NumberParser.parse(text).get() == ParsedNumber(value: FixedPoint(raw: raw), hadPercent: percent))
    }

    @Test(arguments: [
        ("", NumberParser.Failure.empty), ("   ", .empty), ("abc", .notANumber), ("95%%", .notANumber),
        ("%", .notANumber), ("1.2.3", .notANumber), ("0,95", .notANumber), ("5,", .notANumber),
        ("1,00", .notANumber), ("1000,000", .notANumber), (",5", .notANumber), ("1, 000", .notANumber),
        ("9 5", .notANumber), ("95% x", .notANumber), ("1e3", .notANumber), ("0.1234567", .tooPrecise),
        ("12.345678%", .tooPrecise), ("99999999999999999999", .outOfRange),
    ])
    func refuses(text: String, failure: NumberParser.Failure) {
        #expect(throws: failure) { try NumberParser.parse(text).get() }
    }

    @Test(arguments: [
        (3_000_000, "3", "300%"), (950_000, "0.95", "95%"), (911_300, "0.9113", "91.13%"),
        (-1_250_000, "-1.25", "-125%"), (0, "0", "0%"), (1, "0.000001", "0.0001%"),
    ])
    func formats(raw: Int64, plain: String, percent: String) {
        #expect(FixedPoint(raw: raw).description == plain)
        #expect(FixedPoint(raw: raw).percentText == percent)
    }

    @Test func comparesExactly() {
        // 0.1 + 0.2 == 0.3 here, unlike Double.
        let sum = FixedPoint(raw: try! NumberParser.parse("0.1").get().value.raw + NumberParser.parse("0.2").get().value.raw)
        #expect(sum == (try! NumberParser.parse("0.3").get().value))
        #expect(FixedPoint(2) > .one)
        #expect(FixedPoint(raw: 950_000).doubleValue == 0.95)
    }
}
