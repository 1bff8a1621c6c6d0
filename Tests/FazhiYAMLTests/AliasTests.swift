import FazhiBase
import FazhiYAML
import Testing

/// Anchors and aliases work, within a fixed expansion budget.
struct AliasTests {
    @Test func aliasRepeatsTheAnchoredNode() throws {
        let doc = try root("""
            defaults: &d {weight: 2, unit: 分}
            a: *d
            b: *d
            list: &l [x, y]
            again: *l
            """)
        #expect(doc["a"]?["weight"]?.node.scalar?.text == "2")
        #expect(doc["b"]?["unit"]?.node.scalar?.text == "分")
        #expect(try doc["again"]?.list().map { try $0.text() } == ["x", "y"])
    }

    @Test func aliasToAScalar() throws {
        let doc = try root("lead: &lead 司法局\nalso: *lead\n")
        #expect(try doc.required("also", "a department").text() == "司法局")
    }

    @Test func unknownAlias() {
        #expect(loadError("a: 1\nb: *x\n") == """
            t.yaml:2:4: error: alias *x names no anchor; expected &x earlier in this document
            b: *x
               ^~
            """)
    }

    @Test func anchorsDoNotCrossDocuments() {
        #expect(loadError("a: &x 1\n---\nb: *x\n") == """
            t.yaml:3:4: error: alias *x names no anchor; expected &x earlier in this document
            b: *x
               ^~
            """)
    }

    @Test func aliasInsideItsOwnAnchor() {
        #expect(loadError("a: &x [1, *x]\n") == """
            t.yaml:1:11: error: alias *x refers to a node that contains it; expected an alias to a finished node
            a: &x [1, *x]
                      ^~
            """)
    }

    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test func billionLaughsIsRefused() {
        // Nine levels would be 9^9 ≈ 387 million nodes; the budget stops it at the sixth line.
        #expect(throws: Diagnostic.self) {
            try YAMLParser.documents(in: SourceFile(name: "t.yaml", text: Self.billionLaughs))
        }
        #expect(loadError(Self.billionLaughs) == """
            t.yaml:6:8: error: aliases expand to more than 100000 nodes; refusing to expand further (a document that multiplies aliases is not accepted)
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                   ^~
            """)
    }

    @Test func budgetIsALimitUsersCanSet() throws {
        let text = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"
        // [1, 2, 3] is four nodes: one alias fits in 5, the second does not.
        #expect(loadError(text, limits: YAMLLimits(aliasBudget: 5)) == """
            t.yaml:3:4: error: aliases expand to more than 5 nodes; refusing to expand further (a document that multiplies aliases is not accepted)
            c: *a
               ^~
            """)
        #expect(loadError(text, limits: YAMLLimits(aliasBudget: 8)) == nil)
    }

    @Test func budgetStartsAfreshForEachDocument() throws {
        let text = "a: &a [1, 2, 3]\nb: *a\n---\na: &a [1, 2, 3]\nb: *a\n"
        #expect(loadError(text, limits: YAMLLimits(aliasBudget: 4)) == nil)
    }
}
