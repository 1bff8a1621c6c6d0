import FazhiCore
import FazhiBase

/// A Pratt parser from tokens to an `ExprProgram`, type-checking as it goes.
///
/// Precedence, loosest first: `or`; `and`; `not`; comparisons (not chained); `+ -`; `* /`; unary `-`.
/// Syntax errors stop the parse (thrown); unknown metrics and type errors are collected so that an
/// author sees all of them, and do not cascade (a bad operand has an `invalid` type that fits anywhere).
struct ExprParser {
    static let maxNodes = 10_000
    static let maxDepth = 200

    enum ValueType { case number, bool, invalid }

    let tokens: [Token]
    let context: PlanContext
    let path: NodePath
    let locate: (Int, Int) -> SourceLocation
    var pos = 0
    var depth = 0
    var nodes: [ExprProgram.Node] = []
    var types: [ValueType] = []
    var depths: [Int] = []
    var metrics: [MetricBinding] = []
    var problems: [Diagnostic] = []

    init(tokens: [Token], context: PlanContext, path: NodePath, locate: @escaping (Int, Int) -> SourceLocation) {
        self.tokens = tokens
        self.context = context
        self.path = path
        self.locate = locate
    }

    /// Parses the whole expression, which must be true or false.
    mutating func parseProgram() throws(ExprError) -> ExprProgram {
        let root = try parse(0)
        let end = tokens[pos]
        if end.kind != .end {
            throw ExprError(message: "expected an operator or the end of the expression, found \(end.shown)", start: end.start, end: end.end)
        }
        if types[Int(root)] == .number {
            let n = nodes[Int(root)]
            problem("the expression must be true or false (a comparison, has(…), and, or, not); found a number",
                    Int(n.start), Int(n.end), hint: "compare it, e.g. … >= 90%")
        }
        return ExprProgram(nodes: nodes, root: root, metrics: metrics)
    }

    // MARK: Pratt loop

    static func infix(_ kind: Token.Kind) -> (ExprProgram.Op, Int)? {
        switch kind {
        case .word("or"): (.or, 1)
        case .word("and"): (.and, 2)
        case .symbol(.less): (.less, 4)
        case .symbol(.lessEqual): (.lessEqual, 4)
        case .symbol(.greater): (.greater, 4)
        case .symbol(.greaterEqual): (.greaterEqual, 4)
        case .symbol(.equal): (.equal, 4)
        case .symbol(.notEqual): (.notEqual, 4)
        case .symbol(.plus): (.add, 5)
        case .symbol(.minus): (.subtract, 5)
        case .symbol(.times): (.multiply, 6)
        case .symbol(.divide): (.divide, 6)
        default: nil
        }
    }

    mutating func parse(_ minPower: Int) throws(ExprError) -> Int32 {
        depth += 1
        defer { depth -= 1 }
        if depth > ExprParser.maxDepth {
            let t = tokens[pos]
            throw ExprError(message: "the expression is nested too deeply (more than \(ExprParser.maxDepth) levels)", start: t.start, end: t.end)
        }
        var left = try prefix()
        var bareComparison = false
        while let (op, power) = ExprParser.infix(tokens[pos].kind), power > minPower {
            let opToken = tokens[pos]
            if power == 4, bareComparison {
                throw ExprError(message: "comparisons cannot be chained", start: opToken.start, end: opToken.end,
                                hint: "join them with and: a <= x and x <= b")
            }
            pos += 1
            let right = try parse(power)
            left = try binary(op, left, right, opToken)
            bareComparison = power == 4
        }
        return left
    }

    mutating func prefix() throws(ExprError) -> Int32 {
        let t = tokens[pos]
        switch t.kind {
        case .number(let v):
            pos += 1
            return try add(ExprProgram.Node(op: .literal, literal: Rational(raw: v.raw), start: Int32(t.start), end: Int32(t.end)), .number, [])
        case .symbol(.open):
            pos += 1
            let inner = try parse(0)
            guard case .symbol(.close) = tokens[pos].kind else {
                let found = tokens[pos]
                throw ExprError(message: "expected \")\" to close the \"(\" at offset \(t.start + 1), found \(found.shown)", start: found.start, end: found.end)
            }
            pos += 1
            // The parenthesised node keeps its own range; only depth matters here.
            return inner
        case .symbol(.minus):
            pos += 1
            let operand = try parse(6)
            try expect(.number, operand, "\"-\"")
            return try add(ExprProgram.Node(op: .negate, a: operand, start: Int32(t.start), end: nodes[Int(operand)].end), .number, [operand])
        case .word("not"):
            pos += 1
            let operand = try parse(3)
            try expect(.bool, operand, "\"not\"")
            return try add(ExprProgram.Node(op: .not, a: operand, start: Int32(t.start), end: nodes[Int(operand)].end), .bool, [operand])
        case .word("true"), .word("false"):
            pos += 1
            let value: Rational = t.kind == .word("true") ? .one : .zero
            return try add(ExprProgram.Node(op: .literal, literal: value, start: Int32(t.start), end: Int32(t.end)), .bool, [])
        case .word("and"), .word("or"):
            throw ExprError(message: "expected a number, a metric id or \"(\", found \(t.shown)", start: t.start, end: t.end)
        case .word(let word):
            pos += 1
            if case .symbol(.open) = tokens[pos].kind { return try call(word, t) }
            return try variable(word, t)
        default:
            throw ExprError(message: "expected a number, a metric id or \"(\", found \(t.shown)", start: t.start, end: t.end)
        }
    }

    // MARK: Pieces

