#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts bytes in another encoding to a `String` with the C library's iconv.
///
/// Written over iconv rather than Foundation: swift-corelibs-foundation on Linux does not reliably
/// offer GB18030 through `String(data:encoding:)`, while glibc's iconv (gconv module GB18030) and macOS's
/// libiconv both do, and no mirrored Swift package converts Chinese encodings.
enum Transcoder {
    /// The text, or nil when the bytes are not valid in `encoding` (or iconv does not know it).
    static func decode(_ bytes: [UInt8], from encoding: String) -> String? {
        guard let cd = open(from: encoding) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: max(64, bytes.count * 2 + 16))
        var produced = 0
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var inLeft = inBuffer.count
            while true {
                let done: Bool? = output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced = outBuffer.count - outLeft
                    if result != -1 {
                        // Flush any shift state.
                        var flushPointer = outPointer
                        var flushLeft = outLeft
                        if iconv(cd, nil, nil, &flushPointer, &flushLeft) == -1 { return errno == E2BIG ? nil : false }
                        produced = outBuffer.count - flushLeft
                        return true
                    }
                    return errno == E2BIG ? nil : false
                }
                if let done { return done }
                output += [UInt8](repeating: 0, count: output.count)  // grow and go on
            }
        }
        guard ok else { return nil }
        return String(validating: output[0..<produced], as: UTF8.self)
    }

    private static func open(from encoding: String) -> iconv_t? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }  // (iconv_t)-1: iconv does not know the encoding
        return cd
    }
}
