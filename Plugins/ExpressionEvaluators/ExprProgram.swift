import FazhiCore
import FazhiBase

/// A compiled expression: a flat array of nodes (children before parents) evaluated by a recursive walk.
///
/// There are no loops, calls or assignments in the language, so one evaluation visits each node at most
/// once: the work is bounded by the node count (≤ `ExprParser.maxNodes`) and the recursion by the depth
/// (≤ `ExprParser.maxDepth`), both checked at load.
struct ExprProgram: Sendable {
    enum Op: UInt8, Sendable {
        case literal, variable, flag, has
        case negate, not
        case add, subtract, multiply, divide
        case less, lessEqual, greater, greaterEqual, equal, notEqual
        case and, or, min, max
    }

    struct Node: Sendable {
        var op: Op
        var a: Int32 = -1
        var b: Int32 = -1
        /// The slot a variable, flag or `has` reads.
        var slot: Int32 = -1
        /// Index into `metrics`, for messages.
        var metric: Int32 = -1
        /// A literal's value (true/false as 1/0).
        var literal: Rational = .zero
        /// Where the node's text is, in scalar offsets of the expression.
        var start: Int32
        var end: Int32
    }

    /// What an evaluation gives: a value (numbers and booleans alike; booleans are 0 or 1), or why not.
    struct Value {
        enum State: UInt8 { case ok, missing, divisionByZero, overflow }
        var r: Rational
        var state: State
        /// The node where a division by zero or an overflow happened.
        var at: Int32 = -1

        @inline(__always) static func ok(_ r: Rational) -> Value { Value(r: r, state: .ok) }
        @inline(__always) static func bool(_ b: Bool) -> Value { Value(r: b ? .one : .zero, state: .ok) }
        static let missing = Value(r: .zero, state: .missing)
        var isTrue: Bool { state == .ok && r.n != 0 }
        var isFalse: Bool { state == .ok && r.n == 0 }
        var isError: Bool { state == .divisionByZero || state == .overflow }
    }

    var nodes: [Node]
    var root: Int32
    /// The metrics the expression names, each once, in order of first use.
    var metrics: [MetricBinding]

    @inline(__always)
    func evaluate(_ facts: borrowing UnitFacts) -> Value { eval(root, facts) }

    func eval(_ index: Int32, _ facts: borrowing UnitFacts) -> Value {
        let node = nodes[Int(index)]
        switch node.op {
        case .literal:
            return .ok(node.literal)
        case .variable:
            let v = facts[Int(node.slot)]
            return v == UnitFacts.missing ? .missing : .ok(Rational(raw: v))
        case .flag:
            let v = facts[Int(node.slot)]
            return v == UnitFacts.missing ? .missing : .bool(v != 0)
        case .has:
            return .bool(facts[Int(node.slot)] != UnitFacts.missing)
        case .negate:
            let x = eval(node.a, facts)
            guard x.state == .ok else { return x }
            guard let r = -x.r else { return Value(r: .zero, state: .overflow, at: index) }
            return .ok(r)
        case .not:
            let x = eval(node.a, facts)
            return x.state == .ok ? .bool(x.r.n == 0) : x
        case .and:
            // Kleene logic: false wins over missing and over errors, so `has(x) and x > 1` and
            // `d > 0 and n / d >= 90%` guard in either order.
            let x = eval(node.a, facts), y = eval(node.b, facts)
            if x.isFalse || y.isFalse { return .bool(false) }
            if x.isError { return x }
            if y.isError { return y }
            if x.state == .missing || y.state == .missing { return .missing }
            return .bool(true)
        case .or:
            let x = eval(node.a, facts), y = eval(node.b, facts)
            if x.isTrue || y.isTrue { return .bool(true) }
            if x.isError { return x }
            if y.isError { return y }
            if x.state == .missing || y.state == .missing { return .missing }
            return .bool(false)
        default:
            break
        }
        // Binary operators on values: errors first, then missing.
        let x = eval(node.a, facts), y = eval(node.b, facts)
        if x.isError { return x }
        if y.isError { return y }
        if x.state != .ok || y.state != .ok { return .missing }
        let result: Rational?
        switch node.op {
        case .add: result = x.r + y.r
        case .subtract: result = x.r - y.r
        case .multiply: result = x.r * y.r
        case .divide:
            if y.r.n == 0 { return Value(r: .zero, state: .divisionByZero, at: index) }
            result = x.r / y.r
        case .min, .max:
            guard let c = Rational.compare(x.r, y.r) else { return Value(r: .zero, state: .overflow, at: index) }
            return .ok((c <= 0) == (node.op == .min) ? x.r : y.r)
        default:
            guard let c = Rational.compare(x.r, y.r) else { return Value(r: .zero, state: .overflow, at: index) }
            switch node.op {
            case .less: return .bool(c < 0)
            case .lessEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            case .greaterEqual: return .bool(c >= 0)
            case .equal: return .bool(c == 0)
            default: return .bool(c != 0)
            }
        }
        guard let result else { return Value(r: .zero, state: .overflow, at: index) }
        return .ok(result)
    }
}

