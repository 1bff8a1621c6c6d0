import FazhiYAML
import FazhiCore
import FazhiEvaluators
import FazhiTestSupport
import FazhiBase
import Foundation

/// A temporary directory of hand-made rulesets and evidence, loaded against the evaluator examples'
/// metric catalog.
final class Scratch: TemporaryFolder {
    init() { super.init(prefix: "fazhi-analysis") }

    func plan(_ name: String, _ text: String) throws -> EvaluationPlan {
        try loader().load(write(name, text))
    }

    /// Every unit of a (multi-document) evidence text, read and scored.
    func score(_ plan: EvaluationPlan, _ evidence: String) throws -> (evidence: [UnitEvidence], results: [UnitResult]) {
        let path = write("evidence-\(UUID().uuidString).yaml", evidence)
        let units = try EvidenceReader(plan: plan).read(path: path)
        let scorer = Scorer(plan: plan)
        return (units, units.map(scorer.evaluate))
    }
}

/// The ruleset most tests use: two groups, a-1…a-4 and b-1…b-6, all assessed (10 indicators, default
/// grades 示范 ≥90%, 达标 ≥60%). a-1 is led by 甲局, a-2 by 甲局 and 乙局.
func tenIndicators(id: String = "ten", scoring: String = "", extra: String = "") -> String {
    """
    fazhi: 1
    id: \(id)
    title: 十项测试指标
    jurisdiction: { name: 测试市, level: city }
    issuer: 测试市人民政府
    period: 2023
    source: { file: test.txt }
    \(scoring)
    \(extra)
    groups:
      - id: g1
        number: 一
        title: 第一组
        indicators:
          - { id: a-1, number: "1", title: 甲一, text: 任务甲一, kind: assessed, lead: [甲局] }
          - { id: a-2, number: "2", title: 甲二, text: 任务甲二, kind: assessed, lead: [甲局, 乙局] }
          - { id: a-3, number: "3", title: 甲三, text: 任务甲三, kind: assessed }
          - { id: a-4, number: "4", title: 甲四, text: 任务甲四, kind: assessed }
      - id: g2
        number: 二
        title: 第二组
        indicators:
          - { id: b-1, number: "5", title: 乙一, text: 任务乙一, kind: assessed }
          - { id: b-2, number: "6", title: 乙二, text: 任务乙二, kind: assessed }
          - { id: b-3, number: "7", title: 乙三, text: 任务乙三, kind: assessed }
          - { id: b-4, number: "8", title: 乙四, text: 任务乙四, kind: assessed }
          - { id: b-5, number: "9", title: 乙五, text: 任务乙五, kind: assessed }
          - { id: b-6, number: "10", title: 乙六, text: 任务乙六, kind: assessed }
    """
}

let allTen = ["a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3", "b-4", "b-5", "b-6"]

/// One unit's evidence document: verdicts as given (indicators left out have no evidence).
func unit(_ id: String, _ name: String, level: String = "county", period: Int = 2023, verdicts: [String: String], extra: String = "") -> String {
    var out = "---\nfazhi: 1\nunit: { id: \(id), name: \(name), level: \(level) }\nperiod: \(period)\n"
    out += "verdicts:\n" + allTen.compactMap { v in verdicts[v].map { "  \(v): \($0)\n" } }.joined()
    return out + extra
}

/// Verdicts: the listed indicators met, every other one unmet.
func met(_ ids: [String]) -> [String: String] {
    Dictionary(uniqueKeysWithValues: allTen.map { ($0, ids.contains($0) ? "met" : "unmet") })
}
