@testable import FazhiBatch
import CFazhiKernels
import Testing

/// The C kernels of the bulk scorer: the vector path this processor takes agrees with the portable
/// one, and both with the rule written out here, on random values, slots and bounds.
struct KernelTests {
    /// The outcome code of one plain interval, as `LeafOp` decides it.
    func expected(_ x: Int64, lo: Int64, hi: Int64, inside: UInt8) -> UInt8 {
        if x == Int64.min { return 4 }
        return x >= lo && x <= hi ? inside : 2
    }

    @Test func plainCodesAgree() {
        var g = SystemRandomNumberGenerator()
        // Values near the bounds, on them, far off, and missing.
        let bounds: [Int64] = [0, 600_000, 900_000, 1_000_000, 5_000_000, -3, Int64.max - 1]
        for round in 0..<300 {
            let slots = Int.random(in: 1...40, using: &g)
            let n = Int.random(in: 0...37, using: &g)
            var v = (0..<slots).map { _ -> Int64 in
                switch Int.random(in: 0..<5, using: &g) {
                case 0: return Int64.min
                case 1: return bounds.randomElement(using: &g)! + Int64.random(in: -1...1, using: &g)
                case 2: return Int64.random(in: -2_000_000...2_000_000, using: &g)
                case 3: return Int64.max
                default: return Int64.random(in: 0...1_000_000, using: &g)
                }
            }
            // Scattered slots, runs of consecutive ones (the load rather than the gather), repeats.
            var slot: [Int32] = []
            while slot.count < n {
                if Bool.random(using: &g), slots >= 4 {
                    let s = Int32.random(in: 0...Int32(slots - 4), using: &g)
                    slot += [s, s + 1, s + 2, s + 3]
                } else {
                    slot.append(Int32.random(in: 0..<Int32(slots), using: &g))
                }
            }
            slot = Array(slot.prefix(n))
            var lo: [Int64] = [], hi: [Int64] = [], inside: [UInt8] = []
            for _ in 0..<n {
                let a = bounds.randomElement(using: &g)!, b = bounds.randomElement(using: &g)!
                // An empty interval (lo > hi) is stored as [hi, hi] with inside 2, as the plan does.
                if a <= b { lo.append(a); hi.append(b); inside.append(0) } else { lo.append(b); hi.append(b); inside.append(2) }
            }
            let span = zip(lo, hi).map { UInt64(bitPattern: $1 &- $0) }
            var fast = [UInt8](repeating: 9, count: n), portable = [UInt8](repeating: 9, count: n)
            if round % 50 == 0 { v[0] = Int64.min }
            // Counts added to what is there.
            var fastCounts = [UInt32](repeating: 1, count: 8), portableCounts = [UInt32](repeating: 1, count: 8)
            if round % 2 == 0 {
                fz_plain_codes(v, slot, lo, span, inside, &fast, n, &fastCounts)
                fz_plain_codes_portable(v, slot, lo, span, inside, &portable, n, &portableCounts)
            } else {
                fz_plain_codes(v, slot, lo, span, inside, &fast, n, nil)
                fz_plain_codes_portable(v, slot, lo, span, inside, &portable, n, nil)
            }
            let want = (0..<n).map { expected(v[Int(slot[$0])], lo: lo[$0], hi: hi[$0], inside: inside[$0]) }
            #expect(fast == want, "round \(round)")
            #expect(portable == want, "round \(round)")
            let wantCounts = (0..<8).map { c in UInt32(round % 2 == 0 ? want.filter { $0 == c }.count + 1 : 1) }
            #expect(fastCounts == wantCounts, "round \(round)")
            #expect(portableCounts == wantCounts, "round \(round)")
            // Counts alone, every inside code met.
            let met = (0..<n).map { expected(v[Int(slot[$0])], lo: lo[$0], hi: hi[$0], inside: 0) }
            var quick = [UInt32](repeating: 2, count: 8), quickPortable = [UInt32](repeating: 2, count: 8)
            fz_plain_counts(v, slot, lo, span, n, &quick)
            fz_plain_counts_portable(v, slot, lo, span, n, &quickPortable)
            let wantQuick = (0..<8).map { c in UInt32(met.filter { $0 == c }.count + 2) }
            #expect(quick == wantQuick, "round \(round)")
            #expect(quickPortable == wantQuick, "round \(round)")
        }
    }

    /// The batch's duplicate check: every hash added once, the first repeat found where it is, across
    /// calls and within one call; 0 is a key like any other.
    @Test func hashInsertFindsTheFirstRepeat() {
        var g = SystemRandomNumberGenerator()
        var set = IDHashSet()
        var seen: Set<UInt64> = []
        for _ in 0..<40 {
            var batch = (0..<Int.random(in: 0...3000, using: &g)).map { _ in UInt64.random(in: 0...UInt64.max, using: &g) }
            batch.removeAll { seen.contains($0) || $0 <= 1 }
            batch = Array(unique(batch))
            let repeated = add(batch, to: &set)
            #expect(repeated == nil)
            seen.formUnion(batch)
        }
        // A key added before, and a key repeated within the call.
        let old = seen.first!
        let fresh: [UInt64] = [12_345_678_901, 0, old, 99].filter { $0 == old || !seen.contains($0) }
        #expect(fresh.count == 4)
        let first = add(fresh, to: &set)
        #expect(first == 2)
        let twice: [UInt64] = [777_777_777_777, 888, 777_777_777_777]
        let second = add(twice, to: &set)
        #expect(second == 2)
        // 0 was added above (as 1): both are now known.
        let zero = add([0], to: &set)
        #expect(zero == 0)
        let one = set.insert(1)
        #expect(!one)
    }

    func add(_ hashes: [UInt64], to set: inout IDHashSet) -> Int? {
        hashes.withUnsafeBufferPointer { set.insert(contentsOf: $0) }
    }

    /// Keeps the first of each value, in order.
    func unique(_ values: [UInt64]) -> [UInt64] {
        var seen: Set<UInt64> = []
        return values.filter { seen.insert($0).inserted }
    }
}
