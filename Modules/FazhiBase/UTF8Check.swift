/// Finds the first byte that is not well-formed UTF-8, so the error can name its line and column.
///
/// libyaml reports invalid UTF-8 with a byte offset and no line; checking first lets us say where.
package enum UTF8Check {
    /// The byte offset of the first invalid sequence, or nil when the whole buffer is valid.
    package static func firstInvalidOffset(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            // Fast path: eight ASCII bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            // The common case of Chinese text: a three-byte sequence led by E1–EC or EE–EF, where any
            // two continuation bytes make a valid character (E0 and ED have narrower second bytes).
            if c >= 0xE1, c != 0xED, c <= 0xEF, i + 2 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let need: Int
            var lowest: UInt32
            var v: UInt32
            switch c {
            case 0xC2...0xDF: need = 1; lowest = 0x80; v = UInt32(c & 0x1F)
            case 0xE0...0xEF: need = 2; lowest = 0x800; v = UInt32(c & 0x0F)
            case 0xF0...0xF4: need = 3; lowest = 0x10000; v = UInt32(c & 0x07)
            default: return i
            }
            if i + need >= n { return i }  // truncated at the end of the input
            for k in 1...need {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                v = (v << 6) | UInt32(cc & 0x3F)
            }
            if v < lowest || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return i }
            i += need + 1
        }
        return nil
    }
}
