import FazhiBase
import FazhiYAML
import Testing

/// The shape of the built tree: order, nesting and sizes past the parser's internal buffers.
struct TreeTests {
    @Test func keysAndItemsKeepTheirOrder() throws {
        let doc = try root("b: 1\na: [x, {k: v, j: w}, [y]]\nc: ~\n")
        #expect(try doc.entries().map(\.key) == ["b", "a", "c"])
        let a = try doc["a"]!.list()
        #expect(a.count == 3)
        #expect(try a[1].entries().map(\.key) == ["k", "j"])
        #expect(try a[2].list().map { try $0.text() } == ["y"])
        #expect(a[1].path.description == "a[1]")
    }

    @Test func largeCollections() throws {
        // More children than the parser's first buffer holds, inside a mapping wider than its index
        // threshold, inside a list.
        var text = "- items: [" + (0..<1000).map(String.init).joined(separator: ", ") + "]\n"
        for k in 0..<500 { text += "  key\(k): \(k)\n" }
        text += "- last\n"
        let list = try root(text).list()
        #expect(list.count == 2)
        let items = try list[0]["items"]!.list()
        #expect(items.count == 1000)
        #expect(try items[999].int() == 999)
        #expect(try list[0].entries().count == 501)
        #expect(try list[0]["key499"]?.int() == 499)
        #expect(try list[1].text() == "last")
    }

    @Test func aliasAsAKeyIsCheckedForDuplicates() {
        #expect(loadError("k: &k name\nm:\n  name: 1\n  *k : 2\n") == """
            t.yaml:4:3: error: duplicate key "name" in this mapping; expected each key once
              *k : 2
              ^~
            t.yaml:3:3: note: "name" first defined here
              name: 1
              ^~~~
            """)
    }

    @Test func nodesFromAnAliasPointAtTheAnchor() throws {
        let doc = try root("a: &x {v: 1}\nb: *x\n")
        // The value 1 of the aliased mapping is written at 1:11.
        #expect(doc["b"]?["v"]?.node.start == Mark(line: 1, column: 11))
        #expect(doc["b"]?["v"]?.path.description == "b.v")
    }

    @Test func parserCanBeReusedAfterManyDocumentsOfDifferentShapes() throws {
        var text = ""
        for i in 0..<200 { text += i % 2 == 0 ? "---\n[\(i), [\(i)]]\n" : "---\n{n: \(i)}\n" }
        let docs = try documents(text)
        #expect(docs.count == 200)
        #expect(try NodeValue(docs[198].root, path: NodePath(), source: docs[198].source).list()[1].list()[0].int() == 198)
        #expect(docs[199].root["n"]?.scalar?.text == "199")
    }
}
