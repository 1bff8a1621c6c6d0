import FazhiBase

/// An exact rational number for expression arithmetic: `n / d` in 128-bit integers, `d > 0`, reduced.
///
/// Metric values and literals are `FixedPoint` (×10⁶), so every value an expression can name is a
/// rational with denominator dividing 10⁶; `+ - * /` on them stay rational. Comparisons cross-multiply,
/// so `a / b >= 95%` is decided exactly even when `a / b` is 2/3. An operation whose result does not
/// fit in 128 bits is reported, never wrapped.
struct Rational: Sendable, Hashable {
    var n: Int128
    var d: Int128

    @inline(__always) init(n: Int128, d: Int128) {
        self.n = n
        self.d = d
    }

    /// A `FixedPoint.raw` value.
    @inline(__always) init(raw: Int64) {
        var n = Int128(raw), d = Int128(1_000_000)
        let g = Rational.gcd(n, d)
        n /= g
        d /= g
        self.init(n: n, d: d)
    }

    static let zero = Rational(n: 0, d: 1)
    static let one = Rational(n: 1, d: 1)

    @inline(__always) static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int128(x)
    }

    /// Normalised: positive denominator, lowest terms; nil on overflow.
    @inline(__always) static func make(_ n: Int128, _ d: Int128) -> Rational? {
        var n = n, d = d
        if d < 0 {
            if n == .min || d == .min { return nil }
            n = -n
            d = -d
        }
        let g = gcd(n, d)
        return Rational(n: n / g, d: d / g)
    }

    @inline(__always) static func mul(_ a: Int128, _ b: Int128) -> Int128? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }

    @inline(__always) static func add(_ a: Int128, _ b: Int128) -> Int128? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : r
    }

    static func + (a: Rational, b: Rational) -> Rational? {
        if a.d == b.d { return add(a.n, b.n).flatMap { make($0, a.d) } }
        guard let x = mul(a.n, b.d), let y = mul(b.n, a.d), let s = add(x, y), let d = mul(a.d, b.d) else { return nil }
        return make(s, d)
    }

    static prefix func - (a: Rational) -> Rational? {
        a.n == .min ? nil : Rational(n: -a.n, d: a.d)
    }

    static func - (a: Rational, b: Rational) -> Rational? {
        guard let nb = -b else { return nil }
        return a + nb
    }

    static func * (a: Rational, b: Rational) -> Rational? {
        // Cross-reduce first so the products stay small.
        let g1 = gcd(a.n, b.d), g2 = gcd(b.n, a.d)
        guard let n = mul(a.n / g1, b.n / g2), let d = mul(a.d / g2, b.d / g1) else { return nil }
        return make(n, d)
    }

    /// nil on overflow; the caller checks for a zero divisor first.
    static func / (a: Rational, b: Rational) -> Rational? {
        a * Rational(n: b.d, d: b.n).normalisedSign
    }

    var normalisedSign: Rational { d < 0 ? Rational(n: -n, d: -d) : self }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`; nil on overflow.
    static func compare(_ a: Rational, _ b: Rational) -> Int? {
        if a.d == b.d { return a.n < b.n ? -1 : a.n == b.n ? 0 : 1 }
        guard let x = mul(a.n, b.d), let y = mul(b.n, a.d) else { return nil }
        return x < y ? -1 : x == y ? 0 : 1
    }

    /// The nearest `FixedPoint` toward zero, and whether it is exact (for messages).
    var fixedPoint: (value: FixedPoint, exact: Bool) {
        guard let scaled = Rational.mul(n, 1_000_000) else { return (FixedPoint(raw: n < 0 ? .min : .max), false) }
        let q = scaled / d
        let clamped = q > Int128(Int64.max) ? Int64.max : q < Int128(Int64.min) ? Int64.min : Int64(q)
        return (FixedPoint(raw: clamped), scaled % d == 0)
    }
}
