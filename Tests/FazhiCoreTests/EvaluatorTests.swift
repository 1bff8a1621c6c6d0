import FazhiCore
import FazhiEvaluators
import FazhiBase
import FazhiYAML
import Testing

/// A check compiled on its own against the example catalog, as the plan compiler would build it.
private struct Compiled {
    let context: PlanContext
    let evaluator: (any IndicatorEvaluator)?

    init(_ yaml: String, indicator: String = "example", deadline: CalendarDate? = nil) throws {
        let source = SourceFile(name: "check.yaml", text: yaml)
        let document = try YAMLParser.singleDocument(in: source)
        context = PlanContext(catalog: EvaluatorExample.catalog, registry: FazhiEvaluators.registry())
        context.indicatorID = indicator
        context.indicatorDeadline = deadline
        evaluator = context.makeEvaluator(document.value)
    }

    /// Every problem as "LINE:COLUMN: MESSAGE; HINT".
    var problems: [String] {
        context.diagnostics.map { d in "\(d.location.map { "\($0.start)" } ?? "?"): \(d.fullMessage)" }
    }

    /// Facts for one unit: metric ids to values as written (`95%`, `3`), verdicts and events by key.
    func facts(_ values: [String: String] = [:], verdicts: [String: Verdict] = [:], events: [String: String] = [:],
               asOf: String = "2023-12-31") -> UnitFacts {
        var facts = UnitFacts(slotCount: context.slots.count, asOfDay: day(asOf))
        for (id, text) in values {
            guard let slot = context.existingSlot(for: .metric(id)) else { continue }
            guard case .success(let parsed) = NumberParser.parse(text) else { Issue.record("bad number \(text)"); continue }
            facts[slot] = parsed.value.raw
        }
        for (key, verdict) in verdicts {
            if let slot = context.existingSlot(for: .verdict(key)) { facts[slot] = verdict.rawValue }
        }
        for (key, date) in events {
            if let slot = context.existingSlot(for: .event(key)) { facts[slot] = Int64(day(date)) }
        }
        return facts
    }

    func outcome(_ values: [String: String] = [:], verdicts: [String: Verdict] = [:], events: [String: String] = [:],
                 asOf: String = "2023-12-31") -> OutcomeState? {
        evaluator?.evaluate(facts(values, verdicts: verdicts, events: events, asOf: asOf)).state
    }

    func explain(_ values: [String: String] = [:], verdicts: [String: Verdict] = [:], events: [String: String] = [:],
                 asOf: String = "2023-12-31") -> Finding? {
        evaluator?.explain(facts(values, verdicts: verdicts, events: events, asOf: asOf))
    }
}

private func day(_ text: String) -> Int {
    guard case .success(let date) = CalendarDate.parse(text) else { return 0 }
    return date.daysSinceEpoch
}

/// Reads an example's evidence (`facts:`, `verdicts:`, `events:`) into the compiled check's slots.
/// A small stand-in for the evidence reader, so that the examples are checked here too.
private func exampleFacts(_ example: EvaluatorExample, _ compiled: Compiled) throws -> UnitFacts {
    let document = try YAMLParser.singleDocument(in: SourceFile(name: "evidence.yaml", text: example.evidence))
    let root = document.value
    var values: [String: String] = [:], verdicts: [String: Verdict] = [:], events: [String: String] = [:]
    if let f = root["facts"], f.isMapping { for e in try f.entries() { values[e.key] = try e.value.text() } }
    if let v = root["verdicts"], v.isMapping { for e in try v.entries() { verdicts[e.key] = Verdict(text: try e.value.text()) } }
    if let v = root["events"], v.isMapping { for e in try v.entries() { events[e.key] = try e.value.text() } }
    return compiled.facts(values, verdicts: verdicts, events: events, asOf: example.asOf?.description ?? "2023-12-31")
}

struct EvaluatorTests {
    // MARK: Registry and examples

