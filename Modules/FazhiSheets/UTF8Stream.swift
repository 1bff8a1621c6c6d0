import FazhiBase
import Foundation

/// Checks that a part's bytes are UTF-8 as they stream out of the archive. Foundation's XMLParser on
/// Linux traps on a name that is not valid UTF-8 (a damaged file), so nothing reaches it unchecked;
/// Excel and WPS write every part in UTF-8.
struct UTF8Stream {
    private var pending: [UInt8] = []
    private var offset = 0

    /// The offset of the first invalid byte in the stream so far, or nil.
    mutating func feed(_ chunk: Data) -> Int? {
        var bytes = pending
        bytes.append(contentsOf: chunk)
        // Hold back a sequence cut by the chunk's end.
        var cut = bytes.count
        var k = bytes.count - 1
        var continuation = 0
        while k >= 0, continuation < 4, bytes[k] & 0xC0 == 0x80 {
            k -= 1
            continuation += 1
        }
        if k >= 0 {
            let lead = bytes[k]
            let need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
            if need > 0, bytes.count - 1 - k < need { cut = k }
        }
        let bad = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset(UnsafeBufferPointer(rebasing: $0[0..<cut])) }
        pending = Array(bytes[cut...])
        defer { offset += cut }
        return bad.map { offset + $0 }
    }

    /// At the end: the offset of a sequence the stream ended inside, or nil.
    func finish() -> Int? { pending.isEmpty ? nil : offset }
}
