public import FazhiBase

/// A narrative report (法治政府建设情况报告) as text, split into lines, whatever encoding it came in.
///
/// Government files arrive as UTF-8 or as GB18030/GBK (which many office systems still write). Bytes
/// that are valid UTF-8 are read as UTF-8; otherwise GB18030 (a superset of GBK and GB2312) is tried;
/// a file with a UTF-16 byte order mark is read as UTF-16. Anything else is refused with the place
/// of the first byte that is not UTF-8.
public struct NarrativeReport: Sendable {
    package enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
        case utf16 = "UTF-16"
    }

    /// The name shown in messages and cited in the draft evidence: the path as given.
    package var name: String
    package var encoding: Encoding
    /// The lines, without their line breaks (`\n`, `\r\n` or `\r`). Line n is `lines[n - 1]`.
    package var lines: [String]

    package init(name: String, text: String, encoding: Encoding = .utf8) {
        self.name = name
        self.encoding = encoding
        var lines: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append(current) }
                current = ""
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append(current)
                current = ""
                previousWasCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousWasCR = false
            }
        }
        if !current.isEmpty { lines.append(current) }
        self.lines = lines
    }

    /// Reads a report file (up to `limit` bytes).
    public init(contentsOfFile path: String, name: String? = nil, limit: Int = 64 << 20) throws(Diagnostic) {
        // SourceFile reads the bytes (and refuses directories and oversized files); a UTF-8 byte order
        // mark is already stripped from its bytes.
        let source = try SourceFile(contentsOfFile: path, name: name, limit: limit)
        try self.init(source: source)
    }

    /// Decodes bytes that were read elsewhere.
    package init(bytes: [UInt8], name: String) throws(Diagnostic) {
        try self.init(source: SourceFile(name: name, bytes: bytes))
    }

    init(source: SourceFile) throws(Diagnostic) {
        let bytes = Array(source.bytes)
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            guard let text = Transcoder.decode(bytes, from: "UTF-16") else {
                throw Diagnostic.error("\(source.name): the file starts with a UTF-16 byte order mark but is not UTF-16 text", at: nil)
            }
            self.init(name: source.name, text: text, encoding: .utf16)
            return
        }
        guard let bad = Self.firstInvalidUTF8(bytes) else {
            self.init(name: source.name, text: String(decoding: bytes, as: UTF8.self), encoding: .utf8)
            return
        }
        if !bytes.contains(0), let text = Transcoder.decode(bytes, from: "GB18030") {
            self.init(name: source.name, text: text, encoding: .gb18030)
            return
        }
        let mark = source.mark(atByteOffset: bad)
        throw Diagnostic.error(
            "byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad) is not UTF-8, and the file is not GB18030 either; expected a text file in UTF-8 or GB18030/GBK",
            at: SourceLocation(source: source, start: mark))
    }

    /// The byte offset of the first ill-formed UTF-8 sequence, or nil when the bytes are UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The text of line `n` (1-based), or nil past the end.
    package func line(_ n: Int) -> String? { n >= 1 && n <= lines.count ? lines[n - 1] : nil }
}
