import FazhiBase
import FazhiYAML
import Testing

/// libyaml's own syntax errors, located, with the source line and a caret under the column.
struct SyntaxErrorTests {
    @Test(arguments: [
        (
            "a: [1, 2\nb: 3\n",
            """
            t.yaml:2:2: error: did not find expected ',' or ']'
            b: 3
             ^
            t.yaml:1:4: note: while parsing a flow sequence
            a: [1, 2
               ^
            """
        ),
        (
            "key: value: other\n",
            """
            t.yaml:1:11: error: mapping values are not allowed in this context
            key: value: other
                      ^
            """
        ),
        (
            "a: 1\n  b: 2\n",
            """
            t.yaml:2:4: error: mapping values are not allowed in this context
              b: 2
               ^
            """
        ),
        (
            "- a\nb: c\n",
            """
            t.yaml:2:1: error: did not find expected '-' indicator
            b: c
            ^
            t.yaml:1:1: note: while parsing a block collection
            - a
            ^
            """
        ),
        (
            "name: \"abc\nid: 1\n",
            """
            t.yaml:3:1: error: found unexpected end of stream

            ^
            t.yaml:1:7: note: while scanning a quoted scalar
            name: "abc
                  ^
            """
        ),
    ])
    func libyamlProblemIsLocated(input: String, expected: String) {
        #expect(loadError(input) == expected)
    }

    @Test func fileNameIsThePathAsGiven() {
        #expect(loadError("a: [\n", name: "rulesets/宁夏.yaml") == """
            rulesets/宁夏.yaml:2:1: error: did not find expected node content

            ^
            """)
    }

    @Test func caretLinesUpUnderChineseText() {
        // 名称 and 中卫市司法局 are two columns wide each in a terminal: the caret must sit under the
        // second colon (character 11, display column 19).
        #expect(loadError("名称: 中卫市司法局: 甲\n") == """
            t.yaml:1:11: error: mapping values are not allowed in this context
            名称: 中卫市司法局: 甲
                              ^
            """)
    }

    @Test func fullWidthPunctuationCountsTwoColumns() {
        #expect(loadError("说明：（试行）: x: y\n") == """
            t.yaml:1:11: error: mapping values are not allowed in this context
            说明：（试行）: x: y
                             ^
            """)
    }
}

/// Tabs cannot indent YAML; the message says so instead of "cannot start any token".
struct TabTests {
    @Test func tabIndentingAKey() {
        #expect(loadError("a:\n\tb: 1\n") == """
            t.yaml:2:1: error: found a tab character where indentation or a value should start; indent YAML with spaces, not tabs
            \tb: 1
            ^
            """)
    }

    @Test func tabBreakingAnIndentedBlock() {
        #expect(loadError("a:\n  b: 1\n\tc: 2\n") == """
            t.yaml:3:1: error: found a tab character that violates indentation; indent YAML with spaces, not tabs
            \tc: 2
            ^
            t.yaml:2:6: note: while scanning a plain scalar
              b: 1
                 ^
            """)
    }

    @Test func tabAfterAColonIsOnlySpace() throws {
        let docs = try documents("a:\tb\n")
        #expect(docs.first?.root["a"]?.scalar?.text == "b")
    }

    @Test func caretKeepsTabsInThePadding() {
        // The caret line repeats the tab so it lands under the right character in any terminal.
        #expect(loadError("a: [\"x\",\t\"y\" \"z\"]\n") == """
            t.yaml:1:14: error: did not find expected ',' or ']'
            a: ["x",\t"y" "z"]
            \u{20}\u{20}\u{20}\u{20}\u{20}\u{20}\u{20}\u{20}\t\u{20}\u{20}\u{20}\u{20}^
            t.yaml:1:4: note: while parsing a flow sequence
            a: ["x",\t"y" "z"]
               ^
            """)
    }
}
