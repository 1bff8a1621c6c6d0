import FazhiBase
import FazhiYAML
import Testing

/// No YAML 1.1 type guessing: a scalar is text until a reader asks for a type.
struct ScalarTypingTests {
    @Test(arguments: ["0801", "NO", "no", "yes", "Yes", "on", "off", "y", "n", "1.0", "1e3", "0x1F", "0o17",
                      "1_000", "12:30:00", "2023-01-01", ".inf", "-.inf", ".nan", "010", "+1", "95%"])
    func plainScalarStaysTheTextAsWritten(text: String) throws {
        let doc = try root("code: \(text)\n")
        #expect(try doc.required("code", "a code").text() == text)
        #expect(doc["code"]?.node.scalar?.style == .plain)
        #expect(doc["code"]?.node.scalar?.tag == nil)
    }

    @Test func unitNamedNOStaysAName() throws {
        let doc = try root("units: [NO, SE, 中卫市]\n")
        #expect(try doc.required("units", "units").list().map { try $0.text() } == ["NO", "SE", "中卫市"])
    }

    @Test func aCodeIsANumberOnlyWhenOneIsAskedFor() throws {
        let doc = try root("code: 0801\n")
        #expect(try doc["code"]?.text() == "0801")
        #expect(try doc["code"]?.int() == 801)
    }

    @Test func yesIsNotABoolean() throws {
        let doc = try root("published: yes\n")
        #expect(failure { try doc.required("published", "true or false").bool() } == """
            t.yaml:1:12: error: published: expected true or false (是 / 否, 1 / 0), found "yes"
            published: yes
                       ^~~
            """)
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("是", true), ("1", true),
                      ("false", false), ("False", false), ("FALSE", false), ("否", false), ("0", false)])
    func booleansWhenAsked(text: String, value: Bool) throws {
        #expect(try root("x: \(text)\n")["x"]?.bool() == value)
    }

    @Test(arguments: ["x:", "x: ~", "x: null", "x: Null", "x: NULL"])
    func nullSpellings(text: String) throws {
        #expect(try root(text)["x"]?.isNull == true)
    }

    @Test func quotedNullIsText() throws {
        let doc = try root("x: 'null'\ny: \"\"\n")
        #expect(try doc["x"]?.text() == "null")
        #expect(try doc["y"]?.text() == "")
    }

    @Test func stylesAndTagsAreKept() throws {
        let doc = try root("a: 'x'\nb: \"y\"\nc: |\n  z\nd: >\n  w\ne: !!str 5\nf: !date 2023-01-01\n")
        #expect(doc["a"]?.node.scalar?.style == .singleQuoted)
        #expect(doc["b"]?.node.scalar?.style == .doubleQuoted)
        #expect(doc["c"]?.node.scalar == Node.Scalar("z\n", style: .literal))
        #expect(doc["d"]?.node.scalar?.style == .folded)
        #expect(doc["e"]?.node.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(doc["f"]?.node.scalar?.tag == "!date")
    }

    @Test func mergeKeyIsAnOrdinaryKey() throws {
        // YAML 1.1's `<<` merge is not applied: it is a key like any other.
        let doc = try root("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
        #expect(doc["item"]?["<<"]?["x"] != nil)
        #expect(doc["item"]?["x"] == nil)
    }
}
