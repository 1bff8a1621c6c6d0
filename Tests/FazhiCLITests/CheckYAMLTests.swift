import Foundation
import Testing

/// `fazhi check-yaml FILE…` on the built binary: stdout, stderr and exit status, word for word.
struct CheckYAMLTests {
    /// A fresh file with exactly these bytes (for byte order marks, CRLF and broken UTF-8).
    private func file(_ name: String, bytes: [UInt8]) -> String {
        let directory = NSTemporaryDirectory() + "fazhi-check-yaml-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func goodStreamsExitZero() throws {
        let stream = temporaryFile("units.yaml", "unit: 中卫市\n---\nunit: 固原市\n---\nunit: 吴忠市\n")
        let single = temporaryFile("one.yaml", "id: nx-1\n")
        let empty = temporaryFile("empty.yaml", "# nothing yet\n")
        let run = try fazhi("check-yaml", stream, single, empty)
        #expect(run.status == 0)
        #expect(run.stdout == """
            \(stream): ok (3 documents)
            \(single): ok (1 document)
            \(empty): ok (0 documents)

            """)
        #expect(run.stderr == "")
    }

    @Test func brokenFileIsLocatedWithCaretAndExitsTwo() throws {
        let bad = temporaryFile("bad.yaml", "名称: 中卫市司法局: 甲\n")
        let run = try fazhi("check-yaml", bad)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(bad):1:11: error: mapping values are not allowed in this context
            名称: 中卫市司法局: 甲
                              ^

            """)
    }

    @Test func everyFileIsCheckedAndEachProblemReported() throws {
        let good = temporaryFile("good.yaml", "a: 1\n")
        let unclosed = temporaryFile("unclosed.yaml", "a: [1, 2\nb: 3\n")
        let duplicate = temporaryFile("dup.yaml", "---\nid: a\n---\nid: b\nid: c\n")
        let tab = temporaryFile("tab.yaml", "a:\n\tb: 1\n")
        let run = try fazhi("check-yaml", unclosed, good, duplicate, tab)
        #expect(run.status == 2)
        #expect(run.stdout == "\(good): ok (1 document)\n")
        #expect(run.stderr == """
            \(unclosed):2:2: error: did not find expected ',' or ']'
            b: 3
             ^
            \(unclosed):1:4: note: while parsing a flow sequence
            a: [1, 2
               ^
            \(duplicate):5:1: error: duplicate key "id" in this mapping; expected each key once
            id: c
            ^~
            \(duplicate):4:1: note: "id" first defined here
            id: b
            ^~
            \(tab):2:1: error: found a tab character where indentation or a value should start; indent YAML with spaces, not tabs
            \tb: 1
            ^

            """)
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let path = file("windows.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("单位: 甲\r\n---\r\n单位: 乙\r\n".utf8))
        let run = try fazhi("check-yaml", path)
        #expect(run.status == 0)
        #expect(run.stdout == "\(path): ok (2 documents)\n")
    }

    @Test func invalidUTF8IsLocated() throws {
        // 中卫 saved as GBK.
        let path = file("gbk.yaml", bytes: Array("a: 1\nunit: ".utf8) + [0xD6, 0xD0, 0xCE, 0xC0] + [0x0A])
        let run = try fazhi("check-yaml", path)
        #expect(run.status == 2)
        #expect(run.stderr == """
            \(path):2:7: error: invalid UTF-8: byte 0xD6 cannot appear here; expected UTF-8 text (save the file as UTF-8)
            unit: \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}
                  ^

            """)
    }

    @Test func billionLaughsIsRefused() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let path = temporaryFile("laughs.yaml", text)
        let run = try fazhi("check-yaml", path)
        #expect(run.status == 2)
        #expect(run.stderr == """
            \(path):6:8: error: aliases expand to more than 100000 nodes; refusing to expand further (a document that multiplies aliases is not accepted)
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                   ^~

            """)
    }

    @Test func missingFile() throws {
        let run = try fazhi("check-yaml", "no/such/file.yaml")
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: cannot read no/such/file.yaml: No such file or directory\n")
    }

    @Test func bundledRulesetsAreWellFormedYAML() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/rulesets")
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "rulesets/" + $0 }
        let run = try fazhi(["check-yaml"] + names)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == names.map { "\($0): ok (1 document)\n" }.joined())
    }
}

