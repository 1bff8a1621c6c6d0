@testable import FazhiBase
import Testing

/// GB18030 to UTF-8, piece by piece: every cut of the input between pieces (two-byte GBK characters and
/// a four-byte GB18030 one, 😀 = 94 39 FC 36) gives the same text; a bad byte is named by its offset.
struct TranscoderTests {
    static let text = "宁夏回族自治区😀固原市，县（区）"
    static let bytes: [UInt8] = [196, 254, 207, 196, 187, 216, 215, 229, 215, 212, 214, 206, 199, 248, 148, 57, 252, 54, 185, 204,
                                 212, 173, 202, 208, 163, 172, 207, 216, 163, 168, 199, 248, 163, 169]

    static func convert(_ input: [UInt8], piece: Int) -> Result<[UInt8], Transcoder.Failure> {
        var offset = 0
        return Transcoder.utf8(from: "GB18030", read: { buffer in
            let n = min(buffer.count, input.count - offset)
            buffer.copyBytes(from: input[offset..<(offset + n)])
            offset += n
            return n
        }, pieceBytes: { piece })
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func anyPieceSizeGivesTheText(piece: Int) throws {
        let out = try Self.convert(Self.bytes, piece: piece).get()
        #expect(String(decoding: out, as: UTF8.self) == Self.text)
    }

    @Test func badBytesAreLocated() {
        var input = Self.bytes
        input.insert(0xFF, at: 6)
        for piece in [1, 4, 64] {
            guard case .failure(let failure) = Self.convert(input, piece: piece) else { Issue.record("accepted"); continue }
            #expect(failure.offset == 6, "piece \(piece)")
        }
        // Cut off in the middle of a character at the end of the input.
        guard case .failure(let cut) = Self.convert(Array(Self.bytes.prefix(15)), piece: 4) else { Issue.record("accepted"); return }
        #expect(cut.offset == 14)
        #expect(Transcoder.decode(Self.bytes, from: "GB18030") == Self.text)
    }

    /// A table's text: UTF-8 stays itself, GBK becomes its UTF-8 text under the same name.
    @Test func tablesInEitherEncoding() throws {
        let utf8 = SourceFile(name: "a.csv", text: "id,name\nu,宁夏\n")
        #expect(try utf8.utf8Table() === utf8)
        let gbk = SourceFile(name: "b.csv", bytes: Array("id,name\r\nu,".utf8) + [0xC4, 0xFE, 0xCF, 0xC4] + [0x0D, 0x0A])
        let read = try gbk.utf8Table()
        #expect(read.name == "b.csv")
        #expect(String(decoding: read.bytes, as: UTF8.self) == "id,name\r\nu,宁夏\r\n")
    }
}
