import FazhiBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bulk reader takes a batch's bytes from: the file itself, read with `pread` as it is (UTF-8,
/// the common case: nothing copied, no extra pass), or, for a file saved as GBK/GB18030 (Excel's "CSV
/// (逗号分隔)" on a Chinese Windows), its text transcoded once to UTF-8 in memory, so that the chunk
/// readers stay byte-level UTF-8. Rows stay where they were; columns are counted in fields as before.
///
/// Which one is decided from the file's start (`sampleBytes`, cut at its last line break, where both
/// encodings end a character): a start that is UTF-8 makes the file UTF-8, and a later byte that is not
/// is the row's located error, as before. A start that is not UTF-8 (and has no UTF-8 byte order mark)
/// makes the whole file GB18030, converted as it is read, or refused at the first byte neither reads.
final class BatchInput: @unchecked Sendable {
    let fd: Int32
    let size: Int
    /// The UTF-8 text of a transcoded file; nil when the file is read as it is.
    let memory: [UInt8]?
    static let sampleBytes = 1 << 20

    init(fd: Int32, size: Int, path: String) throws(Diagnostic) {
        self.fd = fd
        var head = [UInt8](repeating: 0, count: min(size, Self.sampleBytes))
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        head.removeLast(head.count - max(0, got))
        guard let firstBad = Self.gb18030Start(head: head, wholeFile: head.count >= size) else {
            self.size = size
            memory = nil
            return
        }
        var offset = 0
        let converted = Transcoder.utf8(from: "GB18030") { buffer in
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            offset += max(0, n)
            return n
        }
        switch converted {
        case .success(let utf8):
            memory = utf8
            self.size = utf8.count
        case .failure(let failure):
            // The line of the bad byte: the bytes before it, read again (the error path only).
            var before = [UInt8](repeating: 0, count: min(max(firstBad, failure.offset), size))
            let n = before.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            before.removeLast(before.count - max(0, n))
            // The later of the two places: how far either encoding reads.
            throw before.withUnsafeBufferPointer { SourceFile.notText(name: path, offset: max(firstBad, failure.offset), bytes: $0) }
        }
    }

    /// For a file whose first bytes are `head`: nil when it is UTF-8, else (to be read as GB18030) the
    /// offset of its first byte that is not UTF-8.
    static func gb18030Start(head: [UInt8], wholeFile: Bool) -> Int? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) || head.contains(0) { return nil }
        var end = head.count
        if !wholeFile, let lastBreak = head.lastIndex(of: 0x0A) { end = lastBreak + 1 }
        guard let bad = head.withUnsafeBufferPointer({ UTF8Check.firstInvalidOffset(UnsafeBufferPointer(rebasing: $0[0..<end])) }) else { return nil }
        // A character cut by the end of a sample that holds no line break is not a bad byte.
        return wholeFile || end != head.count || bad < end - 3 ? bad : nil
    }

    /// Reads up to `count` bytes at `offset`, as `pread` does: the count read, 0 at the end.
    @inline(__always)
    func read(into p: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        guard let memory else { return pread(fd, p, count, off_t(offset)) }
        let n = max(0, min(count, memory.count - offset))
        if n > 0 { memory.withUnsafeBytes { p.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        return n
    }
}
