import FazhiBase
import FazhiYAML
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading files from disk: errors without a location, as the user gave the path.
struct SourceFileTests {
    func temporaryFile(_ bytes: [UInt8]) -> String {
        var template = Array("/tmp/fazhi-yaml-test-XXXXXX".utf8) + [0]
        let fd = template.withUnsafeMutableBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { mkstemp($0.baseAddress!) }
        }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return String(decoding: template.dropLast(), as: UTF8.self)
    }

    @Test func readsAFileAndNamesItAsGiven() throws {
        let path = temporaryFile(Array("a: 1\n".utf8))
        defer { unlink(path) }
        let source = try SourceFile(contentsOfFile: path, name: "rulesets/x.yaml")
        #expect(source.name == "rulesets/x.yaml")
        #expect(Array(source.bytes) == Array("a: 1\n".utf8))
        #expect(try SourceFile(contentsOfFile: path).name == path)
    }

    @Test func missingFile() {
        #expect(failure { try SourceFile(contentsOfFile: "/nonexistent/x.yaml") }
            == "error: cannot read /nonexistent/x.yaml: No such file or directory")
    }

    @Test func directory() {
        #expect(failure { try SourceFile(contentsOfFile: "/tmp") } == "error: /tmp is a directory; expected a regular file")
    }

    @Test func sizeLimit() throws {
        let path = temporaryFile(Array(repeating: UInt8(ascii: "a"), count: 100))
        defer { unlink(path) }
        #expect(failure { try SourceFile(contentsOfFile: path, name: "big.yaml", limit: 10) }
            == "error: \(path) is 100 bytes, larger than the limit of 10 bytes")
        let source = SourceFile(name: "big.yaml", bytes: Array(repeating: UInt8(ascii: "a"), count: 100))
        #expect(failure { try YAMLParser(source: source, limits: YAMLLimits(maxFileBytes: 10)) } == """
            big.yaml:1:1: error: file is 100 bytes, larger than the limit of 10 bytes
            \(String(repeating: "a", count: 100))
            ^
            """)
    }

    @Test func scalarLimit() {
        #expect(loadError("a: " + String(repeating: "x", count: 20) + "\n", limits: YAMLLimits(maxScalarBytes: 10)) == """
            t.yaml:1:4: error: a scalar of 20 bytes is longer than the limit of 10 bytes
            a: xxxxxxxxxxxxxxxxxxxx
               ^
            """)
    }
}
