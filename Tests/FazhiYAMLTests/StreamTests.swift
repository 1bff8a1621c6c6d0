import FazhiBase
import FazhiYAML
import Testing

/// A multi-document stream is read one document at a time.
struct StreamTests {
    @Test func documentsComeOneAtATimeAndAnErrorComesWhenReached() throws {
        let parser = try YAMLParser(source: SourceFile(name: "batch.yaml", text: """
            unit: 中卫市
            ---
            unit: 固原市
            ---
            unit: [
            """))
        let first = try #require(try parser.nextDocument())
        #expect(first.index == 0)
        #expect(first.root["unit"]?.scalar?.text == "中卫市")
        let second = try #require(try parser.nextDocument())
        #expect(second.index == 1)
        #expect(second.root["unit"]?.scalar?.text == "固原市")
        #expect(second.root.start == Mark(line: 3, column: 1))
        #expect(failure { try parser.nextDocument() } == """
            batch.yaml:5:8: error: did not find expected node content
            unit: [
                   ^
            """)
        // After an error the stream is over.
        #expect(try parser.nextDocument() == nil)
    }

    @Test func thousandsOfDocuments() throws {
        var text = ""
        for i in 0..<3000 { text += "---\nunit: u\(i)\nscore: \(i % 100)\n" }
        let parser = try YAMLParser(source: SourceFile(name: "t.yaml", text: text))
        var count = 0
        while let doc = try parser.nextDocument() {
            #expect(doc.index == count)
            count += 1
        }
        #expect(count == 3000)
    }

    @Test func emptyStreamHasNoDocuments() throws {
        #expect(try documents("").isEmpty)
        #expect(try documents("# only a comment\n").isEmpty)
    }

    @Test func explicitEmptyDocumentIsNull() throws {
        let docs = try documents("---\n...\n---\na: 1\n")
        #expect(docs.count == 2)
        #expect(docs[0].root.isNull)
        #expect(docs[1].root["a"]?.scalar?.text == "1")
    }

    @Test func singleDocumentRefusesAnEmptyFile() {
        #expect(failure { try YAMLParser.singleDocument(in: SourceFile(name: "r.yaml", text: "# nothing\n")) } == """
            r.yaml:1:1: error: the file is empty (or holds only comments); expected a YAML mapping
            # nothing
            ^
            """)
    }

    @Test func singleDocumentRefusesASecondDocument() {
        #expect(failure { try YAMLParser.singleDocument(in: SourceFile(name: "r.yaml", text: "a: 1\n---\nb: 2\n")) } == """
            r.yaml:3:1: error: a second YAML document starts here; expected one document in this file
            b: 2
            ^
            """)
    }

    @Test func nodesKnowWhereTheyStartAndEnd() throws {
        let doc = try root("name: 中卫市\nlist:\n  - 甲\n  - \"乙\"\n")
        let name = try #require(doc["name"])
        #expect(name.node.start == Mark(line: 1, column: 7))
        #expect(name.node.end == Mark(line: 1, column: 10))
        let items = try #require(doc["list"]).list()
        #expect(items[1].node.start == Mark(line: 4, column: 5))
        #expect(items[1].node.end == Mark(line: 4, column: 8))
        #expect(items[1].location.description == "t.yaml:4:5")
    }
}
