import FazhiBase
import FazhiYAML
import Testing

/// Nesting deeper than the limit is refused at the first level too deep.
struct DepthTests {
    @Test func defaultLimitIs200Levels() {
        let ok = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(loadError(ok) == nil)
        let deep = String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
        #expect(loadError(deep)?.hasPrefix("t.yaml:1:201: error: nesting deeper than 200 levels; expected a flatter document\n") == true)
    }

    @Test func blockNestingAtASmallLimit() {
        let text = "a:\n  b:\n    c:\n      d: 1\n"
        #expect(loadError(text, limits: YAMLLimits(maxDepth: 4)) == nil)
        #expect(loadError(text, limits: YAMLLimits(maxDepth: 3)) == """
            t.yaml:4:7: error: nesting deeper than 3 levels; expected a flatter document
                  d: 1
                  ^
            """)
    }

    @Test func veryDeepInputFailsWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(loadError(deep)?.hasPrefix("t.yaml:1:201: error: nesting deeper than 200 levels") == true)
    }

    @Test func longLineIsCutAroundTheColumn() {
        // A minified one-line document is not dumped whole: a window around the caret, cut with "…".
        let deep = String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
        let lines = loadError(deep)!.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        // 40 columns before the caret, the caret's own "[", then "]" up to 160 columns with the two "…".
        #expect(lines[1] == "…" + String(repeating: "[", count: 41) + String(repeating: "]", count: 117) + "…")
        #expect(lines[2] == String(repeating: " ", count: 41) + "^")
    }
}
