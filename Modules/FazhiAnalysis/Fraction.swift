/// An exact non-negative fraction, compared by cross-multiplication (never through a `Double`), so a
/// unit sitting exactly on 90% ties with another on 90% and ranks above one on 89.99%.
package struct Fraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var numerator: Int64
    /// Zero means "nothing counted"; such a fraction sorts below every other and reads "—".
    package var denominator: Int64

    package init(_ numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    package init(_ numerator: Int, _ denominator: Int) {
        self.init(Int64(numerator), Int64(denominator))
    }

    package var isDefined: Bool { denominator > 0 }

    package var doubleValue: Double { denominator > 0 ? Double(numerator) / Double(denominator) : 0 }

    package static func == (a: Fraction, b: Fraction) -> Bool {
        if !a.isDefined || !b.isDefined { return a.isDefined == b.isDefined }
        return Int128(a.numerator) * Int128(b.denominator) == Int128(b.numerator) * Int128(a.denominator)
    }

    package func hash(into hasher: inout Hasher) {
        guard isDefined else { hasher.combine(-1); return }
        var a = numerator, b = denominator
        while b != 0 { (a, b) = (b, a % b) }
        let g = Swift.max(a, 1)
        hasher.combine(numerator / g)
        hasher.combine(denominator / g)
    }

    package static func < (a: Fraction, b: Fraction) -> Bool {
        if !a.isDefined || !b.isDefined { return !a.isDefined && b.isDefined }
        return Int128(a.numerator) * Int128(b.denominator) < Int128(b.numerator) * Int128(a.denominator)
    }

    /// True when this fraction is at least `raw / FixedPoint.scale` (a band's minimum).
    package func atLeast(raw: Int64, scale: Int64) -> Bool {
        guard isDefined else { return raw <= 0 }
        return Int128(numerator) * Int128(scale) >= Int128(raw) * Int128(denominator)
    }

    /// "83.6%": one decimal, rounded half up with integers; "—" when nothing was counted.
    package var percentText: String { percentText(places: 1) }

    package func percentText(places: Int) -> String {
        guard isDefined else { return "—" }
        var factor: Int128 = 100
        for _ in 0..<places { factor *= 10 }
        let scaled = (Int128(numerator) * factor * 2 + Int128(denominator)) / (Int128(denominator) * 2)
        var unit: Int128 = 1
        for _ in 0..<places { unit *= 10 }
        let whole = scaled / unit, fraction = scaled % unit
        if places == 0 || fraction == 0 { return "\(whole)%" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)%"
    }

    /// "46/55"
    package var description: String { "\(numerator)/\(denominator)" }
}
