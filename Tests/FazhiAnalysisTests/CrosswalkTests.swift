import FazhiAnalysis
import FazhiCore
import FazhiTestSupport
import FazhiBase
import Testing

/// Two small rulesets on the evaluator examples' metrics, with the verdicts worked out by hand.
struct CrosswalkTests {
    static func header(_ id: String) -> String {
        """
        fazhi: 1
        id: \(id)
        title: 对照测试\(id)
        jurisdiction: { name: 测试\(id), level: county }
        issuer: 测试
        period: 2023
        source: { file: test.txt }

        """
    }

    /// ra: rate ≥95%, ≤3 working days, ≥2 per half year, ≥1 per period, an assessed task, low rate ≤5%.
    static let ra = header("ra") + """
        groups:
          - id: ra-g1
            number: 一
            title: 甲组
            indicators:
              - { id: x-1, text: 比率, kind: rate_at_least, metric: example_rate, min: 95% }
              - { id: x-2, text: 工作日, kind: duration_at_most, metric: example_working_days, max: 3, unit: working_days }
              - { id: x-5, text: 评定, kind: assessed }
          - id: ra-g2
            number: 二
            title: 乙组
            indicators:
              - { id: x-3, text: 次数, kind: count_at_least, metric: example_count, min: 2, per: half_year }
              - { id: x-4, text: 分子, kind: count_at_least, metric: example_numerator, min: 1, per: period }
              - { id: x-6, text: 低比率, kind: rate_at_most, metric: example_low_rate, max: 5% }
        """

    /// rb: rate ≥100%, ≤5 working days, ≥4 per year, ≥1 per year, ≤10 days.
    static let rb = header("rb") + """
        groups:
          - id: rb-g1
            number: 一
            title: 全部
            indicators:
              - { id: y-1, text: 比率, kind: rate_at_least, metric: example_rate, min: 100% }
              - { id: y-2, text: 工作日, kind: duration_at_most, metric: example_working_days, max: 5, unit: working_days }
              - { id: y-3, text: 次数, kind: count_at_least, metric: example_count, min: 4, per: year }
              - { id: y-4, text: 分子, kind: count_at_least, metric: example_numerator, min: 1, per: year }
              - { id: y-5, text: 天数, kind: duration_at_most, metric: example_days, max: 10, unit: days }
        """

    @Test func verdictsByMetric() throws {
        let s = Scratch()
        let a = try s.plan("ra.yaml", Self.ra), b = try s.plan("rb.yaml", Self.rb)
        let c = Crosswalk(plans: [a, b])
        var verdicts: [String: Crosswalk.Verdict] = [:]
        for line in c.lines { verdicts[line.metric.id] = line.verdict }
        #expect(verdicts["example_rate"] == .stricter([1]))            // 100% > 95%
        #expect(verdicts["example_working_days"] == .stricter([0]))    // 3 < 5 working days
        #expect(verdicts["example_count"] == .same)                    // 2 per half year = 4 per year
        #expect(verdicts["example_numerator"] == .incomparable("计数周期不同（整个期间与每年）"))
        #expect(verdicts["example_low_rate"] == .only(0))
        #expect(verdicts["example_days"] == .only(1))
        // Shared metrics first (catalog order), then those only one ruleset asks for.
        #expect(c.lines.map(\.metric.id) == ["example_rate", "example_count", "example_working_days", "example_numerator",
                                             "example_low_rate", "example_days"])
        #expect(c.lines[1].effective[0]?.value == FixedPoint(4))

        // Coverage per first-level group: indicators, measurable, shared with the other ruleset.
        #expect(c.coverage[0].map { [$0.indicators, $0.measurable, $0.shared] } == [[3, 2, 2], [3, 3, 2]])
        #expect(c.coverage[1].map { [$0.indicators, $0.measurable, $0.shared] } == [[5, 5, 4]])
    }

    /// One unit under both: 97% meets ra's 95% but not rb's 100%; 4 working days misses ra's 3 but meets
    /// rb's 5; 4 a year meets both. The first two decide the difference.
    @Test func oneUnitUnderTwoRulesets() throws {
        let s = Scratch()
        let a = try s.plan("ra.yaml", Self.ra), b = try s.plan("rb.yaml", Self.rb)
        let evidence = """
            fazhi: 1
            unit: { id: u, name: 测试县, level: county }
            period: 2023
            facts:
              example_rate: 97%
              example_working_days: 4
              example_count: 4

            """
        let columns = try [a, b].map { plan in
            let scored = try s.score(plan, evidence)
            return RulesetsComparison.Column(plan: plan, evidence: scored.evidence[0], result: scored.results[0],
                                             gap: GapAnalysis.toNextGrade(scored.results[0], plan: plan))
        }
        let c = RulesetsComparison(columns: columns)
        #expect(c.lines.map(\.metric.id) == ["example_rate", "example_working_days", "example_count", "example_numerator"])
        #expect(c.lines.map(\.decides) == [true, true, false, false])
        #expect(c.lines[0].value == "97%")
        #expect(c.lines[1].value == "4 个工作日")
        #expect(c.lines[0].entries.map { $0.map(\.state) } == [[.met], [.unmet]])
        // ra: x-1, x-3 met of 6 → 2/6; rb: y-2, y-3 met of 5 → 2/5.
        #expect(columns.map(\.result.ratioText) == ["2/6", "2/5"])
        // Shortfalls without a counterpart: ra's x-5 (assessed) and x-6 (only ra); rb's y-5 (only rb).
        #expect(c.unmatchedShortfalls[0].map { a.indicators[$0].indicator.id } == ["x-5", "x-6"])
        #expect(c.unmatchedShortfalls[1].map { b.indicators[$0].indicator.id } == ["y-5"])
    }
}
