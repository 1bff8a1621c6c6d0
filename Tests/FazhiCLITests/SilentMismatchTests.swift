import Foundation
import Testing

/// Issues 19 and 20, "silent mismatches": a unit that lacks an attribute its ruleset's `appliesTo` reads
/// is not graded (未评定, saying which attribute), never given the lowest band; evidence for a year
/// the ruleset does not cover is scored with a located warning.
struct SilentMismatchTests {
    static let ruleset = "xixia-2020-leadership-assessment"

    /// The first unit of the bundled leadership example without its attributes.
    static let withoutAttributes = """
        fazhi: 1
        unit: { id: xx-a, name: 解放街道, level: township }
        period: 2020
        facts:
          half_year_democratic_evaluation_score: 96
          democratic_evaluation_score: 96
        """

    @Test func aUnitWithoutAnAttributeItsRulesetReadsIsNotGraded() throws {
        let run = try fazhi("evaluate", "--ruleset", Self.ruleset, temporaryFile("a.yaml", Self.withoutAttributes))
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("等级：未评定"))
        #expect(lines.contains("距下一等级：未评定：先补充所缺的单位属性"))
        #expect(!run.stdout.contains("等级：较差"))
        #expect(lines.contains { $0.hasPrefix("提示：未评定：缺少单位属性 position（team/principal/deputy）、in_performance_assessment（true/false）") })
        // --fail-below: a unit without a grade is below any grade.
        #expect(try fazhi("evaluate", "--ruleset", Self.ruleset, "--fail-below", "较差", temporaryFile("a.yaml", Self.withoutAttributes)).status == 1)
        // Given the attributes, the same unit is graded.
        let given = Self.withoutAttributes.replacingOccurrences(of: "level: township }", with: "level: township, attributes: { position: team, in_performance_assessment: true } }")
        let graded = try fazhi("evaluate", "--ruleset", Self.ruleset, temporaryFile("b.yaml", given))
        #expect(graded.status == 0)
        #expect(!graded.stdout.contains("未评定"))
    }

    /// The bulk path decides it as the general scorer does, row by row, and the summary says why.
    @Test func aBatchRowWithoutTheAttributeIsNotGradedEither() throws {
        let csv = temporaryFile("lead.csv", """
            id,name,level,position,in_performance_assessment,democratic_evaluation_score
            a,甲班子,township,team,是,96
            b,乙班子,township,,是,96
            c,丙班子,township,team,,96

            """)
        let run = try fazhi("evaluate", "--ruleset", Self.ruleset, csv, "--format", "jsonl")
        #expect(run.status == 0)
        let grades = run.stdout.split(separator: "\n").map { line -> String in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return "\(object?["unit"] ?? "?")=\(object?["grade"] ?? "?")"
        }
        #expect(grades.count == 3)
        #expect(!grades[0].hasSuffix("=未评定"))
        #expect(grades[1] == "b=未评定")
        #expect(grades[2] == "c=未评定")
        #expect(run.stderr.contains("未评定：2 个单位缺少单位属性（本规则集的 appliesTo 读取 position、in_performance_assessment）"))
    }

    @Test func evidenceOfAnotherYearIsScoredWithAWarning() throws {
        let text = Self.withoutAttributes.replacingOccurrences(of: "period: 2020", with: "period: 2019")
        let path = temporaryFile("old.yaml", text)
        let table = try fazhi("evaluate", "--ruleset", Self.ruleset, path)
        #expect(table.stdout.contains("提示：佐证年度 2019 不在规则集 xixia-2020-leadership-assessment 的适用期间（2020年）内"))
        // Written as JSON, the warning is on standard error, located at the `period:` line.
        let json = try fazhi("evaluate", "--ruleset", Self.ruleset, path, "--format", "json")
        #expect(json.status == 0)
        #expect(json.stderr.contains("old.yaml:3:9: warning: 佐证年度 2019 不在规则集"))
        // Within the period: no warning.
        let current = try fazhi("evaluate", "--ruleset", Self.ruleset, temporaryFile("now.yaml", Self.withoutAttributes), "--format", "json")
        #expect(!current.stderr.contains("佐证年度"))
    }

    /// An item outside a unit's attributes says so in words (yes/no attributes as 是/否, levels in Chinese).
    @Test func notApplicableReadsInWords() throws {
        let run = try fazhi("evaluate", "--ruleset", "xixia-2020-demonstration", "examples/ningcheng-2023.yaml", "--format", "json")
        #expect(run.stdout.contains("\"reason\" : \"不适用：仅适用于has_legislative_power为是的单位\"") || run.stdout.contains("\"reason\": \"不适用：仅适用于has_legislative_power为是的单位\""))
        #expect(!run.stdout.contains("has_legislative_power = true"))
    }
}