extension ExprProgram {
    /// The bulk path's form of the simplest expressions, or nil: a yes/no metric (`flag`, `not flag`)
    /// and one metric compared with a number (`rate >= 90%`, `3 <= count`), as the interval of raw
    /// values (×10⁶) that makes the expression true. The bounds are worked out exactly from the
    /// literal's fraction, so the interval decides every value as `evaluate` does; a literal too large
    /// for that proof (where `evaluate` could overflow) is left to `evaluate`.
    var interval: CompiledCheck? {
        let root = nodes[Int(self.root)]
        switch root.op {
        case .flag:
            return .interval(slot: Int(root.slot), lo: 1, hi: .max)
        case .not:
            let x = nodes[Int(root.a)]
            guard x.op == .flag else { return nil }
            return .interval(slot: Int(x.slot), lo: 0, hi: 0)
        case .less, .lessEqual, .greater, .greaterEqual, .equal:
            let a = nodes[Int(root.a)], b = nodes[Int(root.b)]
            let slot: Int32, c: Rational, op: Op
            if a.op == .variable, b.op == .literal {
                (slot, c, op) = (a.slot, b.literal, root.op)
            } else if a.op == .literal, b.op == .variable {
                // `c < v` is `v > c`.
                let mirrored: [Op: Op] = [.less: .greater, .lessEqual: .greaterEqual, .greater: .less, .greaterEqual: .lessEqual, .equal: .equal]
                (slot, c, op) = (b.slot, a.literal, mirrored[root.op]!)
            } else {
                return nil
            }
            // A raw value r is the rational r / 10⁶; with c = n / d (d > 0), r compares with c as r
            // with n × 10⁶ / d. Below 2⁶³ both products `compare` forms fit in 128 bits, as here.
            let limit = Int128(Int64.max)
            guard c.d > 0, c.d <= limit, c.n.magnitude <= limit.magnitude else { return nil }
            let scaled = c.n * 1_000_000
            var floor = scaled / c.d, ceil = floor
            let exact = scaled % c.d == 0
            if !exact { if scaled < 0 { floor -= 1 } else { ceil += 1 } }
            func clamp(_ x: Int128) -> Int64 { Int64(max(Int128(Int64.min) + 1, min(limit, x))) }
            let empty = CompiledCheck.interval(slot: Int(slot), lo: 1, hi: 0)
            switch op {
            case .greaterEqual: return ceil > limit ? empty : .interval(slot: Int(slot), lo: clamp(ceil), hi: .max)
            case .greater: return floor + 1 > limit ? empty : .interval(slot: Int(slot), lo: clamp(floor + 1), hi: .max)
            case .lessEqual: return floor <= Int128(Int64.min) ? empty : .interval(slot: Int(slot), lo: Int64.min + 1, hi: clamp(floor))
            case .less: return ceil - 1 <= Int128(Int64.min) ? empty : .interval(slot: Int(slot), lo: Int64.min + 1, hi: clamp(ceil - 1))
            default: return exact && floor <= limit && floor > Int128(Int64.min) ? .interval(slot: Int(slot), lo: Int64(floor), hi: Int64(floor)) : empty
            }
        default:
            return nil
        }
    }
}
