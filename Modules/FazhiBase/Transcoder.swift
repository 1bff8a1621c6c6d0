#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts bytes in another encoding to UTF-8 with the C library's iconv: GB18030 (GBK, as Excel and
/// WPS save "CSV (逗号分隔)" and office systems write reports on a Chinese Windows) and UTF-16.
///
/// Written over iconv rather than Foundation. Tried on this project's Linux toolchain (Swift 6.3,
/// swift-corelibs-foundation): `CFStringConvertEncodingToNSStringEncoding` and `CFStringEncodings` are
/// not exposed at all; `String(data:encoding: String.Encoding(rawValue: 0x8000_0632))` (the value they
/// would give for GB18030) does decode, but only a whole `Data` into a `String`, with no offset for a bad
/// byte and no piecewise input, and that raw value is an undocumented detail of the CF build. glibc's
/// iconv (gconv module GB18030, always on Debian) and macOS's libiconv convert piece by piece, say where
/// they stopped, and write UTF-8 bytes the batch readers use directly; no mirrored Swift package
/// converts Chinese encodings.
package enum Transcoder {
    /// Where a conversion stopped: the offset (from the start of the input) of the first byte that is
    /// not valid in the encoding, or of a sequence cut off by the end of the input.
    package struct Failure: Error, Sendable {
        package var offset: Int
    }

    /// The text, or nil when the bytes are not valid in `encoding` (or iconv does not know it).
    package static func decode(_ bytes: [UInt8], from encoding: String) -> String? {
        var given = false
        let converted = utf8(from: encoding) { buffer in
            guard !given else { return 0 }
            given = true
            precondition(buffer.count >= bytes.count)
            buffer.copyBytes(from: bytes)
            return bytes.count
        } pieceBytes: { max(bytes.count, 1) }
        guard case .success(let utf8) = converted else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }

    /// The input converted from `encoding` to UTF-8, read piece by piece: `read` fills the buffer it is
    /// given (of `pieceBytes()` bytes) and returns how many bytes it put there, 0 at the end. A
    /// sequence cut between two pieces is carried over, so the input never has to be held whole: the
    /// UTF-8 result is the only copy that grows with it.
    package static func utf8(from encoding: String, read: (UnsafeMutableRawBufferPointer) -> Int,
                             pieceBytes: () -> Int = { 1 << 20 }) -> Result<[UInt8], Failure> {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return .failure(Failure(offset: 0)) }  // (iconv_t)-1: iconv does not know it
        defer { iconv_close(cd) }
        let piece = pieceBytes()
        let inCapacity = piece + 16
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: inCapacity, alignment: 1)
        defer { input.deallocate() }
        let outCapacity = 1 << 20
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: outCapacity, alignment: 1)
        defer { output.deallocate() }
        var result: [UInt8] = []
        var carried = 0  // bytes at the start of `input` left from the previous piece
        var offset = 0   // the input offset of `input[0]`
        while true {
            let got = max(0, read(UnsafeMutableRawBufferPointer(rebasing: input[carried..<(carried + piece)])))
            let atEnd = got == 0
            let total = carried + got
            var inPointer: UnsafeMutablePointer<CChar>? = input.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = total
            var stopped: Int32 = 0
            while true {
                var outPointer: UnsafeMutablePointer<CChar>? = output.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outCapacity
                let r = atEnd && inLeft == 0
                    ? iconv(cd, nil, nil, &outPointer, &outLeft)  // the end: flush any shift state
                    : iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                let e = errno
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: output[0..<(outCapacity - outLeft)]))
                if r != -1 { break }
                if e == E2BIG { continue }
                stopped = e
                break
            }
            if stopped == EILSEQ || (stopped != 0 && stopped != EINVAL) {
                return .failure(Failure(offset: offset + total - inLeft))
            }
            if stopped == EINVAL {  // a sequence cut by the end of this piece
                if atEnd || inLeft > 8 { return .failure(Failure(offset: offset + total - inLeft)) }
                input.baseAddress!.copyMemory(from: input.baseAddress! + (total - inLeft), byteCount: inLeft)
                offset += total - inLeft
                carried = inLeft
                continue
            }
            if atEnd { return .success(result) }
            offset += total
            carried = 0
        }
    }
}

extension SourceFile {
    /// This file's text as UTF-8 for a table reader (CSV, TSV, JSON Lines): the file itself when its
    /// bytes are UTF-8 (with or without a byte order mark: nothing is copied); else, when they read
    /// cleanly as GB18030 (GBK is a subset; what Excel on a Chinese Windows saves as "CSV (逗号分隔)"), a
    /// file of the same name holding them as UTF-8: rows and character columns stay where they were.
    /// Anything else is refused at the first byte neither encoding reads.
    package func utf8Table() throws(Diagnostic) -> SourceFile {
        guard let bad = UTF8Check.firstInvalidOffset(bytes) else { return self }
        // A byte order mark says UTF-8; zero bytes say UTF-16 or not text: neither is GBK.
        if !hadByteOrderMark, !bytes.contains(0) {
            let source = bytes
            var given = false
            let converted = Transcoder.utf8(from: "GB18030", read: { buffer in
                guard !given else { return 0 }
                given = true
                buffer.copyMemory(from: UnsafeRawBufferPointer(source))
                return source.count
            }, pieceBytes: { max(source.count, 1) })
            switch converted {
            case .success(let utf8): return SourceFile(name: name, bytes: utf8)
            case .failure(let failure): throw Self.notText(name: name, offset: max(bad, failure.offset), bytes: bytes)
            }
        }
        throw Self.notText(name: name, offset: bad, bytes: bytes)
    }

    /// "line L, field F: byte N is neither UTF-8 nor GBK/GB18030 text", at the byte's line and (in a CSV
    /// or TSV) its field, counted by the separators before it on the line.
    package static func notText(name: String, offset: Int, bytes: UnsafeBufferPointer<UInt8>) -> Diagnostic {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lower = name.lowercased()
        let separator: UInt8? = lower.hasSuffix(".csv") ? 0x2C : lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? 0x09 : nil
        let field = separator.map { s in bytes[lineStart..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == s ? 1 : 0) } }
        let place = field.map { "line \(line), field \($0): " } ?? "line \(line): "
        return Diagnostic.error("\(place)byte \(offset + 1) is neither UTF-8 nor GBK/GB18030 text; expected a file saved as UTF-8 or as GBK",
                                at: SourceLocation(file: name, line: line, column: field ?? 1),
                                hint: "in Excel save as \"CSV UTF-8\" or \"CSV (逗号分隔)\"; in WPS as UTF-8 or GBK")
    }
}
