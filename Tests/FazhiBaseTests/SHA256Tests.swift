import Foundation
import FazhiBase
import Testing

/// SHA-256 against the NIST FIPS 180-4 example vectors and the padding boundaries (55, 56, 63, 64, 65
/// bytes: one or two final blocks), whose digests were taken from coreutils' sha256sum.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("法治政府", "d691121c67a782ed69cc6cb54fdda36ab131a9900f8d0fd8afd4685ebc66a39e"),
    ])
    func publishedVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test(arguments: [
        (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
        (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
        (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
        (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
        (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
        (119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"),
    ])
    func paddingBoundaries(_ length: Int, _ digest: String) {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "x"), count: length)) == digest)
    }

    @Test func millionAsInPieces() {
        var h = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(piece) }
        let hex = h.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Whole blocks are read straight from a contiguous buffer, the rest byte by byte: the same digest
    /// whatever the pieces (odd sizes straddling block edges), as an array, as Data and as a
    /// non-contiguous sequence.
    @Test func theSameDigestHoweverTheBytesCome() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
        for length in [0, 1, 63, 64, 65, 127, 128, 129, 1000, 4097, 70_001] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let whole = SHA256.hex(bytes)
            #expect(SHA256.hex(Data(bytes)) == whole)
            #expect(SHA256.hex(bytes.lazy.map { $0 }) == whole)
            var h = SHA256()
            var at = 0
            while at < length {
                let end = min(length, at + 1 + Int(next() % 150))
                h.update(Array(bytes[at..<end]))
                at = end
            }
            #expect(h.finalize().map { String(format: "%02x", $0) }.joined() == whole)
        }
    }
}
