import FazhiBase
import FazhiYAML
import Testing

/// Dates are `YYYY-MM-DD` and must exist.
struct DateTests {
    @Test(arguments: [("2024-02-29", 2024, 2, 29), ("2023-12-31", 2023, 12, 31), ("2000-02-29", 2000, 2, 29)])
    func validDates(text: String, year: Int, month: Int, day: Int) throws {
        #expect(try root("d: \(text)\n")["d"]!.date() == CalendarDate(year: year, month: month, day: day))
    }

    @Test(arguments: [
        ("2023-02-30", "2023-02 has 28 days"), ("1900-02-29", "1900-02 has 28 days"),
        ("2023-04-31", "2023-04 has 30 days"), ("2023-13-01", "there is no month 13"),
        ("2023-00-10", "there is no month 0"), ("2023/01/01", "write dates as YYYY-MM-DD"),
        ("2023-1-1", "write dates as YYYY-MM-DD"), ("二〇二三年一月", "write dates as YYYY-MM-DD"),
        ("2023-01-00", "2023-01 has 31 days"),
    ])
    func refusedDates(text: String, hint: String) throws {
        let doc = try root("d: \(text)\n")
        let underline = String(repeating: "~", count: DisplayWidth.of(text) - 1)
        #expect(failure { try doc["d"]!.date() } == """
            t.yaml:1:4: error: d: expected a date (YYYY-MM-DD), found "\(text)"; \(hint)
            d: \(text)
               ^\(underline)
            """)
    }

    @Test func february30IsNotADate() {
        #expect(CalendarDate(year: 2023, month: 2, day: 30) == nil)
    }

    @Test(arguments: ["1970-01-01", "2000-03-01", "2023-02-28", "1969-12-31", "2400-02-29"])
    func daysSinceEpochRoundTrips(text: String) throws {
        let date = try CalendarDate.parse(text).get()
        #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date.description == text)
    }

    @Test func daysSinceEpoch() throws {
        #expect(try CalendarDate.parse("1970-01-02").get().daysSinceEpoch == 1)
        #expect(try CalendarDate.parse("2024-01-01").get().daysSinceEpoch == 19_723)
        #expect(try CalendarDate.parse("2023-12-31").get() < CalendarDate.parse("2024-01-01").get())
    }
}
