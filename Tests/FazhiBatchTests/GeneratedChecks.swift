import FazhiBase
import FazhiCore
import FazhiYAML
import Testing

/// Random checks of one kind, written as a ruleset against the evaluator examples' catalog. Thresholds
/// come from short lists so that generated facts land exactly on them as well as beside them.
enum GeneratedRuleset {
    /// Deadlines `done_by` checks use; facts and evaluation dates fall on and around them.
    static let deadlines = ["2023-03-01", "2023-06-30", "2023-12-31"]

    static let leafKinds = ["rate_at_least", "rate_at_most", "count_at_least", "count_at_most", "duration_at_most",
                            "duration_at_least", "assessed", "done_by", "published_within", "no_incident"]

    /// A check as a flow mapping without its braces: `kind: rate_at_least, metric: example_rate, min: 90%`.
    static func check(_ kind: String, depth: Int = 0, random r: inout SplitMix) -> String {
        switch kind {
        case "rate_at_least": return "kind: rate_at_least, metric: example_rate, min: \(r.pick(["0%", "50%", "90%", "95.5%", "100%"]))"
        case "rate_at_most": return "kind: rate_at_most, metric: example_low_rate, max: \(r.pick(["0%", "15%", "33.3%", "100%"]))"
        case "count_at_least": return "kind: count_at_least, metric: example_count, min: \(r.pick([0, 1, 4, 10])), per: year"
        case "count_at_most": return "kind: count_at_most, metric: example_incidents, max: \(r.pick([0, 2, 5])), per: year"
        case "duration_at_most":
            return r.pick(["kind: duration_at_most, metric: example_working_days, max: \(r.pick([0, 3, 15])), unit: working_days",
                           "kind: duration_at_most, metric: example_hours, max: \(r.pick([1, 5, 24])), unit: hours",
                           "kind: duration_at_most, metric: example_days, max: \(r.pick([0, 30])), unit: days"])
        case "duration_at_least": return "kind: duration_at_least, metric: example_days, min: \(r.pick([0, 30, 90])), unit: days"
        case "ratio_at_least":
            return "kind: ratio_at_least, numerator: example_numerator, denominator: example_denominator, min: \(r.pick(["0%", "50%", "90%", "100%"]))"
        case "assessed": return "kind: assessed"
        case "done_by": return "kind: done_by, by: \(r.pick(deadlines))"
        case "published_within": return "kind: published_within, metric: example_working_days, max: \(r.pick([0, 15, 20])), unit: working_days"
        case "no_incident": return "kind: no_incident, metric: example_incidents"
        case "all_of", "any_of":
            // Mostly plain leaves (compiled); sometimes a part without a compiled form or a nested
            // composite, which sends the whole check through its evaluator.
            let count = Int.random(in: 1...3, using: &r)
            let parts = (0..<count).map { _ in
                let part = depth < 1 && r.chance(0.25) ? r.pick(["all_of", "any_of", "ratio_at_least", "expression", "weighted_score"])
                                                        : r.pick(leafKinds)
                return "{ \(check(part, depth: depth + 1, random: &r)) }"
            }
            return "kind: \(kind), of: [\(parts.joined(separator: ", "))]"
        case "weighted_score":
            let parts = r.pick([[("a", "100%")], [("a", "40%"), ("b", "60%")], [("a", "40%"), ("b", "20%"), ("c", "20%"), ("d", "20%")]])
            let list = parts.map { "{ metric: example_score_\($0.0), weight: \($0.1) }" }.joined(separator: ", ")
            let min = r.pick(["", ", min: 0", ", min: 60", ", min: 75.5", ", min: 80", ", min: 100"])
            return "kind: weighted_score, parts: [\(list)]\(min)"
        case "expression":
            let expressions = [
                "example_rate >= 90%", "example_low_rate < 15%", "not has(example_incidents) or example_incidents == 0",
                "example_numerator / example_denominator >= 90%", "min(example_rate, 1 - example_low_rate) >= 95%",
                "example_count >= 4 and example_days <= 30", "example_rate == 100% or example_count > 10",
                // One metric against a number, and a yes/no metric: compiled to intervals, with bounds
                // one millionth beside the generated values and literals on either side.
                "example_flag", "not example_flag", "4 <= example_count", "example_days > 30", "example_rate == 95.5%",
                "example_rate == 0.900001", "example_low_rate <= 0.150001", "example_days < 29.5", "0.899999 < example_rate",
                "example_rate >= 0.9", "15% > example_low_rate", "example_count == 0",
            ]
            return "kind: expression, expr: \"\(r.pick(expressions))\""
        default:
            Issue.record("no generator for kind \(kind): add one when registering a kind")
            return "kind: \(kind)"
        }
    }

