import FazhiCore

extension ExprProgram {
    /// The expression in the words of a report: metrics by their Chinese names, `≥ ≤ > < = ≠`, `且`,
    /// `或`, `并非`, `已提供`/`未提供` for `has(…)`, `× ÷` for arithmetic; numbers and percents as
    /// written. `has(x) and x < 100%` reads "已提供复议纠错率，且复议纠错率 < 100%". Parentheses only where
    /// the reading needs them. `scalars` is the expression's text (for literals as written).
    func chinese(_ scalars: [Unicode.Scalar]) -> String { chinese(root, scalars, parent: 0) }

    /// Binding strength of a node's operator, loosest first; 9 for an atom.
    static func strength(_ op: Op) -> Int {
        switch op {
        case .or: 1
        case .and: 2
        case .not: 3
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide: 6
        case .negate: 7
        case .literal, .variable, .flag, .has, .min, .max: 9
        }
    }

    func chinese(_ index: Int32, _ scalars: [Unicode.Scalar], parent: Int) -> String {
        let node = nodes[Int(index)]
        let mine = Self.strength(node.op)
        func sub(_ i: Int32, _ level: Int) -> String { chinese(i, scalars, parent: level) }
        func name(_ n: Node) -> String { metrics[Int(n.metric)].metric.name }
        let text: String
        switch node.op {
        case .literal:
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[Int(node.start)..<min(scalars.count, Int(node.end))])
            text = s
        case .variable, .flag: text = name(node)
        case .has: text = "已提供\(name(node))"
        case .not:
            let inner = nodes[Int(node.a)]
            text = inner.op == .has ? "未提供\(name(inner))" : "并非" + sub(node.a, 9)
        case .negate: text = "-" + sub(node.a, mine + 1)
        case .add, .subtract, .multiply, .divide:
            let symbol = node.op == .add ? "+" : node.op == .subtract ? "-" : node.op == .multiply ? "×" : "÷"
            text = "\(sub(node.a, mine)) \(symbol) \(sub(node.b, mine + 1))"
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
            let symbol: String
            switch node.op {
            case .less: symbol = "<"
            case .lessEqual: symbol = "≤"
            case .greater: symbol = ">"
            case .greaterEqual: symbol = "≥"
            case .equal: symbol = "="
            default: symbol = "≠"
            }
            text = "\(sub(node.a, mine + 1)) \(symbol) \(sub(node.b, mine + 1))"
        case .and: text = "\(sub(node.a, mine))，且\(sub(node.b, mine))"
        case .or: text = "\(sub(node.a, mine))，或\(sub(node.b, mine))"
        case .min, .max:
            text = "\(sub(node.a, 0))与\(sub(node.b, 0))中较\(node.op == .min ? "小" : "大")者"
        }
        return mine < parent ? "（\(text)）" : text
    }
}
