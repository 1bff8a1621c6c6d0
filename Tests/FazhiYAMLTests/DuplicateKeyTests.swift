import FazhiBase
import FazhiYAML
import Testing

/// A key written twice in one mapping is an error that names both places.
struct DuplicateKeyTests {
    @Test func namesBothPlaces() {
        #expect(loadError("id: nx-1\nname: 甲\nid: nx-2\n") == """
            t.yaml:3:1: error: duplicate key "id" in this mapping; expected each key once
            id: nx-2
            ^~
            t.yaml:1:1: note: "id" first defined here
            id: nx-1
            ^~
            """)
    }

    @Test func chineseKeyUnderlinedAcrossItsFullWidth() {
        #expect(loadError("单位: 甲\n名称: x\n单位: 乙\n") == """
            t.yaml:3:1: error: duplicate key "单位" in this mapping; expected each key once
            单位: 乙
            ^~~~
            t.yaml:1:1: note: "单位" first defined here
            单位: 甲
            ^~~~
            """)
    }

    @Test func nestedMappingInAList() {
        #expect(loadError("indicators:\n  - id: a\n    weight: 2\n    weight: 3\n") == """
            t.yaml:4:5: error: duplicate key "weight" in this mapping; expected each key once
                weight: 3
                ^~~~~~
            t.yaml:3:5: note: "weight" first defined here
                weight: 2
                ^~~~~~
            """)
    }

    @Test func quotedAndPlainSpellingsAreTheSameKey() {
        #expect(loadError("id: 1\n'id': 2\n") == """
            t.yaml:2:1: error: duplicate key "id" in this mapping; expected each key once
            'id': 2
            ^~~~
            t.yaml:1:1: note: "id" first defined here
            id: 1
            ^~
            """)
    }

    @Test func flowMapping() {
        #expect(loadError("a: {x: 1, y: 2, x: 3}\n") == """
            t.yaml:1:17: error: duplicate key "x" in this mapping; expected each key once
            a: {x: 1, y: 2, x: 3}
                            ^
            t.yaml:1:5: note: "x" first defined here
            a: {x: 1, y: 2, x: 3}
                ^
            """)
    }

    @Test func largeMappingStillFindsTheFirstPlace() {
        // Past 16 keys the parser switches to an index; the first place must still be the first.
        var text = ""
        for i in 0..<40 { text += "k\(i): \(i)\n" }
        text += "k3: again\n"
        #expect(loadError(text) == """
            t.yaml:41:1: error: duplicate key "k3" in this mapping; expected each key once
            k3: again
            ^~
            t.yaml:4:1: note: "k3" first defined here
            k3: 3
            ^~
            """)
    }

    @Test func sameKeyInSiblingMappingsOrDocumentsIsFine() throws {
        let docs = try documents("a: {id: 1}\nb: {id: 2}\n---\na: {id: 3}\n")
        #expect(docs.count == 2)
        #expect(docs[1].root["a"]?["id"]?.scalar?.text == "3")
    }
}
