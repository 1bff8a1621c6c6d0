import Foundation
import Testing

/// The ruleset language of issue 17 through the CLI: `validate`, `show` and `evaluate` explain the new
/// forms, and a ruleset with its own metrics works from any folder.
struct LanguageCLITests {
    static let fixture = root + "/Tests/FazhiKitTests/Fixtures/county-points/"

    /// A county 细则 of its own, in a folder outside the repository, declaring every metric it reads:
    /// no --catalog, no --rulesets, no metrics.yaml anywhere.
    @Test func aSelfContainedRulesetFromAnyFolder() throws {
        let place = Elsewhere()
        place.write("细则/alone.yaml", """
            fazhi: 1
            id: alone-2024
            title: 自足县考核细则
            jurisdiction: { name: 自足县, level: county }
            issuer: 自足县人民政府
            period: 2024
            source: { file: alone.txt }
            metrics:
              - { id: alone_study_sessions, name: 自足学法次数, unit: count, direction: higher }
            scoring:
              model: points
              grades: [{ name: 合格, min: 2.5 }, { name: 不合格, min: 0 }]
            groups:
              - id: g1
                number: 一、
                title: 学法
                items:
                  - id: a-1
                    number: "1"
                    text: 每年学法不少于3次，每少一次扣0.5分；未制定学法计划的扣1分。（3分）
                    kind: deductions
                    points: 3
                    deduct:
                      - { metric: alone_study_sessions, min: 3, each: 0.5 }
                      - { unless: { kind: assessed }, points: 1 }
            """)
        place.write("units.yaml", "fazhi: 1\nunit: { id: u, name: 某镇 }\nperiod: 2024\nfacts: { alone_study_sessions: 2 }\nverdicts: { a-1: met }\n")
        let validate = try fazhi(["validate", "细则/alone.yaml"], in: place.directory)
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = try fazhi(["evaluate", "--ruleset", "细则/alone.yaml", "units.yaml"], in: place.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("合计：2.5 分"))
        #expect(run.stdout.contains("等级：合格"))
        #expect(run.stdout.contains("2.5/3"))
    }

