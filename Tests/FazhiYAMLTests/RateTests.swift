import FazhiBase
import FazhiYAML
import Testing

/// Rates: `95%`, `95 %`, `0.95` and full-width `９５％` all mean 0.95; a bare `95` is refused.
struct RateTests {
    @Test(arguments: [
        ("95%", 950_000), ("95 %", 950_000), ("0.95", 950_000), ("９５％", 950_000), ("９５ ％", 950_000),
        ("95.5%", 955_000), ("0%", 0), ("100%", 1_000_000), ("1", 1_000_000), ("0", 0), ("０．９", 900_000),
        ("'95%'", 950_000), ("\"  95% \"", 950_000),
    ])
    func rateIsAFractionOfOne(text: String, raw: Int64) throws {
        #expect(try root("r: \(text)\n")["r"]!.rate() == FixedPoint(raw: raw))
    }

    @Test func bareNumberAboveOne() throws {
        #expect(failure { try root("r: 95\n")["r"]!.rate() } == """
            t.yaml:1:4: error: r: expected a percentage (e.g. 90% or 0.9), found "95"; did you mean 95%?
            r: 95
               ^~
            """)
        #expect(failure { try root("r: 99.5\n")["r"]!.rate() } == """
            t.yaml:1:4: error: r: expected a percentage (e.g. 90% or 0.9), found "99.5"; did you mean 99.5%?
            r: 99.5
               ^~~~
            """)
    }

    @Test func outOfRange() throws {
        #expect(failure { try root("r: 150%\n")["r"]!.rate() } == """
            t.yaml:1:4: error: r: expected a percentage between 0% and 100%, found "150%"
            r: 150%
               ^~~~
            """)
        #expect(failure { try root("r: -5%\n")["r"]!.rate() } == """
            t.yaml:1:4: error: r: expected a percentage between 0% and 100%, found "-5%"
            r: -5%
               ^~~
            """)
    }

    @Test func notARate() throws {
        #expect(failure { try root("r: 九成\n")["r"]!.rate() } == """
            t.yaml:1:4: error: r: expected a percentage (e.g. 90% or 0.9), found "九成"
            r: 九成
               ^~~~
            """)
    }
}
