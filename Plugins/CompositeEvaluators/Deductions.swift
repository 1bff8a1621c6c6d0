package import FazhiCore
package import FazhiBase

/// `deductions`: an item worth `points` (分值) from which its rules deduct, the shape of a county
/// 考核评分细则 ("3分。每年召开3次，每少一次扣0.5分；未制定计划的扣1分").
///
/// Rules, in `deduct:`:
/// - per shortfall: `{ metric, min, each }`: `each` points for every one the count falls short of
///   `min` (每少一次扣0.5分), optionally at most `cap`;
/// - per occurrence: `{ metric, each }`: `each` points for every one counted (每件扣1分, 每人次扣0.3分),
///   optionally at most `cap` (累计扣分不超过0.9分);
/// - yes/no: `{ unless: CHECK, points }` deducts `points` when the check is not met (unmet), or
///   `{ when: CHECK, points }` when it is met (发生…的扣2分), as vetoes trigger.
///
/// The item earns `points` less the deductions, at most `cap` (default: all its points) in total and
/// never below zero. A rule whose figure is missing makes the item `noEvidence`; a check in error makes it
/// `error` (never a silent full mark). Outcome: `met` with nothing deducted, `unmet` when nothing is
/// left, else `partial`, with the exact points in the finding (`Finding.points`): the scorer adds
/// those, not a share of the weight, so `partial: half` does not apply to it. Only for the points
/// model, and only as an indicator's own kind.
package struct Deductions: IndicatorEvaluator {
    package static let kind = "deductions"
    package static let family = "points"
    package static let summary = "扣分项：分值 points，按 deduct 中各项扣分（每少一次/每件/是否），累计不超过 cap，不低于0分"
    package static let parameterKeys = ["points", "cap", "deduct"]
    static let check = """
        kind: deductions
        points: 3
        deduct:
          - { title: 学法次数, metric: example_count, min: 3, each: 1 }
          - { title: 学法计划, unless: { kind: assessed }, points: 1 }
        """
    package static let examples = [
        EvaluatorExample("nothing deducted", check: check,
                         evidence: "facts:\n  example_count: 3\nverdicts:\n  example: met\n", expected: .met),
        EvaluatorExample("one session short", check: check,
                         evidence: "facts:\n  example_count: 2\nverdicts:\n  example: met\n", expected: .partial),
        EvaluatorExample("everything deducted", check: check,
                         evidence: "facts:\n  example_count: 0\nverdicts:\n  example: unmet\n", expected: .unmet),
        EvaluatorExample("count missing", check: check,
                         evidence: "verdicts:\n  example: met\n", expected: .noEvidence),
    ]

    enum Rule: Sendable {
        /// `each` for every one below `min` (raw fixed point; counts are whole).
        case shortfall(MetricBinding, min: Int64, each: Int64, cap: Int64?)
        /// `each` for every one counted.
        case occurrence(MetricBinding, each: Int64, cap: Int64?)
        /// `points` when the check is met (`whenMet`) or when it is unmet.
        case check(any IndicatorEvaluator, whenMet: Bool, points: Int64)
    }

    let points: FixedPoint
    let cap: FixedPoint
    let rules: [Rule]
    let titles: [String?]

    package var earnsPoints: Bool { true }

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        guard context.role == .indicator, context.depth == 1 else {
            throw (parameters["kind"] ?? parameters).error("deductions is an item's own kind; expected it directly on an indicator, not inside of:, an adjustment or a veto")
        }
        var problems = LoadProblems()
        let pointsValue = try parameters.required("points", "the item's points (分值)")
        let points = try pointsValue.number()
        if points <= .zero { throw pointsValue.expected("the item's points above zero") }
        var cap = points
        if let c = parameters["cap"] {
            cap = try c.number()
            if cap <= .zero || cap > points { problems.add(c.expected("a cap on all deductions above zero and at most the item's \(points) points")) }
        }
        let list = try parameters.required("deduct", "a list of deductions (每少一次扣…, 每件扣…, or yes/no)").list()
        if list.isEmpty { problems.add(parameters["deduct"]!.expected("at least one deduction")) }
        var rules: [Rule] = []
        var titles: [String?] = []
        for (i, item) in list.enumerated() {
            guard item.isMapping else { problems.add(item.expected("a deduction (a mapping)")); continue }
            var title: String?
            if let t = item["title"], !t.isNull { title = problems.attempt { () throws(Diagnostic) in try t.text() } }
            if let checkNode = item["unless"] ?? item["when"] {
                problems.add(item.unknownKeys(allowed: ["title", "when", "unless", "points", "notes"], context: "a yes/no deduction"))
                if item["unless"] != nil, item["when"] != nil {
                    problems.add(item.error("a yes/no deduction has \"when\" or \"unless\", not both"))
                    continue
                }
                guard let p = problems.attempt({ () throws(Diagnostic) in try item.required("points", "the points deducted").number() }) else { continue }
                if p <= .zero { problems.add(item["points"]!.expected("points deducted above zero")); continue }
                guard let sub = context.makeSubCheck(checkNode, index: i) else { continue }
                rules.append(.check(sub, whenMet: item["when"] != nil, points: p.raw))
            } else {
                problems.add(item.unknownKeys(allowed: ["title", "metric", "min", "each", "cap", "notes"], context: "a deduction"))
                guard let binding = problems.attempt({ () throws(Diagnostic) in try context.requireMetric(item, units: [.count]) }) else { continue }
                guard let each = problems.attempt({ () throws(Diagnostic) in try item.required("each", "the points deducted for each one (每少一次扣0.5分: 0.5)").number() }) else { continue }
                if each <= .zero { problems.add(item["each"]!.expected("points per one above zero")); continue }
                var ruleCap: Int64?
                if let c = item["cap"] {
                    if let v = problems.attempt({ () throws(Diagnostic) in try c.number() }) {
                        if v <= .zero { problems.add(c.expected("a cap above zero")) }
                        ruleCap = v.raw
                    }
                }
                if item["min"] != nil {
                    guard let min = problems.attempt({ () throws(Diagnostic) in try context.requireThreshold(item, "min", unit: .count) }) else { continue }
                    rules.append(.shortfall(binding, min: min.raw, each: each.raw, cap: ruleCap))
                } else {
                    rules.append(.occurrence(binding, each: each.raw, cap: ruleCap))
                }
            }
            titles.append(title)
        }
        try problems.finish(reportingTo: context)
        self.points = points
        self.cap = cap
        self.rules = rules
        self.titles = titles
    }

    /// What one rule deducts (raw), or the outcome that stops the item (missing figure, error).
    func deduction(_ k: Int, _ facts: borrowing UnitFacts) -> (Int64, OutcomeState?) {
        func capped(_ v: Int64, _ cap: Int64?) -> Int64 { cap.map { Swift.min(v, $0) } ?? v }
        switch rules[k] {
        case .shortfall(let b, let min, let each, let cap):
            guard facts.has(b.slot) else { return (0, .noEvidence) }
            let short = Swift.max(0, min - facts[b.slot]) / FixedPoint.scale
            return (capped(Int64(clamping: Int128(short) * Int128(each)), cap), nil)
        case .occurrence(let b, let each, let cap):
            guard facts.has(b.slot) else { return (0, .noEvidence) }
            let count = Swift.max(0, facts[b.slot]) / FixedPoint.scale
            return (capped(Int64(clamping: Int128(count) * Int128(each)), cap), nil)
        case .check(let check, let whenMet, let points):
            let state = check.evaluate(facts).state
            switch state {
            case .error, .noEvidence: return (0, state)
            case .met: return (whenMet ? points : 0, nil)
            case .unmet: return (whenMet ? 0 : points, nil)
            case .partial, .notApplicable: return (0, nil)
            }
        }
    }

    /// The outcome and the points earned (raw).
    func decide(_ facts: borrowing UnitFacts) -> (OutcomeState, Int64) {
        var total: Int64 = 0
        var stop: OutcomeState?
        for k in rules.indices {
            let (d, s) = deduction(k, facts)
            if s == .error { stop = .error } else if s == .noEvidence, stop == nil { stop = .noEvidence }
            total = total &+ d
        }
        if let stop { return (stop, 0) }
        let earned = points.raw - Swift.min(total, cap.raw)
        if earned == points.raw { return (.met, earned) }
        return (earned <= 0 ? .unmet : .partial, Swift.max(0, earned))
    }

    func outcome(_ state: OutcomeState, _ earned: Int64) -> Outcome {
        Outcome(state, credit: FixedPoint(raw: Int64(clamping: Int128(earned) * Int128(FixedPoint.scale) / Int128(points.raw))))
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        let (state, earned) = decide(facts)
        return outcome(state, earned)
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        let (state, earned) = decide(facts)
        var parts: [String] = []
        var slots: [Int] = []
        for k in rules.indices {
            let (d, s) = deduction(k, facts)
            let label = titles[k].map { "\($0)：" } ?? ""
            switch rules[k] {
            case .shortfall(let b, let min, let each, _):
                slots.append(b.slot)
                if s == .noEvidence { parts.append("\(label)\(b.metric.name) 无佐证"); continue }
                let v = FixedPoint(raw: facts[b.slot])
                parts.append(d == 0 ? "\(label)\(b.metric.name) \(v) ≥ \(FixedPoint(raw: min))，不扣分"
                                    : "\(label)\(b.metric.name) \(v)，少\(FixedPoint(raw: Swift.max(0, min - facts[b.slot])))，每少一个扣\(FixedPoint(raw: each))分，扣\(FixedPoint(raw: d))分")
            case .occurrence(let b, let each, _):
                slots.append(b.slot)
                if s == .noEvidence { parts.append("\(label)\(b.metric.name) 无佐证"); continue }
                let v = FixedPoint(raw: facts[b.slot])
                parts.append(d == 0 ? "\(label)\(b.metric.name) \(v)，不扣分" : "\(label)\(b.metric.name) \(v)，每个扣\(FixedPoint(raw: each))分，扣\(FixedPoint(raw: d))分")
            case .check(let check, _, _):
                let f = check.explain(facts)
                slots += f.slots
                parts.append("\(label)\(f.reason)" + (s != nil ? "" : d > 0 ? "，扣\(FixedPoint(raw: d))分" : "，不扣分"))
            }
        }
        let head: String
        switch state {
        case .error: head = "扣分项有错误"
        case .noEvidence: head = "扣分依据不全，无法计分"
        default: head = "得\(FixedPoint(raw: earned))/\(points)分"
        }
        let code: ReasonCode = state == .met ? .fullPoints : state == .partial || state == .unmet ? .pointsDeducted
            : state == .noEvidence ? .missingFact : ReasonCode(state)
        return Finding(outcome(state, earned), "\(head)（\(parts.joined(separator: "；"))）", slots: slots, code: code,
                       points: state == .error || state == .noEvidence ? nil : FixedPoint(raw: earned))
    }

    package var requirement: String {
        var parts: [String] = []
        for k in rules.indices {
            let label = titles[k].map { "\($0)：" } ?? ""
            switch rules[k] {
            case .shortfall(let b, let min, let each, let cap):
                parts.append("\(label)\(b.metric.name) 少于\(FixedPoint(raw: min))的每少一个扣\(FixedPoint(raw: each))分" + (cap.map { "，最多扣\(FixedPoint(raw: $0))分" } ?? ""))
            case .occurrence(let b, let each, let cap):
                parts.append("\(label)\(b.metric.name) 每个扣\(FixedPoint(raw: each))分" + (cap.map { "，最多扣\(FixedPoint(raw: $0))分" } ?? ""))
            case .check(let check, let whenMet, let points):
                parts.append("\(label)\(whenMet ? "" : "未达到")“\(check.requirement)”\(whenMet ? "的" : "")扣\(FixedPoint(raw: points))分")
            }
        }
        return "\(points)分：" + parts.joined(separator: "；") + (cap < points ? "；累计最多扣\(cap)分" : "")
    }

    package var targets: [Target] {
        var out: [Target] = []
        for rule in rules {
            switch rule {
            case .shortfall(let b, let min, _, _): out.append(Target(metric: b.metric.id, comparison: .atLeast, value: FixedPoint(raw: min), unit: .count))
            case .occurrence: break
            case .check(let check, _, _): out += check.targets
            }
        }
        return out
    }
}