    @Test func everyKindOnceWithExamples() throws {
        let registry = FazhiEvaluators.registry()
        #expect(registry.kinds.count == FazhiEvaluators.all.count)
        #expect(Set(registry.kinds) == [
            "rate_at_least", "rate_at_most", "count_at_least", "count_at_most", "duration_at_most", "duration_at_least",
            "ratio_at_least", "assessed", "done_by", "published_within", "no_incident", "all_of", "any_of",
            "weighted_score", "expression", "deductions",
        ])
        for type in FazhiEvaluators.all {
            let states = Set(type.examples.map(\.expected))
            #expect(states.contains(.met), "\(type.kind) has no met example")
            #expect(states.contains(.unmet), "\(type.kind) has no unmet example")
            #expect(["thresholds", "procedural", "composite", "expression", "points"].contains(type.family))
        }
    }

    static let allExamples: [(String, EvaluatorExample)] = FazhiEvaluators.all.flatMap { type in
        type.examples.map { (type.kind, $0) }
    }

    @Test(arguments: allExamples)
    func example(kind: String, example: EvaluatorExample) throws {
        let compiled = try Compiled(example.check)
        #expect(compiled.problems.isEmpty, "\(kind) \(example.name): \(compiled.problems)")
        let evaluator = try #require(compiled.evaluator)
        #expect(type(of: evaluator).kind == kind)
        let facts = try exampleFacts(example, compiled)
        #expect(evaluator.evidenceProblem(facts) == nil, "\(kind) \(example.name)")
        #expect(evaluator.evaluate(facts).state == example.expected, "\(kind) \(example.name)")
        let finding = evaluator.explain(facts)
        #expect(finding.outcome == evaluator.evaluate(facts))
        #expect(!finding.reason.isEmpty)
    }

    // MARK: Load errors, thresholds

    @Test func rateAboveHundredPercent() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_rate\nmin: 150%\n")
        #expect(c.evaluator == nil)
        #expect(c.problems == ["3:6: min: expected a percentage between 0% and 100%, found \"150%\""])
    }

    @Test func bareNumberForARate() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_rate\nmin: 95\n")
        #expect(c.problems == ["3:6: min: expected a percentage (e.g. 90% or 0.9), found \"95\"; did you mean 95%?"])
    }

    @Test func unknownMetricWithSuggestion() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_rat\nmin: 90%\n")
        #expect(c.problems == ["2:9: metric: unknown metric \"example_rat\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_rate\"?"])
    }

    @Test func metricOfTheWrongUnit() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_count\nmin: 90%\n")
        #expect(c.problems == ["2:9: metric: metric \"example_count\" is measured in count; this check expects percent"])
    }

    @Test func everyProblemOnce() throws {
        let c = try Compiled("kind: count_at_least\nmetric: example_cont\nmin: -1\nper: yaer\n")
        #expect(c.problems == [
            "2:9: metric: unknown metric \"example_cont\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_count\"?",
            "3:6: min: expected a count of zero or more, found \"-1\"",
            "4:6: per: expected one of year, half_year, quarter, month, period, two_years, three_years, five_years, none, found \"yaer\"; did you mean \"year\"?",
        ])
    }

    @Test func missingThreshold() throws {
        let c = try Compiled("kind: rate_at_most\nmetric: example_low_rate\n")
        #expect(c.problems == ["1:1: (top level): missing \"max\"; expected a target in percent"])
    }

    @Test func durationUnitMismatch() throws {
        let c = try Compiled("kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: days\n")
        #expect(c.problems == [
            "4:7: unit: unit \"days\" does not agree with metric \"example_working_days\", which is measured in working_days; write unit: working_days, or choose a metric measured in days",
        ])
    }

    @Test func durationUnitMisspelt() throws {
        let c = try Compiled("kind: duration_at_least\nmetric: example_days\nmin: 30\nunit: dayz\n")
        #expect(c.problems == ["4:7: unit: expected one of days, working_days, hours, minutes, found \"dayz\"; did you mean \"days\"?"])
    }

    @Test func unknownParameterKey() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_rate\nmni: 90%\n")
        #expect(c.problems.first == "3:1: mni: unknown key \"mni\" in a rate_at_least check; did you mean \"min\"?")
    }

    // MARK: Evaluation, thresholds

    @Test func rateOnTheThresholdIsExact() throws {
        let c = try Compiled("kind: rate_at_least\nmetric: example_rate\nmin: 90%\n")
        #expect(c.outcome(["example_rate": "90%"]) == .met)
        #expect(c.outcome(["example_rate": "89.9999%"]) == .unmet)
        #expect(c.outcome() == .noEvidence)
        #expect(c.explain(["example_rate": "85%"])?.reason == "示例比率 85% < 90%")
        #expect(c.evaluator?.requirement == "≥ 90%")
        #expect(c.evaluator?.targets == [Target(metric: "example_rate", comparison: .atLeast, value: FixedPoint(raw: 900_000), unit: .percent)])
        let bad = c.facts(["example_rate": "1.5"])
        #expect(c.evaluator?.evidenceProblem(bad) != nil)
    }

    @Test func countRequirementInWords() throws {
        let c = try Compiled("kind: count_at_least\nmetric: example_count\nmin: 4\nper: year\n")
        #expect(c.evaluator?.requirement == "每年不少于 4 次")
        #expect(c.explain(["example_count": "3"])?.reason == "示例次数 3 < 4（每年）")
        #expect(c.evaluator?.targets.first?.per == "year")
    }

    @Test func durationReason() throws {
        let c = try Compiled("kind: duration_at_most\nmetric: example_working_days\nmax: 3\nunit: working_days\n")
        #expect(c.explain(["example_working_days": "4"])?.reason == "示例工作日 4 个工作日 > 3 个工作日")
        #expect(c.evaluator?.requirement == "≤ 3 个工作日")
    }

    @Test func ratioEdges() throws {
        let c = try Compiled("kind: ratio_at_least\nnumerator: example_numerator\ndenominator: example_denominator\nmin: 2/3\n")
        #expect(c.problems == ["4:6: min: expected a percentage (e.g. 90% or 0.9), found \"2/3\""])
        let r = try Compiled("kind: ratio_at_least\nnumerator: example_numerator\ndenominator: example_denominator\nmin: 66.6667%\n")
        #expect(r.outcome(["example_numerator": "2", "example_denominator": "3"]) == .unmet)
        #expect(r.outcome(["example_numerator": "0", "example_denominator": "0"]) == .notApplicable)
        #expect(r.explain(["example_numerator": "0", "example_denominator": "0"])?.reason.hasPrefix("分母为 0") == true)
        let over = r.facts(["example_numerator": "4", "example_denominator": "3"])
        #expect(r.evaluator?.evaluate(over).state == .error)
        #expect(r.evaluator?.evidenceProblem(over)?.message == "示例分子 4 大于 示例分母 3：分子不能超过分母")
        #expect(r.explain(["example_numerator": "45", "example_denominator": "50"])?.reason
            == "示例分子 45 / 示例分母 50 = 90% ≥ 66.6667%")
    }

    @Test func ratioOfOneMetricToItself() throws {
        let c = try Compiled("kind: ratio_at_least\nnumerator: example_count\ndenominator: example_count\nmin: 90%\n")
        #expect(c.problems == ["3:14: denominator: the denominator is the numerator's metric \"example_count\"; expected two different counts"])
    }

    // MARK: Procedural

    @Test func doneByStates() throws {
        let c = try Compiled("kind: done_by\n", deadline: CalendarDate(year: 2022, month: 6, day: 30))
        #expect(c.problems.isEmpty)
        #expect(c.outcome(events: ["example": "2022-06-30"]) == .met)
        #expect(c.outcome(events: ["example": "2022-07-01"]) == .unmet)
        #expect(c.outcome(asOf: "2022-06-30") == .notApplicable)
        #expect(c.outcome(asOf: "2022-07-01") == .noEvidence)   // no record is not proof of failure
        #expect(c.explain(events: ["example": "2022-05-01"])?.reason == "按时完成（2022-05-01 ≤ 2022-06-30）")
        #expect(c.explain(events: ["example": "2022-07-02"])?.reason == "逾期完成（2022-07-02 > 2022-06-30）")
        #expect(c.explain(asOf: "2022-06-01")?.reason == "未到期（期限 2022-06-30，评估日 2022-06-01）")
        #expect(c.explain(asOf: "2022-12-31")?.reason == "期限已过，无完成记录（期限 2022-06-30，评估日 2022-12-31）")
    }

    @Test func doneByWithoutAnyDate() throws {
        let c = try Compiled("title: 建立清单\nkind: done_by\n")
        #expect(c.problems == [
            "1:1: (top level): missing \"by\"; expected a date (YYYY-MM-DD), since the indicator has no dated deadline; write by: YYYY-MM-DD, or give the indicator a deadline date",
        ])
    }

    @Test func doneByBadDate() throws {
        let c = try Compiled("kind: done_by\nby: 2022-02-30\n")
        #expect(c.problems == ["2:5: by: expected a date (YYYY-MM-DD), found \"2022-02-30\"; 2022-02 has 28 days"])
    }

    @Test func assessedVerdicts() throws {
        let c = try Compiled("kind: assessed\nquestion: 是否建立机制\n")
        #expect(c.outcome(verdicts: ["example": .met]) == .met)
        #expect(c.outcome(verdicts: ["example": .partial]) == .partial)
        #expect(c.outcome(verdicts: ["example": .unmet]) == .unmet)
        #expect(c.outcome() == .noEvidence)
        #expect(c.explain(verdicts: ["example": .partial])?.reason == "是否建立机制：评估人认定：部分达到")
        // No verdict yet: what to do, not an id.
        #expect(c.explain()?.reason == "是否建立机制：待评估人认定")
    }

    @Test func noIncidentCounts() throws {
        let c = try Compiled("kind: no_incident\nmetric: example_incidents\n")
        #expect(c.outcome(["example_incidents": "0"]) == .met)
        #expect(c.explain(["example_incidents": "2"])?.reason == "发生 2 起（示例事件数）")
        let wrong = try Compiled("kind: no_incident\nmetric: example_rate\n")
        #expect(wrong.problems == ["2:9: metric: metric \"example_rate\" is measured in percent; this check expects count"])
    }

    @Test func publishedWithinUnit() throws {
        let c = try Compiled("kind: published_within\nmetric: example_hours\nmax: 15\nunit: working_days\n")
        #expect(c.problems == [
            "4:7: unit: unit \"working_days\" does not agree with metric \"example_hours\", which is measured in hours; write unit: hours, or choose a metric measured in working_days",
        ])
    }

    // MARK: Composites

    static let three = """
        kind: all_of
        of:
          - { kind: rate_at_least, metric: example_rate, min: 90%, title: 比率 }
          - { kind: no_incident, metric: example_incidents }
          - { kind: assessed, title: 机制 }
        """

    @Test func allOfCombination() throws {
        let c = try Compiled(Self.three)
        #expect(c.problems.isEmpty)
        let good = ["example_rate": "95%", "example_incidents": "0"]
        #expect(c.outcome(good, verdicts: ["example": .met]) == .met)
        #expect(c.outcome(good, verdicts: ["example": .partial]) == .partial)
        #expect(c.outcome(good) == .noEvidence)
        #expect(c.outcome(["example_rate": "80%"]) == .unmet)  // unmet wins over missing
        #expect(c.outcome(["example_rate": "95%", "example_incidents": "1"], verdicts: ["example": .met]) == .unmet)
        #expect(c.explain(["example_rate": "80%", "example_incidents": "0"], verdicts: ["example": .met])?.reason
            == "3 项中 2 项达到；比率：示例比率 80% < 90%")
        #expect(c.evaluator?.targets.map(\.metric) == ["example_rate", "example_incidents"])
    }

    @Test func subCheckVerdictsOwnKeyFirst() throws {
        let c = try Compiled(Self.three, indicator: "nx-1")
        #expect(c.context.existingSlot(for: .verdict("nx-1#3")) != nil)
        let good = ["example_rate": "95%", "example_incidents": "0"]
        #expect(c.outcome(good, verdicts: ["nx-1": .met]) == .met)
        #expect(c.outcome(good, verdicts: ["nx-1#3": .met]) == .met)
        #expect(c.outcome(good, verdicts: ["nx-1": .met, "nx-1#3": .unmet]) == .unmet)
    }

    @Test func notApplicableSubChecksAreSkipped() throws {
        let c = try Compiled("""
            kind: all_of
            of:
              - { kind: done_by, by: 2023-06-30 }
              - { kind: ratio_at_least, numerator: example_numerator, denominator: example_denominator, min: 90% }
            """)
        #expect(c.outcome(["example_numerator": "0", "example_denominator": "0"], asOf: "2023-06-01") == .notApplicable)
        #expect(c.outcome(["example_numerator": "9", "example_denominator": "10"], asOf: "2023-06-01") == .met)
        let any = try Compiled("""
            kind: any_of
            of:
              - { kind: done_by, by: 2023-06-30 }
              - { kind: rate_at_least, metric: example_rate, min: 90% }
            """)
        #expect(any.outcome(["example_rate": "80%"], asOf: "2023-06-01") == .unmet)
        #expect(any.outcome(["example_rate": "80%"], events: ["example": "2023-05-01"]) == .met)
    }

    @Test func badSubCheckReportedInside() throws {
        let c = try Compiled("kind: all_of\nof:\n  - { kind: rate_at_least, metric: example_rate, min: 120% }\n  - { kind: rate_at_lest, metric: example_rate, min: 90% }\n")
        #expect(c.problems == [
            "3:55: of[0].min: expected a percentage between 0% and 100%, found \"120%\"",
            "4:13: of[1].kind: unknown evaluator kind \"rate_at_lest\"; did you mean \"rate_at_least\"?",
        ])
    }

    @Test func emptyOf() throws {
        let c = try Compiled("kind: any_of\nof: []\n")
        #expect(c.problems == ["2:5: of: expected at least one check, found a list"])
    }

    static func weighted(last: String) -> String {
        """
        kind: weighted_score
        parts:
          - { metric: example_score_a, weight: 40% }
          - { metric: example_score_b, weight: 20% }
          - { metric: example_score_c, weight: 20% }
          - { metric: example_score_d, weight: \(last) }
        min: 80
        """
    }

    @Test func weightsMustAddUp() throws {
        let c = try Compiled(Self.weighted(last: "10%"))
        #expect(c.problems == ["3:3: parts: the weights add up to 90%; expected 100%"])
    }

    @Test func weightedScoreCredit() throws {
        let c = try Compiled(Self.weighted(last: "0.2"))
        #expect(c.problems.isEmpty)
        let facts = c.facts(["example_score_a": "90", "example_score_b": "80", "example_score_c": "70", "example_score_d": "85.5"])
        let outcome = try #require(c.evaluator?.evaluate(facts))
        // 36 + 16 + 14 + 17.1 = 83.1
        #expect(outcome == Outcome(.met, credit: FixedPoint(raw: 831_000)))
        #expect(c.evaluator?.explain(facts).reason == "加权得分 83.1 分 ≥ 80 分（示例评分甲 90 × 40% + 示例评分乙 80 × 20% + 示例评分丙 70 × 20% + 示例评分丁 85.5 × 20%）")
        let unscored = try Compiled("kind: weighted_score\nparts:\n  - { metric: example_score_a, weight: 100% }\n")
        #expect(unscored.outcome(["example_score_a": "12"]) == .met)
        let wrongUnit = try Compiled("kind: weighted_score\nparts:\n  - { metric: example_rate, weight: 100% }\n")
        #expect(wrongUnit.problems == ["3:15: parts[0].metric: metric \"example_rate\" is measured in percent; this check expects score"])
    }

    // MARK: Expressions

    /// What `show`, `explain` and the reports print for an expression: Chinese words, not the syntax.
    @Test func expressionRequirementInWords() throws {
        let guarded = try Compiled("kind: expression\nexpr: has(example_rate) and example_rate < 100%\n")
        #expect(guarded.evaluator?.requirement == "已提供示例比率，且示例比率 < 100%")
        let either = try Compiled("kind: expression\nexpr: \"not has(example_incidents) or example_incidents == 0\"\n")
        #expect(either.evaluator?.requirement == "未提供示例事件数，或示例事件数 = 0")
        let nested = try Compiled("kind: expression\nexpr: \"(example_count >= 1 or example_flag) and example_numerator / example_denominator >= 90%\"\n")
        #expect(nested.evaluator?.requirement == "（示例次数 ≥ 1，或示例是否），且示例分子 ÷ 示例分母 ≥ 90%")
        let functions = try Compiled("kind: expression\nexpr: \"min(example_rate, 1 - example_low_rate) >= 95% and not (example_count > 3)\"\n")
        #expect(functions.evaluator?.requirement == "示例比率与1 - 示例比率（越低越好）中较小者 ≥ 95%，且并非（示例次数 > 3）")
    }

    @Test func expressionSyntaxErrorColumns() throws {
        // Plain scalar: the column of the second "and" is the scalar's column plus its offset.
        let plain = try Compiled("kind: expression\nexpr: example_rate >= 90% and and has(example_rate)\n")
        #expect(plain.problems == ["2:31: expr: expected a number, a metric id or \"(\", found \"and\""])
        // Quoted: one more for the quote.
        let quoted = try Compiled("kind: expression\nexpr: \"example_rate >= 90% and and has(example_rate)\"\n")
        #expect(quoted.problems == ["2:32: expr: expected a number, a metric id or \"(\", found \"and\""])
        let unclosed = try Compiled("kind: expression\nexpr: '(example_rate >= 90%'\n")
        #expect(unclosed.problems == ["2:28: expr: expected \")\" to close the \"(\" at offset 1, found the end of the expression"])
        let equals = try Compiled("kind: expression\nexpr: example_count = 3\n")
        #expect(equals.problems == ["2:21: expr: unexpected \"=\"; use == to compare"])
        let chained = try Compiled("kind: expression\nexpr: 1 < example_count < 3\n")
        #expect(chained.problems == ["2:25: expr: comparisons cannot be chained; join them with and: a <= x and x <= b"])
    }

    @Test func expressionErrorInABlockScalar() throws {
        let c = try Compiled("kind: expression\nexpr: >-\n  example_rate >= 90%\n  and example_cuont >= 1\n")
        #expect(c.problems == ["4:7: expr: unknown metric \"example_cuont\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_count\"?"])
    }

    @Test func expressionUnknownMetricsAndTypes() throws {
        let c = try Compiled("kind: expression\nexpr: \"has(exmple_rate) and example_rte + 1 and max(example_rate, has(example_count)) > 0\"\n")
        #expect(c.problems == [
            "2:12: expr: unknown metric \"exmple_rate\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_rate\"?",
            "2:29: expr: unknown metric \"example_rte\"; expected an id from the metric catalog or the ruleset's own metrics: (declare a new one there); did you mean \"example_rate\"?",
            // An unknown metric fits anywhere, but `example_rte + 1` is still a number where `and` wants true/false.
            "2:29: expr: \"and\" needs true/false; found a number",
            "2:67: expr: max(…) needs a number; found true/false",
        ])
        let number = try Compiled("kind: expression\nexpr: example_rate * 2\n")
        #expect(number.problems == ["2:7: expr: the expression must be true or false (a comparison, has(…), and, or, not); found a number; compare it, e.g. … >= 90%"])
        let fn = try Compiled("kind: expression\nexpr: mix(example_rate, 1) > 0\n")
        #expect(fn.problems == ["2:7: expr: unknown function \"mix\"; expected min, max or has; did you mean \"min\"?"])
    }

    @Test func expressionExactAndThreeValued() throws {
        let c = try Compiled("kind: expression\nexpr: example_numerator / example_denominator >= 66.6667%\n")
        #expect(c.outcome(["example_numerator": "2", "example_denominator": "3"]) == .unmet)
        let d = try Compiled("kind: expression\nexpr: example_numerator / example_denominator >= 66.6666%\n")
        #expect(d.outcome(["example_numerator": "2", "example_denominator": "3"]) == .met)
        #expect(d.outcome(["example_numerator": "2", "example_denominator": "0"]) == .error)
        #expect(d.explain(["example_numerator": "2", "example_denominator": "0"])?.reason
            == "除数为 0：示例分子 / 示例分母（示例分子 = 2，示例分母 = 0）")
        #expect(d.outcome(["example_numerator": "2"]) == .noEvidence)
        // Reasons read in words: metrics by name, has(…) as 已提供, and/or as 且/或, >= as ≥; a missing
        // figure is asked for.
        #expect(d.explain(["example_numerator": "2", "example_denominator": "3"])?.reason
            == "条件成立：示例分子 / 示例分母 ≥ 66.6666%（示例分子 = 2，示例分母 = 3）")
        #expect(d.explain(["example_numerator": "2"])?.reason
            == "请提供 示例分母（example_denominator）及出处（条件：示例分子 / 示例分母 ≥ 66.6666%）")
        let inWords = try Compiled("kind: expression\nexpr: has(example_rate) and example_rate < 100%\n")
        #expect(inWords.explain([:])?.reason == "条件不成立：示例比率 已提供 且 示例比率 < 100%（示例比率 未提供）")
        // A false side of `and` decides, in either order, over missing facts and errors.
        let guarded = try Compiled("kind: expression\nexpr: example_numerator / example_denominator >= 90% and example_denominator > 0\n")
        #expect(guarded.outcome(["example_numerator": "0", "example_denominator": "0"]) == .unmet)
        let has = try Compiled("kind: expression\nexpr: example_rate >= 100% and has(example_rate)\n")
        #expect(has.outcome() == .unmet)
        #expect(has.outcome(["example_rate": "100%"]) == .met)
        let flag = try Compiled("kind: expression\nexpr: example_flag or -example_count + 3 * 2 >= max(1, 2.5)\n")
        #expect(flag.outcome(["example_flag": "0", "example_count": "3"]) == .met)
        #expect(flag.outcome(["example_flag": "0", "example_count": "4"]) == .unmet)
        #expect(flag.outcome(["example_flag": "1"]) == .met)
    }

    @Test func expressionTargetsAndLimits() throws {
        let c = try Compiled("kind: expression\nexpr: 100% <= example_rate and example_days <= 30 and (example_count > 1 or has(example_flag))\n")
        #expect(c.evaluator?.targets == [
            Target(metric: "example_rate", comparison: .atLeast, value: .one, unit: .percent),
            Target(metric: "example_days", comparison: .atMost, value: FixedPoint(30), unit: .days),
        ])
        let deep = String(repeating: "(", count: 300) + "example_flag" + String(repeating: ")", count: 300)
        let tooDeep = try Compiled("kind: expression\nexpr: \"\(deep)\"\n")
        #expect(tooDeep.problems.first?.contains("nested too deeply") == true)
        let long = (0..<6000).map { _ in "example_count" }.joined(separator: " + ") + " > 0"
        let tooLong = try Compiled("kind: expression\nexpr: \(long)\n")
        #expect(tooLong.problems.first?.contains("nested too deeply") == true || tooLong.problems.first?.contains("too long") == true)
        let wide = (0..<150).map { _ in "(example_count + 1 > 0)" }.joined(separator: " and ")
        #expect(try Compiled("kind: expression\nexpr: \(wide)\n").problems.isEmpty)
    }
}