    /// A ruleset of random checks of `kind`: twelve indicators in two groups (some applying only to some
    /// units), one bonus, one penalty and two vetoes of that kind. Four scoring set-ups by `round`:
    /// completion, completion with halves and no evidence excluded (and caps), weighted, points.
    static func yaml(kind: String, round: Int, random r: inout SplitMix) -> (String, String) {
        let scoring: [String]
        var groupWeights = [String?](repeating: nil, count: 2)
        var indicatorWeight = ""
        switch round % 4 {
        case 0:
            scoring = ["model: completion"]
        case 1:
            scoring = ["model: completion", "partial: half", "noEvidence: excluded"]
        case 2:
            scoring = ["model: weighted", "partial: half"]
            groupWeights = ["60", "40"]
            indicatorWeight = ", weight: \(r.pick([1, 2, 3]))"
        default:
            scoring = ["model: points", "grades: [{ name: 优秀, min: 90 }, { name: 良好, min: 60 }, { name: 较差, min: 0 }]"]
            indicatorWeight = ", weight: \(r.pick([5, 10, 15]))"
        }
        let points = round % 4 == 3 ? ["5", "3"] : ["2", "1.5"]
        let (top, next) = round % 4 == 3 ? ("优秀", "良好") : ("示范", "达标")
        var text = """
            fazhi: 1
            id: generated-\(kind.split(separator: "_").joined(separator: "-"))-\(round)
            title: 生成的指标体系
            jurisdiction: { name: 测试市, level: city }
            issuer: 测试市人民政府
            period: 2023
            source: { file: test.txt }
            scoring:

            """
        text += scoring.map { "  \($0)\n" }.joined()
        text += """
              adjustments:
                bonusCap: \(points[1])
                penaltyCap: \(points[1])
                items:
                  - { id: bonus-1, type: bonus, text: 加分, points: \(points[0]), \(check(kind, random: &r)) }
                  - { id: penalty-1, type: penalty, text: 减分, points: \(points[0]), \(check(kind, random: &r)) }
              vetoes:
                - { id: veto-1, text: 否决, \(r.pick(["when", "unless"])): { \(check(kind, random: &r)) }, effect: cap, grade: \(next) }
                - { id: veto-2, text: 撤销, when: { gradeBelow: \(top) }, effect: revoke, grade: \(top) }
            groups:

            """
        for g in 0..<2 {
            text += "  - id: g\(g)\n    title: 第\(g + 1)组\n" + (groupWeights[g].map { "    weight: \($0)\n" } ?? "") + "    indicators:\n"
            for i in 0..<6 {
                let applies = r.chance(0.2) ? r.pick([", appliesTo: { has_legislative_power: true }", ", appliesTo: { level: [city, county] }",
                                                      ", appliesTo: never"]) : ""
                text += "      - { id: k\(g)-\(i), text: 任务\(g)-\(i), \(check(kind, random: &r))\(indicatorWeight)\(applies) }\n"
            }
        }
        return (text, scoring.joined(separator: ", "))
    }
}

/// Random facts for a plan's slots: values on, beside and far from the generated thresholds, missing
/// values, every verdict and an invalid one, completion dates and evaluation dates around the deadlines,
/// attributes known, unknown and absent.
struct GeneratedFacts {
    let plan: EvaluationPlan
    let deadlineDays: [Int]

    init(plan: EvaluationPlan) {
        self.plan = plan
        deadlineDays = GeneratedRuleset.deadlines.map { text in
            guard case .success(let date) = CalendarDate.parse(text) else { fatalError(text) }
            return date.daysSinceEpoch
        }
    }

    static let scale = FixedPoint.scale

    func raw(_ unit: MetricUnit, random r: inout SplitMix) -> Int64 {
        let s = Self.scale
        switch unit {
        case .percent:
            return r.chance(0.2) ? Int64.random(in: 0...s, using: &r)
                                 : r.pick([0, 1, 150_000, 150_001, 333_000, 500_000, 899_999, 900_000, 900_001, 955_000, 999_999, s])
        case .count:
            return r.pick([0, 1, 2, 3, 4, 5, 9, 10, 11, 45, 50]) * s
        case .score:
            return r.pick([0, 59_999_999, 60_000_000, 75_500_000, 79_999_999, 80_000_000, 80_000_001, 100_000_000])
        case .boolean:
            return r.pick([0, s])
        default:
            return r.pick([0, 1, 2, 3, 4, 5, 14, 15, 16, 20, 21, 24, 25, 29, 30, 31, 89, 90, 91]) * s
        }
    }

    /// One unit's facts, with its evaluation date.
    func unit(random r: inout SplitMix) -> UnitFacts {
        let deadline = r.pick(deadlineDays)
        var facts = UnitFacts(slotCount: plan.slots.count, asOfDay: deadline + r.pick([-1, 0, 0, 1, 200]))
        for (slot, key) in plan.slots.enumerated() where !r.chance(0.15) {
            switch key {
            case .metric(let id):
                guard let metric = EvaluatorExample.catalog[id] else { continue }
                facts[slot] = raw(metric.unit, random: &r)
            case .verdict:
                facts[slot] = r.chance(0.05) ? 7 : r.pick([0, 1, 2])
            case .event:
                facts[slot] = Int64(r.pick(deadlineDays) + r.pick([-1, 0, 1]))
            case .attribute(let name):
                let codes = plan.attributeCodes[name].map { Array($0.values).sorted() } ?? []
                facts[slot] = codes.isEmpty || r.chance(0.1) ? 9_999 : r.pick(codes)
            }
        }
        return facts
    }
}
