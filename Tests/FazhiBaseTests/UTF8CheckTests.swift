@testable import FazhiBase
import Testing

/// The UTF-8 check of unit ids and names agrees with the standard library's decoder: the offset of the
/// first invalid sequence, or none, on random bytes around the edges of UTF-8 (Chinese text, overlong
/// and surrogate forms, truncated sequences, stray continuation bytes).
struct UTF8CheckTests {
    func reference(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func agreesWithTheStandardDecoder() {
        var g = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("合成县".utf8), Array("u0001".utf8), Array("部门乡镇（街道）".utf8), Array("😀".utf8), Array("é".utf8),
            [0xE0, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xE4, 0xB8], [0xE4], [0x80], [0xBF], [0xC0, 0x80], [0xC2, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5], [0xFF], [0xE1, 0x41, 0x80], [0xEC, 0x80, 0x41],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &g) { bytes += pieces.randomElement(using: &g)! }
            let got = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) }
            #expect(got == reference(bytes), "\(bytes)")
        }
        let valid = Array("西吉县人民政府办公室".utf8)
        #expect(valid.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) } == nil)
    }
}
