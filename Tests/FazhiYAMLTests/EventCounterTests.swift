import FazhiBase
import FazhiYAML
import Testing

/// The raw libyaml event loop used as the benchmark's baseline.
struct EventCounterTests {
    @Test(arguments: [
        ("", 2), ("a: 1\n", 8), ("- a\n- b\n", 8), ("a: 1\n---\nb: 2\n", 14), ("x: &a 1\ny: *a\n", 10),
    ])
    func countsEvents(text: String, events: Int) throws {
        #expect(try YAMLEventCounter.count(SourceFile(name: "t.yaml", text: text)) == events)
    }

    @Test func reportsSyntaxErrorsLikeTheParser() {
        #expect(failure { try YAMLEventCounter.count(SourceFile(name: "t.yaml", text: "a: [1, 2\nb: 3\n")) } == """
            t.yaml:2:2: error: did not find expected ',' or ']'
            b: 3
             ^
            t.yaml:1:4: note: while parsing a flow sequence
            a: [1, 2
               ^
            """)
    }
}
