import Synchronization

/// The bytes of one input file, kept for the life of the documents read from it.
///
/// The buffer is allocated once and never moves: libyaml keeps a pointer into it for the whole parse,
/// and diagnostics read the offending line back from it.
public final class SourceFile: @unchecked Sendable {
    /// The name shown in diagnostics: the path as the user gave it.
    public let name: String
    /// For a spreadsheet: the sheet the document was read from. Its locations are cells then
    /// (`file.xlsx:Sheet!C12`, line = row, column = column number), and there is no text to quote.
    package let sheet: String?
    /// The content without a leading UTF-8 byte order mark.
    package let bytes: UnsafeBufferPointer<UInt8>
    /// Whether the file started with a UTF-8 byte order mark (stripped from `bytes`).
    package let hadByteOrderMark: Bool
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let lineStarts: LineTable

    public init<Bytes: Collection>(name: String, bytes: Bytes) where Bytes.Element == UInt8 {
        self.name = name
        self.sheet = nil
        var count = bytes.count
        var skip = 0
        if count >= 3 {
            var it = bytes.makeIterator()
            if it.next() == 0xEF, it.next() == 0xBB, it.next() == 0xBF { skip = 3 }
        }
        count -= skip
        hadByteOrderMark = skip == 3
        // One spare zero byte: some C readers like a terminator, and an empty file still has an address.
        storage = .allocate(capacity: count + 1)
        _ = storage.initialize(from: bytes.dropFirst(skip))
        storage[count] = 0
        self.bytes = UnsafeBufferPointer(start: storage.baseAddress, count: count)
        lineStarts = LineTable()
    }

    /// A document read from a spreadsheet's sheet: no text, locations are cells.
    package init(name: String, sheet: String) {
        self.name = name
        self.sheet = sheet
        storage = .allocate(capacity: 1)
        storage[0] = 0
        bytes = UnsafeBufferPointer(start: storage.baseAddress, count: 0)
        hadByteOrderMark = false
        lineStarts = LineTable()
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    deinit { storage.deallocate() }

    /// The text of line `line` (1-based) without its line break, or nil past the end.
    package func lineText(_ line: Int) -> String? {
        let starts = lineStarts.starts(in: bytes)
        guard line >= 1, line <= starts.count else { return nil }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The 1-based line and character column of a byte offset.
    package func mark(atByteOffset offset: Int) -> Mark {
        let starts = lineStarts.starts(in: bytes)
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = starts[lo]
        let stop = min(offset, bytes.count)
        while i < stop {
            // Count characters (code points), as libyaml does: skip continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // A column computed from a byte offset inside a character counts that character once.
        return Mark(line: lo + 1, column: column)
    }
}

/// Line start offsets, computed on first use (only diagnostics need them).
private final class LineTable: Sendable {
    private let cached = Mutex<[Int]?>(nil)

    func starts(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        cached.withLock { cached in
            if let cached { return cached }
            let terminator: UInt8 = bytes.contains(0x0A) || !bytes.contains(0x0D) ? 0x0A : 0x0D  // CR-only files
            var starts = [0]
            for i in 0..<bytes.count where bytes[i] == terminator { starts.append(i + 1) }
            cached = starts
            return starts
        }
    }
}