    @Test func validateNamesTheNewForms() throws {
        let run = try fazhi("validate", Self.fixture + "yangli-2024-assessment.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  deduction items yl-1, yl-3, yl-5 (points less deductions); not applicable items earn full marks; per-count adjustments yl-bonus-1; own metrics failed_enforcement_files, unlicensed_enforcement_instances, overturned_review_decisions, lost_administrative_lawsuits, rule_of_law_commendations"))
        // A ruleset without them keeps its one line.
        let plain = try fazhi("validate", "zhongwei-2022-points")
        #expect(plain.stdout.split(separator: "\n").count == 1)
        // show's JSON keeps the notes of creation types and steps, and a veto's printed number.
        let guyuan = try fazhi("show", "guyuan-2023-2025-creation", "--format", "json")
        #expect(guyuan.stdout.contains("“所有项目完成60%以上”读作"))
        let leadership = try fazhi("show", "xixia-2020-leadership-assessment", "--format", "json")
        #expect(leadership.stdout.contains("\"number\": \"第十七条（一）\""))
    }

    /// A number printed on several indicators of one group: validate warns once per number and group, at
    /// the first, and still passes (the document may print it so); explain by that number refuses.
    /// Numbering that starts again in each section is not warned of.
    @Test func validateWarnsOfANumberPrintedTwiceInAGroup() throws {
        let place = Elsewhere()
        place.write("twice.yaml", """
            fazhi: 1
            id: twice-2024
            title: 重号县考核细则
            jurisdiction: { name: 重号县, level: county }
            issuer: 重号县人民政府
            period: 2024
            source: { file: twice.txt }
            metrics:
              - { id: twice_sessions, name: 重号学法次数, unit: count, direction: higher }
            groups:
              - id: g1
                number: 一、
                title: 学法
                indicators:
                  - { id: a-1, number: "1", text: 学法。, kind: assessed }
                  - { id: a-2, number: "66", text: 学法不少于2次。, kind: count_at_least, metric: twice_sessions, min: 2, per: year }
                  - { id: a-3, number: "66", text: 用法。, kind: assessed }
              - id: g2
                number: 二、
                title: 用法
                indicators:
                  - { id: b-1, number: "1", text: 用法。, kind: assessed }
            """)
        let run = try fazhi(["validate", "twice.yaml"], in: place.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("twice.yaml: ok"))
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings == ["twice.yaml:16:9: warning: the number \"66\" is printed on 2 indicators of one group (a-2, a-3); `explain twice-2024 66` cannot tell them apart; where the document prints it so, keep it and refer to them by id; otherwise correct the misprint"])
        let explain = try fazhi(["explain", "twice.yaml", "66"], in: place.directory)
        #expect(explain.status != 0)
        #expect(explain.stderr.contains("on 2 indicators: a-2 (66 学法不少于2次。), a-3 (66 用法。); give one of their ids"))
        // "1" in both sections: numbering that starts again, no warning, and explain still refuses to guess.
        let one = try fazhi(["explain", "twice.yaml", "1"], in: place.directory)
        #expect(one.stderr.contains("on 2 indicators: a-1 (1 学法。), b-1 (1 用法。)"))
        let sections = try fazhi("validate", "xixia-2020-effect-indicators")
        #expect(!sections.stderr.contains("warning"))
    }

    @Test func showExplainsPointsDeductionsAndOwnMetrics() throws {
        let run = try fazhi("show", Self.fixture + "yangli-2024-assessment.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("计分：分值计分；等级：优秀 ≥ 9，良好 ≥ 8，合格 ≥ 6，不合格 ≥ 0"))
        #expect(run.stdout.contains("满分：10 分（未写分值的指标按1分）；不适用的指标按满分计（不适用项目不扣分）"))
        #expect(run.stdout.contains("自带指标数据：failed_enforcement_files（评查不合格行政执法案卷数，count）"))
        #expect(run.stdout.contains("加分 1：每项计分：市级以上法治建设表彰数；每个0.5分，最多1分"))
        #expect(run.stdout.contains("一、  加强党对法治政府建设的领导：本部分4分。"))
        let explain = try fazhi("explain", Self.fixture + "yangli-2024-assessment.yaml", "yl-3")
        #expect(explain.stdout.contains("要求：2分：案卷评查：评查不合格行政执法案卷数 每个扣0.5分；持证执法：未持证执法人次 每个扣0.3分，最多扣0.9分"))
        #expect(explain.stdout.contains("分值：2 分"))
        let json = try fazhi("show", Self.fixture + "yangli-2024-assessment.yaml", "--format", "json")
        #expect(json.stdout.contains("\"notApplicable\": \"full\""))
        #expect(json.stdout.contains("\"id\": \"rule_of_law_commendations\""))
    }

    @Test func evaluateShowsPointsAndTheBatchSaysHowItScores() throws {
        let run = try fazhi("evaluate", "--ruleset", Self.fixture + "yangli-2024-assessment.yaml", Self.fixture + "units-2024.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("合计：7.1 分，附加项 +1 → 8.1 分"))
        #expect(run.stdout.contains("不适用 1 项（含豁免 0 项），按满分计"))
        let json = try fazhi("evaluate", "--ruleset", Self.fixture + "yangli-2024-assessment.yaml", "--format", "json", Self.fixture + "units-2024.yaml")
        #expect(json.stdout.contains("\"possiblePoints\": 3"))
        let csv = temporaryFile("units.csv", """
            id,name,level,has_enforcement_powers,pre_meeting_law_study_sessions,failed_enforcement_files,unlicensed_enforcement_instances,court_appearance_rate,overturned_review_decisions,lost_administrative_lawsuits,rule_of_law_commendations,yl-1,yl-2,yl-6,yl-penalty-1
            jia,甲镇,township,false,2,1,4,100%,0,1,3,met,met,,unmet

            """)
        let batch = try fazhi("evaluate", "--ruleset", Self.fixture + "yangli-2024-assessment.yaml", csv)
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stderr.contains("note: the bulk scorer does not compile deduction items (yl-1, yl-3, yl-5), per-count adjustments (yl-bonus-1), notApplicable: full; each unit is scored by the general scorer (same results, slower)"))
        #expect(batch.stdout.contains("jia,甲镇,7.1,,,+1,良好"))
    }

    @Test func aPointsRulesetWithoutGradesIsRefused() throws {
        let text = try String(contentsOfFile: Self.fixture + "yangli-2024-assessment.yaml", encoding: .utf8)
            .replacingOccurrences(of: #"  grades:\n(    - .*\n)+"#, with: "", options: .regularExpression)
        let path = temporaryFile("no-grades.yaml", text)
        let run = try fazhi("validate", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):32:10: error: scoring.model: a points ruleset needs its own grades in points; expected scoring.grades"))
    }
}
