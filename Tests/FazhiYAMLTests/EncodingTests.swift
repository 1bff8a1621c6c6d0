import FazhiBase
import FazhiYAML
import Testing

/// UTF-8 with or without a byte order mark, LF or CRLF; anything else is refused with its place.
struct EncodingTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func byteOrderMarkAndCRLFKeepMarksRight() {
        let bytes = Self.bom + Array("名称: 甲\r\nid: 1\r\nid: 2\r\n".utf8)
        #expect(loadError(bytes: bytes) == """
            t.yaml:3:1: error: duplicate key "id" in this mapping; expected each key once
            id: 2
            ^~
            t.yaml:2:1: note: "id" first defined here
            id: 1
            ^~
            """)
    }

    @Test func byteOrderMarkDoesNotShiftTheFirstLine() throws {
        let source = SourceFile(name: "t.yaml", bytes: Self.bom + Array("单位: 甲\r\n名称: x\r\n".utf8))
        #expect(source.hadByteOrderMark)
        let doc = try YAMLParser.singleDocument(in: source)
        #expect(doc.root["单位"]?.scalar?.text == "甲")
        #expect(doc.root["单位"]?.start == Mark(line: 1, column: 5))
        #expect(doc.root["名称"]?.start == Mark(line: 2, column: 5))
        // No stray "\r" in the text or in the line shown under a message.
        #expect(doc.root["名称"]?.scalar?.text == "x")
        #expect(source.lineText(1) == "单位: 甲")
        #expect(loadError(bytes: Self.bom + Array("a: 1\r\na: 2\r\n".utf8)) == """
            t.yaml:2:1: error: duplicate key "a" in this mapping; expected each key once
            a: 2
            ^
            t.yaml:1:1: note: "a" first defined here
            a: 1
            ^
            """)
    }

    @Test func crlfInAMultiLineScalar() throws {
        let doc = try root("text: |\r\n  第一行\r\n  第二行\r\nnext: 1\r\n")
        #expect(try doc["text"]?.text() == "第一行\n第二行\n")
        #expect(doc["next"]?.node.start == Mark(line: 4, column: 7))
    }

    @Test func syntaxErrorInACRLFFile() {
        #expect(loadError("a: 1\r\n  b: 2\r\n") == """
            t.yaml:2:4: error: mapping values are not allowed in this context
              b: 2
               ^
            """)
    }

    @Test func truncatedChineseCharacter() {
        // 名称: followed by the first two of the three bytes of 中.
        #expect(loadError(bytes: Array("a: 1\n名称: ".utf8) + [0xE4, 0xB8] + Array("\n".utf8)) == """
            t.yaml:2:5: error: invalid UTF-8: byte 0xE4 cannot appear here; expected UTF-8 text (save the file as UTF-8)
            名称: \u{FFFD}
                  ^
            """)
    }

    @Test func gbkEncodedFile() {
        // 中卫 in GBK is D6 D0 CE C0: a file saved from a Chinese Windows editor.
        #expect(loadError(bytes: Array("unit: ".utf8) + [0xD6, 0xD0, 0xCE, 0xC0] + Array("\n".utf8)) == """
            t.yaml:1:7: error: invalid UTF-8: byte 0xD6 cannot appear here; expected UTF-8 text (save the file as UTF-8)
            unit: \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}
                  ^
            """)
    }

    @Test(arguments: [
        ([0xC0, 0x80] as [UInt8], "0xC0"),  // overlong NUL
        ([0xE0, 0x80, 0x80], "0xE0"),  // overlong
        ([0xED, 0xA0, 0x80], "0xED"),  // a UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], "0xF4"),  // past U+10FFFF
        ([0x80], "0x80"),  // a lone continuation byte
        ([0xE4, 0xB8], "0xE4"),  // truncated at the end of the file
    ])
    func malformedSequences(bytes: [UInt8], shown: String) {
        let message = loadError(bytes: Array("x: ab".utf8) + bytes)
        #expect(message?.hasPrefix("t.yaml:1:6: error: invalid UTF-8: byte \(shown) cannot appear here;") == true)
    }

    @Test func utf16FileIsRefusedAtTheStart() {
        let message = loadError(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00])
        #expect(message?.hasPrefix("t.yaml:1:1: error: invalid UTF-8: byte 0xFF cannot appear here;") == true)
    }

    @Test func controlCharacterIsLocated() {
        // libyaml reports this with a byte offset only; the message still gets line and column.
        #expect(loadError("a: 1\n名称: b\u{01}\n") == """
            t.yaml:2:6: error: control characters are not allowed
            名称: b\u{01}
                   ^
            """)
    }

    @Test func fourByteCharactersAreOneColumn() throws {
        let doc = try root("名: 𠀀x\nb: 1\n")
        #expect(doc["名"]?.node.end == Mark(line: 1, column: 6))
    }
}