    mutating func variable(_ id: String, _ t: Token) throws(ExprError) -> Int32 {
        guard let metric = context.catalog[id] else {
            problems.append(context.unknownMetric(id, path: path, location: locate(t.start, t.end)))
            return try add(ExprProgram.Node(op: .literal, start: Int32(t.start), end: Int32(t.end)), .invalid, [])
        }
        let binding = bind(metric)
        let isFlag = metric.unit == .boolean
        return try add(ExprProgram.Node(op: isFlag ? .flag : .variable, slot: Int32(binding.slot), metric: Int32(binding.index),
                                        start: Int32(t.start), end: Int32(t.end)), isFlag ? .bool : .number, [])
    }

    mutating func bind(_ metric: Metric) -> (slot: Int, index: Int) {
        if let i = metrics.firstIndex(where: { $0.metric.id == metric.id }) { return (metrics[i].slot, i) }
        let binding = context.bind(metric)
        metrics.append(binding)
        return (binding.slot, metrics.count - 1)
    }

    mutating func call(_ name: String, _ t: Token) throws(ExprError) -> Int32 {
        let functions = ["min", "max", "has"]
        guard functions.contains(name) else {
            let hint = Suggest.closest(to: name, among: functions).map { "did you mean \"\($0)\"?" }
            throw ExprError(message: "unknown function \"\(name)\"; expected min, max or has", start: t.start, end: t.end, hint: hint)
        }
        pos += 1  // "("
        if name == "has" {
            let arg = tokens[pos]
            guard case .word(let id) = arg.kind, !["and", "or", "not", "true", "false"].contains(id) else {
                throw ExprError(message: "has(…) takes a metric id, found \(arg.shown)", start: arg.start, end: arg.end)
            }
            pos += 1
            let close = try closeCall(name)
            guard let metric = context.catalog[id] else {
                problems.append(context.unknownMetric(id, path: path, location: locate(arg.start, arg.end)))
                return try add(ExprProgram.Node(op: .literal, start: Int32(t.start), end: Int32(close)), .invalid, [])
            }
            let binding = bind(metric)
            return try add(ExprProgram.Node(op: .has, slot: Int32(binding.slot), metric: Int32(binding.index), start: Int32(t.start), end: Int32(close)), .bool, [])
        }
        let a = try parse(0)
        guard case .symbol(.comma) = tokens[pos].kind else {
            let found = tokens[pos]
            throw ExprError(message: "\(name)(…) takes two numbers; expected \",\", found \(found.shown)", start: found.start, end: found.end)
        }
        pos += 1
        let b = try parse(0)
        let close = try closeCall(name)
        try expect(.number, a, "\(name)(…)")
        try expect(.number, b, "\(name)(…)")
        return try add(ExprProgram.Node(op: name == "min" ? .min : .max, a: a, b: b, start: Int32(t.start), end: Int32(close)), .number, [a, b])
    }

    /// Consumes the ")" of a call; returns the offset after it.
    mutating func closeCall(_ name: String) throws(ExprError) -> Int {
        let t = tokens[pos]
        guard case .symbol(.close) = t.kind else {
            throw ExprError(message: "expected \")\" after the arguments of \(name)(…), found \(t.shown)", start: t.start, end: t.end)
        }
        pos += 1
        return t.end
    }

    mutating func binary(_ op: ExprProgram.Op, _ a: Int32, _ b: Int32, _ t: Token) throws(ExprError) -> Int32 {
        let name = t.shown
        let type: ValueType
        switch op {
        case .and, .or:
            try expect(.bool, a, name)
            try expect(.bool, b, name)
            type = .bool
        case .equal, .notEqual:
            let ta = types[Int(a)], tb = types[Int(b)]
            if ta != .invalid, tb != .invalid, ta != tb {
                let n = nodes[Int(b)]
                problem("\(name) compares a number with true/false", Int(n.start), Int(n.end))
            }
            type = .bool
        case .less, .lessEqual, .greater, .greaterEqual:
            try expect(.number, a, name)
            try expect(.number, b, name)
            type = .bool
        default:
            // Arithmetic counts true as 1 and false as 0 (是否建立… + 是否公开… >= 1).
            try expect(.number, a, name, boolAsNumber: true)
            try expect(.number, b, name, boolAsNumber: true)
            type = .number
        }
        return try add(ExprProgram.Node(op: op, a: a, b: b, start: nodes[Int(a)].start, end: nodes[Int(b)].end), type, [a, b])
    }

    mutating func expect(_ wanted: ValueType, _ node: Int32, _ what: String, boolAsNumber: Bool = false) throws(ExprError) {
        let found = types[Int(node)]
        guard found != .invalid, found != wanted else { return }
        if boolAsNumber, wanted == .number, found == .bool { return }
        let n = nodes[Int(node)]
        problem(wanted == .number ? "\(what) needs a number; found true/false" : "\(what) needs true/false; found a number",
                Int(n.start), Int(n.end))
    }

    mutating func problem(_ message: String, _ start: Int, _ end: Int, hint: String? = nil) {
        problems.append(Diagnostic.error("\(path): \(message)", at: locate(start, end), hint: hint))
    }

    mutating func add(_ node: ExprProgram.Node, _ type: ValueType, _ children: [Int32]) throws(ExprError) -> Int32 {
        if nodes.count >= ExprParser.maxNodes {
            throw ExprError(message: "the expression is too long (more than \(ExprParser.maxNodes) parts)", start: Int(node.start), end: Int(node.end))
        }
        let depth = 1 + (children.map { depths[Int($0)] }.max() ?? 0)
        if depth > ExprParser.maxDepth {
            throw ExprError(message: "the expression is nested too deeply (more than \(ExprParser.maxDepth) levels)", start: Int(node.start), end: Int(node.end))
        }
        nodes.append(node)
        types.append(type)
        depths.append(depth)
        return Int32(nodes.count - 1)
    }
}
