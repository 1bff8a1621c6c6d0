import FazhiBase
import FazhiYAML
import Testing

/// Typed reads name the document path, the place, what was expected and what was found.
struct TypedReaderTests {
    static let ruleset = """
        groups:
          - name: 依法全面履行政府职能
            indicators:
              - id: a1
                target: 95%
              - id: a2
                target: 95
                weight: 两分
          - name: 依法行政制度体系
            indicators:
              - {id: b1, target: 0.9, due: 2023-02-30}
        """

    @Test func bareNumberForARateSuggestsAPercentSign() throws {
        let doc = try root(Self.ruleset)
        let target = try doc.required("groups", "groups").list()[0].required("indicators", "indicators").list()[1]
            .required("target", "a target")
        #expect(failure { try target.rate() } == """
            t.yaml:7:17: error: groups[0].indicators[1].target: expected a percentage (e.g. 90% or 0.9), found "95"; did you mean 95%?
                    target: 95
                            ^~
            """)
    }

    @Test func wrongTypeNamesPathPlaceExpectedAndFound() throws {
        let doc = try root(Self.ruleset)
        let indicator = try doc.required("groups", "groups").list()[0].required("indicators", "indicators").list()[1]
        #expect(failure { try indicator.required("weight", "a weight").number() } == """
            t.yaml:8:17: error: groups[0].indicators[1].weight: expected a number, found "两分"
                    weight: 两分
                            ^~~~
            """)
    }

    @Test func impossibleDateInAFlowMapping() throws {
        let doc = try root(Self.ruleset)
        let indicator = try doc.required("groups", "groups").list()[1].required("indicators", "indicators").list()[0]
        #expect(failure { try indicator.required("due", "a due date").date() } == """
            t.yaml:11:36: error: groups[1].indicators[0].due: expected a date (YYYY-MM-DD), found "2023-02-30"; 2023-02 has 28 days
                  - {id: b1, target: 0.9, due: 2023-02-30}
                                               ^~~~~~~~~~
            """)
    }

    @Test func deepPathLikeTheIssueExample() throws {
        // groups[2].indicators[12].min
        var text = "groups:\n"
        for g in 0..<3 {
            text += "  - indicators:\n"
            for i in 0..<13 { text += "      - min: \(g == 2 && i == 12 ? "many" : "\(i)")\n" }
        }
        let doc = try root(text)
        let min = try doc.required("groups", "").list()[2].required("indicators", "").list()[12].required("min", "")
        #expect(failure { try min.int() } == """
            t.yaml:43:14: error: groups[2].indicators[12].min: expected a whole number, found "many"
                  - min: many
                         ^~~~
            """)
    }

    @Test func missingKeyPointsAtTheMapping() throws {
        let doc = try root("indicators:\n  - id: a\n    name: 甲\n")
        let item = try doc.required("indicators", "").list()[0]
        #expect(failure { try item.required("target", "a target such as 95%") } == """
            t.yaml:2:5: error: indicators[0]: missing "target"; expected a target such as 95%
              - id: a
                ^
            """)
    }

    @Test func structureErrors() throws {
        let doc = try root("a: [1, 2]\nb: {x: 1}\nc: text\n? [k]\n: v\n")
        #expect(failure { try doc.required("a", "").text() } == """
            t.yaml:1:4: error: a: expected text, found a list
            a: [1, 2]
               ^~~~~~
            """)
        #expect(failure { try doc.required("b", "").list() } == """
            t.yaml:2:4: error: b: expected a list, found a mapping
            b: {x: 1}
               ^~~~~~
            """)
        #expect(failure { try doc.required("c", "").entries() } == """
            t.yaml:3:4: error: c: expected a mapping, found "text"
            c: text
               ^~~~
            """)
        #expect(failure { try doc.entries() } == """
            t.yaml:4:3: error: (top level): expected a text key, found a list
            ? [k]
              ^~~
            """)
        #expect(failure { try doc.required("b", "").required("x", "").required("y", "") } == """
            t.yaml:2:8: error: b.x: expected a mapping, found "1"
            b: {x: 1}
                   ^
            """)
    }

    @Test func nullIsReportedAsNothing() throws {
        let doc = try root("weight: ~\n")
        #expect(failure { try doc["weight"]!.number() } == """
            t.yaml:1:9: error: weight: expected a number, found nothing (null)
            weight: ~
                    ^
            """)
        #expect(failure { try doc.required("weight", "a weight") } == """
            t.yaml:1:1: error: (top level): missing "weight"; expected a weight
            weight: ~
            ^
            """)
    }

    @Test func longFoundTextIsShortened() throws {
        let doc = try root("n: " + String(repeating: "很", count: 50) + "\n")
        let message = try #require(failure { try doc["n"]!.number() })
        #expect(message.hasPrefix("t.yaml:1:4: error: n: expected a number, found \"" + String(repeating: "很", count: 40) + "…\"\n"))
    }

    @Test func unknownKeysWithDidYouMean() throws {
        let doc = try root("id: a\nmetirc: x\ntotally_else: 1\n")
        #expect(doc.unknownKeys(allowed: ["id", "metric", "target"], context: "an indicator").map(\.description) == [
            """
            t.yaml:2:1: error: metirc: unknown key "metirc" in an indicator; did you mean "metric"?
            metirc: x
            ^~~~~~
            """,
            """
            t.yaml:3:1: error: totally_else: unknown key "totally_else" in an indicator
            totally_else: 1
            ^~~~~~~~~~~~
            """,
        ])
    }

    @Test func listOrSingle() throws {
        let doc = try root("a: 司法局\nb: [司法局, 财政局]\nc:\nd: {x: 1}\n")
        #expect(try doc["a"]!.listOrSingle().map { try $0.text() } == ["司法局"])
        #expect(try doc["b"]!.listOrSingle().map { try $0.text() } == ["司法局", "财政局"])
        #expect(try doc["b"]!.listOrSingle()[1].path.description == "b[1]")
        #expect(try doc["c"]!.listOrSingle().isEmpty)
        #expect(failure { try doc["d"]!.listOrSingle() } == """
            t.yaml:4:4: error: d: expected a list or a single value, found a mapping
            d: {x: 1}
               ^~~~~~
            """)
    }

    @Test(arguments: [("12", 12), ("-3", -3), ("+7", 7), ("0801", 801), ("0", 0)])
    func wholeNumbers(text: String, value: Int) throws {
        #expect(try root("n: \(text)\n")["n"]!.int() == value)
    }

    @Test(arguments: ["1.5", "1e3", "0x10", "１２", "", "-", "1234567890123456789"])
    func notWholeNumbers(text: String) throws {
        let doc = try root("n: '\(text)'\n")
        #expect(failure { try doc["n"]!.int() } != nil)
    }

    @Test func numberRefusesAPercentSign() throws {
        #expect(failure { try root("n: 5%\n")["n"]!.number() } == """
            t.yaml:1:4: error: n: expected a plain number (no percent sign), found "5%"
            n: 5%
               ^~
            """)
        #expect(failure { try root("n: 0.1234567\n")["n"]!.number() } == """
            t.yaml:1:4: error: n: expected a number with at most six decimal places, found "0.1234567"
            n: 0.1234567
               ^~~~~~~~~
            """)
    }
}
