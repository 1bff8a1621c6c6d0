/// A growable byte buffer for one worker's output: appends without a `String`, grows by doubling, and
/// is reused from chunk to chunk (so after the first chunks it no longer allocates).
package final class OutputBytes {
    // Unchecked exclusivity: a worker's buffer is used by that worker only, and every append would
    // otherwise pay three runtime access checks.
    @exclusivity(unchecked) package private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) package private(set) var count = 0
    @exclusivity(unchecked) package private(set) var capacity: Int

    package init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    package func removeAll() { count = 0 }

    @inline(__always) package func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always) package func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) package func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    /// Appends the first `n` (at most 16) bytes of a 16-byte block by storing the whole block: two
    /// stores instead of a call to memcpy, for short pieces such as indicator ids. The bytes past `n`
    /// are scratch, overwritten by the next append.
    @inline(__always) package func append16(_ block: UnsafeRawPointer, _ n: Int) {
        reserve(16)
        let target = UnsafeMutableRawPointer(base + count)
        target.storeBytes(of: block.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: block.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        count += n
    }

    /// Drops the last `n` bytes.
    @inline(__always) package func removeLast(_ n: Int) { count -= min(n, count) }

    @inline(__always) package func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { append(b, $0.count) } }
    }

    package func append(_ text: String) {
        var t = text
        t.withUTF8 { if let b = $0.baseAddress { append(b, $0.count) } }
    }

    /// A decimal integer.
    @inline(__always) package func append(int value: Int) {
        reserve(21)
        var v = value
        if v < 0 { base[count] = 0x2D; count += 1; v = -v }
        if v < 10 { base[count] = 0x30 &+ UInt8(v); count += 1; return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = 0x30 &+ UInt8(v % 10); v /= 10; n += 1 }
            for i in 0..<n { base[count + i] = d[n - 1 - i] }
        }
        count += n
    }

    /// `value / 10^places` with `places` decimals (value may be negative); `trimZeros` drops trailing
    /// zeros and a bare point.
    package func append(scaled value: Int, places: Int, trimZeros: Bool = false) {
        var v = value
        if v < 0 { append(0x2D); v = -v }
        var p = 1
        for _ in 0..<places { p *= 10 }
        append(int: v / p)
        var fraction = v % p
        var digits = places
        if trimZeros { while digits > 0, fraction % 10 == 0 { fraction /= 10; digits -= 1 } }
        if digits == 0 { return }
        append(0x2E)
        var q = 1
        for _ in 1..<digits { q *= 10 }
        while q > 0 { append(0x30 &+ UInt8(fraction / q % 10)); q /= 10 }
    }

    /// A CSV field, quoted when it holds a comma, a quote, a CR or LF (RFC 4180).
    package func appendCSVField(_ p: UnsafePointer<UInt8>, _ n: Int, delimiter: UInt8 = 0x2C) {
        var needs = false
        for i in 0..<n where p[i] == delimiter || p[i] == 0x22 || p[i] == 0x0A || p[i] == 0x0D { needs = true; break }
        guard needs else { append(p, n); return }
        append(0x22)
        for i in 0..<n {
            if p[i] == 0x22 { append(0x22) }
            append(p[i])
        }
        append(0x22)
    }

    /// A JSON string with its quotes.
    package func appendJSONString(_ p: UnsafePointer<UInt8>, _ n: Int) {
        append(0x22)
        var run = 0
        for i in 0..<n {
            let c = p[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
            append(p + run, i - run)
            run = i + 1
            switch c {
            case 0x22: append(0x5C); append(0x22)
            case 0x5C: append(0x5C); append(0x5C)
            case 0x0A: append(0x5C); append(0x6E)
            case 0x0D: append(0x5C); append(0x72)
            case 0x09: append(0x5C); append(0x74)
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                append(0x5C); append(0x75); append(0x30); append(0x30)
                append(hex[Int(c >> 4)]); append(hex[Int(c & 15)])
            }
        }
        append(p + run, n - run)
        append(0x22)
    }

    package func appendJSONString(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { appendJSONString(p, b.count) } else { append(0x22); append(0x22) }
        }
    }

    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
