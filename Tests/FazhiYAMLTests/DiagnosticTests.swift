import FazhiBase
import FazhiYAML
import Testing

/// How a diagnostic is rendered, independent of where it came from.
struct DiagnosticTests {
    let source = SourceFile(name: "r.yaml", text: "名称: 中卫市\n\tkey: v\nplain: text\n")

    @Test func underlineSpansTheRangeInDisplayColumns() {
        let d = Diagnostic.error("bad", at: SourceLocation(source: source, start: Mark(line: 1, column: 5), end: Mark(line: 1, column: 8)))
        #expect(d.description == """
            r.yaml:1:5: error: bad
            名称: 中卫市
                  ^~~~~~
            """)
    }

    @Test func endOnAnotherLineGivesOnlyTheCaret() {
        let d = Diagnostic.error("bad", at: SourceLocation(source: source, start: Mark(line: 1, column: 1), end: Mark(line: 3, column: 1)))
        #expect(d.description == """
            r.yaml:1:1: error: bad
            名称: 中卫市
            ^
            """)
    }

    @Test func tabBeforeTheColumnIsRepeated() {
        let d = Diagnostic.error("bad", at: SourceLocation(source: source, start: Mark(line: 2, column: 7), end: Mark(line: 2, column: 8)))
        #expect(d.description == "r.yaml:2:7: error: bad\n\tkey: v\n\t     ^")
    }

    @Test func hintAndNotes() {
        let d = Diagnostic(
            .warning, "weights add up to 99", at: SourceLocation(source: source, start: Mark(line: 3, column: 8), end: Mark(line: 3, column: 12)),
            notes: [.init("group starts here", at: SourceLocation(source: source, start: Mark(line: 1, column: 1))),
                    .init("see the ruleset format", at: nil)],
            hint: "expected 100")
        #expect(d.fullMessage == "weights add up to 99; expected 100")
        #expect(d.description == """
            r.yaml:3:8: warning: weights add up to 99; expected 100
            plain: text
                   ^~~~
            r.yaml:1:1: note: group starts here
            名称: 中卫市
            ^
            note: see the ruleset format
            """)
    }

    @Test func noLocationOrNoText() {
        #expect(Diagnostic.error("cannot read x.yaml", at: nil).description == "error: cannot read x.yaml")
        #expect(Diagnostic.error("bad cell", at: SourceLocation(file: "data.csv", line: 4, column: 2)).description
            == "data.csv:4:2: error: bad cell")
    }

    @Test func listJoinsEveryDiagnostic() {
        let list = DiagnosticList([
            Diagnostic.error("one", at: nil),
            Diagnostic.error("two", at: SourceLocation(file: "f", line: 1, column: 1)),
        ])
        #expect(list.description == "error: one\nf:1:1: error: two")
    }

    @Test(arguments: [("abc", 3), ("中卫市", 6), ("（试行）", 8), ("９５％", 6), ("a\u{301}", 1), ("한국", 4), ("𠀀", 2), ("…", 1)])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func markOfAByteOffset() {
        let s = SourceFile(name: "x", text: "ab\n名称x\r\nz")
        #expect(s.mark(atByteOffset: 0) == Mark(line: 1, column: 1))
        #expect(s.mark(atByteOffset: 3) == Mark(line: 2, column: 1))
        #expect(s.mark(atByteOffset: 9) == Mark(line: 2, column: 3))
        #expect(s.mark(atByteOffset: 12) == Mark(line: 3, column: 1))
        #expect(s.lineText(2) == "名称x")
        #expect(s.lineText(4) == nil)
    }
}

/// "Did you mean …?" picks a close key and stays quiet when nothing is close.
struct SuggestTests {
    @Test(arguments: [
        ("metirc", "metric"), ("wieght", "weight"), ("targte", "target"), ("evaluater", "evaluator"),
        ("idd", "id"), ("指 标", "指标"),
    ])
    func suggests(typo: String, meant: String) {
        #expect(Suggest.closest(to: typo, among: ["metric", "weight", "target", "evaluator", "id", "指标"]) == meant)
    }

    @Test(arguments: ["colour", "x", "totally_else", "权重"])
    func quietWhenNothingIsClose(word: String) {
        #expect(Suggest.closest(to: word, among: ["metric", "weight", "target", "id"]) == nil)
    }
}
