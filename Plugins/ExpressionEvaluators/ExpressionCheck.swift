package import FazhiCore
package import FazhiBase

/// `expression`: a rule written as a small expression, for the odd rule a region needs without new
/// Swift code.
///
/// ```yaml
/// kind: expression
/// expr: "review_cases_on_time / review_cases >= 100% and has(review_cases)"
/// ```
///
/// **Language.** Metric ids are variables; numbers (`3`, `2.5`) and percents (`95%` is 0.95, like a
/// percent metric's value); `+ - * /`, unary `-`; comparisons `< <= > >= == !=` (not chained);
/// `and`, `or`, `not`; parentheses; `min(a, b)`, `max(a, b)`; `has(metric)`; `true`, `false`. A
/// boolean metric is true/false. The whole expression must be true or false; types are checked at load.
///
/// **Sandbox.** No I/O, no loops, no calls besides the three functions. The text is tokenized and
/// parsed once at load into a flat program (at most 10,000 nodes, 200 levels deep); an evaluation visits
/// each node at most once and allocates nothing.
///
/// **Exactness.** Arithmetic is on exact rationals (128-bit numerator and denominator), never on
/// floating point: every comparison is exact, `2 / 3 >= 66.6667%` is false. A result that does not fit
/// is an `error` outcome ("数值超出范围"), as is division by zero ("除数为 0").
///
/// **Missing facts.** A missing metric makes the expression `noEvidence`, unless the logic decides
/// without it: `and`/`or` follow three-valued logic, so `false and missing` is false and
/// `true or missing` is true (in either order). `has(m)` is true when the unit has a value for `m`, so
/// `has(m) and m > 3` is unmet, not noEvidence, when `m` is missing. A false side of `and` also wins over
/// an error on the other side, so `d > 0 and n / d >= 90%` guards a division.
///
/// **Errors** are reported at the exact line and column inside the `expr` scalar: the first syntax
/// error, then every unknown metric (with "did you mean") and type error.
package struct ExpressionCheck: IndicatorEvaluator {
    package static let kind = "expression"
    package static let family = "expression"
    package static let summary = "表达式为真：指标 id 作变量，支持 + - * /、比较、and/or/not、min/max/has"
    package static let parameterKeys = ["expr"]
    static let ratio = "kind: expression\nexpr: \"example_numerator / example_denominator >= 90% and example_count >= 1\""
    package static let examples = [
        EvaluatorExample("both parts hold", check: ratio,
                         evidence: "facts:\n  example_numerator: 9\n  example_denominator: 10\n  example_count: 1\n", expected: .met),
        EvaluatorExample("ratio below", check: ratio,
                         evidence: "facts:\n  example_numerator: 8\n  example_denominator: 10\n  example_count: 3\n", expected: .unmet),
        EvaluatorExample("count part fails", check: ratio,
                         evidence: "facts:\n  example_numerator: 9\n  example_denominator: 10\n  example_count: 0\n", expected: .unmet),
        EvaluatorExample("missing fact", check: ratio,
                         evidence: "facts:\n  example_numerator: 9\n  example_denominator: 10\n", expected: .noEvidence),
        EvaluatorExample("guarded by has", check: "kind: expression\nexpr: not has(example_incidents) or example_incidents == 0",
                         evidence: "facts: {}\n", expected: .met),
        EvaluatorExample("division by zero", check: "kind: expression\nexpr: example_numerator / example_denominator >= 90%",
                         evidence: "facts:\n  example_numerator: 0\n  example_denominator: 0\n", expected: .error),
        EvaluatorExample("min of two rates", check: "kind: expression\nexpr: min(example_rate, 1 - example_low_rate) >= 95%",
                         evidence: "facts:\n  example_rate: 96%\n  example_low_rate: 5%\n", expected: .met),
    ]

    let program: ExprProgram
    let text: String
    let scalars: [Unicode.Scalar]
    /// The expression in Chinese words (`ExprProgram.chinese`), for reports and reasons.
    package let words: String

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        let value = try parameters.required("expr", "an expression, e.g. \"a / b >= 90%\"")
        let text = try value.text()
        let scalars = Array(text.unicodeScalars)
        let locator = ExprLocator(value: value)
        let path = value.path
        func located(_ e: ExprError) -> Diagnostic {
            Diagnostic.error("\(path): \(e.message)", at: locator.location(e.start, e.end), hint: e.hint)
        }
        let tokens: [Token]
        do { tokens = try Lexer.tokens(scalars) } catch { throw located(error) }
        var parser = ExprParser(tokens: tokens, context: context, path: path, locate: locator.location)
        let program: ExprProgram
        do {
            program = try parser.parseProgram()
        } catch {
            // Problems found before the syntax error (unknown metrics) are still worth reporting.
            context.report(parser.problems)
            throw located(error)
        }
        var problems = LoadProblems()
        problems.add(parser.problems)
        try problems.finish(reportingTo: context)
        self.program = program
        self.text = text
        self.scalars = scalars
        words = program.chinese(scalars)
    }

    /// A yes/no metric or one metric against a number, as an interval the bulk path decides without a
    /// call (`ExprProgram.interval`); other expressions are evaluated unit by unit.
    package var compiledCheck: CompiledCheck? { program.interval }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let v = program.evaluate(facts)
        switch v.state {
        case .ok: return v.r.n != 0 ? .met : .unmet
        case .missing: return .noEvidence
        case .divisionByZero, .overflow: return .error
        }
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let v = program.evaluate(facts)
        let outcome = evaluate(facts)
        let slots = program.metrics.map(\.slot)
        let values = program.metrics.map { m in
            facts[m.slot] == UnitFacts.missing ? "\(m.metric.name) 未提供" : "\(m.metric.name) = \(m.format(facts[m.slot]))"
        }.joined(separator: "，")
        let words = inWords
        let reason: String
        let code: ReasonCode
        switch v.state {
        case .ok:
            reason = "条件\(v.r.n != 0 ? "成立" : "不成立")：\(words)（\(values)）"
            code = v.r.n != 0 ? .expressionTrue : .expressionFalse
        case .missing:
            let absent = program.metrics.filter { facts[$0.slot] == UnitFacts.missing }.map(\.metric)
            reason = "\(Metric.request(absent))（条件：\(words)）"
            code = .missingFact
        case .divisionByZero:
            reason = "除数为 0：\(Self.inWords(source(of: v.at), program.metrics.map(\.metric)))（\(values)）"
            code = .zeroDenominator
        case .overflow:
            reason = "数值超出范围：\(Self.inWords(source(of: v.at), program.metrics.map(\.metric)))（\(values)）"
            code = .invalidEvidence
        }
        return Finding(outcome, reason, slots: slots, code: code)
    }

    /// The expression as a user reads it: metrics by their Chinese names, `has(x)` as "x 已提供",
    /// and/or/not as 且/或/非, comparisons as ≥ ≤ ≠ =.
    var inWords: String { Self.inWords(text, program.metrics.map(\.metric)) }

    static func inWords(_ text: String, _ metrics: [Metric]) -> String {
        let names = Dictionary(metrics.map { ($0.id, $0.name) }) { a, _ in a }
        let words = ["and": "且", "or": "或", "not": "非", "min": "较小值", "max": "较大值"]
        var out = ""
        var i = text.startIndex
        func isWord(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
        while i < text.endIndex {
            let c = text[i]
            if isWord(c), !c.isNumber {
                var j = i
                while j < text.endIndex, isWord(text[j]) { j = text.index(after: j) }
                let word = String(text[i..<j])
                // has(x) → "x 已提供"
                if word == "has", let open = text[j...].firstIndex(where: { $0 != " " }), text[open] == "(",
                   let close = text[open...].firstIndex(of: ")") {
                    let inner = String(text[text.index(after: open)..<close].filter { $0 != " " })
                    out += "\(names[inner] ?? inner) 已提供"
                    i = text.index(after: close)
                    continue
                }
                out += names[word] ?? words[word] ?? word
                i = j
                continue
            }
            let two = text[i...].prefix(2)
            if let symbol = [">=": "≥", "<=": "≤", "!=": "≠", "==": "="][String(two)] {
                out += symbol
                i = text.index(i, offsetBy: 2)
                continue
            }
            out.append(c)
            i = text.index(after: i)
        }
        return out
    }

    /// The text of node `index`, for messages.
    func source(of index: Int32) -> String {
        guard index >= 0 else { return text }
        let node = program.nodes[Int(index)]
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars[Int(node.start)..<min(scalars.count, Int(node.end))])
        return out
    }

    /// The expression in words ("已提供复议纠错率，且复议纠错率 < 100%"), not as written.
    package var requirement: String { words }

    /// The comparisons of a metric with a number that the expression requires outright (joined by `and`
    /// at the top), such as `court_appearance_rate >= 100%`.
    package var targets: [Target] {
        var out: [Target] = []
        func walk(_ i: Int32) {
            let node = program.nodes[Int(i)]
            if node.op == .and { walk(node.a); walk(node.b); return }
            let a = program.nodes[Int(max(0, node.a))], b = program.nodes[Int(max(0, node.b))]
            guard node.a >= 0, node.b >= 0 else { return }
            let flipped: Bool
            if a.op == .variable, b.op == .literal { flipped = false }
            else if a.op == .literal, b.op == .variable { flipped = true }
            else { return }
            let variable = flipped ? b : a, literal = flipped ? a : b
            let comparison: Target.Comparison
            switch (node.op, flipped) {
            case (.greaterEqual, false), (.lessEqual, true): comparison = .atLeast
            case (.lessEqual, false), (.greaterEqual, true): comparison = .atMost
            case (.equal, _): comparison = .equals
            default: return
            }
            let binding = program.metrics[Int(variable.metric)]
            let (value, exact) = literal.literal.fixedPoint
            guard exact else { return }
            out.append(Target(metric: binding.metric.id, comparison: comparison, value: value, unit: binding.metric.unit))
        }
        walk(program.root)
        return out
    }

    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        for m in program.metrics { if let p = m.evidenceProblem(facts) { return p } }
        return nil
    }
}
