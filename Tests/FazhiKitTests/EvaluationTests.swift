import FazhiKit
import Foundation
import Testing

/// Scoring units' evidence, as `fazhi evaluate` does for files and reports.
struct EvaluationTests {
    static let plan = Result { try workspace.plan("ningxia-2023-eight-actions") }

    @Test func ningchengUnderNingxia() throws {
        let plan = try Self.plan.get()
        let evaluation = try workspace.evaluate(plan, evidence: [example("ningcheng-2023.yaml")])
        let result = try #require(evaluation.results.first)
        #expect(evaluation.results.count == 1)
        #expect(result.unit.id == "ningcheng")
        #expect(result.grade == "不达标")
        #expect(result.indicators.count == plan.indicators.count)
        #expect(result.tally.total == plan.indicators.count)
    }

    /// Evidence held in memory (a store's row, an upload) scores as the same file would.
    @Test func inMemoryEvidenceScoresAsTheFile() throws {
        let plan = try Self.plan.get()
        let path = root + "/examples/ningcheng-2023.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fromFile = try workspace.evaluate(plan, evidence: [.file(path)])
        let fromMemory = try workspace.evaluate(plan, evidence: [.source(SourceFile(name: path, text: text))])
        #expect(fromMemory.records == fromFile.records)
        #expect(fromMemory.results[0].score == fromFile.results[0].score)
    }

    /// The flat records: one per indicator per unit, with ids and a stable outcome word.
    @Test func recordsHaveStableKeys() throws {
        let plan = try Self.plan.get()
        let evaluation = try workspace.evaluate(plan, evidence: [example("ningcheng-2023.yaml")])
        let records = evaluation.records
        #expect(records.count == plan.indicators.count)
        #expect(Set(records.map(\.unitID)) == ["ningcheng"])
        #expect(Set(records.map(\.rulesetID)) == [plan.ruleset.id])
        #expect(records.map(\.indicatorID) == plan.indicators.map(\.indicator.id))
        let words: Set<String> = ["met", "partial", "unmet", "notApplicable", "noEvidence", "error"]
        #expect(records.allSatisfy { words.contains($0.outcome) && !$0.reason.isEmpty })
        #expect(records.filter { $0.outcome == "met" }.count == evaluation.results[0].tally.met)
    }

    /// Every record carries a reason code from the documented list, consistent with its outcome.
    @Test func recordsHaveReasonCodes() throws {
        let plan = try Self.plan.get()
        let records = try workspace.evaluate(plan, evidence: [example("ningcheng-2023.yaml")]).records
        let documented: Set<String> = [
            "met", "partial", "unmet", "not_applicable", "no_evidence", "error", "missing_fact", "invalid_evidence",
            "target_met", "target_missed", "zero_denominator", "no_incident", "incident_occurred", "done_on_time",
            "done_late", "not_yet_due", "overdue", "verdict_met", "verdict_partial", "verdict_unmet", "verdict_missing",
            "verdict_invalid", "expression_true", "expression_false", "exempted", "attribute_missing",
        ]
        #expect(records.allSatisfy { documented.contains($0.reasonCode) }, "\(Set(records.map(\.reasonCode)).subtracting(documented))")
        let metCodes: Set<String> = ["met", "target_met", "no_incident", "done_on_time", "verdict_met", "expression_true"]
        #expect(records.filter { $0.outcome == "met" }.allSatisfy { metCodes.contains($0.reasonCode) })
        #expect(records.filter { $0.reasonCode == "verdict_missing" || $0.reasonCode == "missing_fact" }.allSatisfy { $0.outcome == "noEvidence" })
        // The example has verdicts and figures: both kinds of code occur.
        #expect(records.contains { $0.reasonCode.hasPrefix("verdict_") })
        #expect(records.contains { $0.reasonCode.hasPrefix("target_") })
    }

    /// All problems of all sources come back together, each at file:line:col.
    @Test func problemsInEverySourceAreLocated() throws {
        let plan = try Self.plan.get()
        let metric = corpus("evidence-unknown-metric.yaml"), key = corpus("evidence-unknown-key.yaml")
        let found = problems { () throws(DiagnosticList) in
            try workspace.evaluate(plan, evidence: [.file(metric), example("ningcheng-2023.yaml"), .file(key)])
        }
        #expect(found.first?.location?.description == metric + ":4:10")
        #expect(found.first?.hint == "did you mean \"court_appearance_rate\" (行政机关负责人出庭应诉率)?")
        #expect(found.contains { $0.location?.file == key })
        #expect(found.allSatisfy { $0.location != nil })
    }

    @Test func asOfOverridesTheEvidenceDate() throws {
        let plan = try Self.plan.get()
        let date = try CalendarDate.parse("2023-06-30").get()
        let evaluation = try workspace.evaluate(plan, evidence: [example("ningcheng-2023.yaml")], asOf: date)
        #expect(evaluation.results[0].asOf == date)
    }

    /// A narrative report is extracted into a draft, and the draft is evaluated like an evidence file.
    @Test func reportEvaluatesThroughItsDraft() throws {
        let plan = try Self.plan.get()
        let report = root + "/Tests/FazhiExtractTests/Fixtures/ningcheng-2023.txt"
        let draft = try workspace.extract(.file(report), unitID: "ningcheng", unitName: "宁城县", unitLevel: "county")
        #expect(!draft.extraction.facts.isEmpty)
        #expect(draft.unitID == "ningcheng")
        let evaluation = try workspace.evaluate(plan, evidence: [], reports: [draft])
        #expect(evaluation.fromReports == ["ningcheng"])
        #expect(evaluation.results[0].tally.met > 0)
    }

    /// A report's unit may not repeat a unit already read from a file.
    @Test func reportUnitMustBeNew() throws {
        let plan = try Self.plan.get()
        let report = root + "/Tests/FazhiExtractTests/Fixtures/ningcheng-2023.txt"
        let draft = try workspace.extract(.file(report), unitID: "ningcheng")
        let found = problems { () throws(DiagnosticList) in
            try workspace.evaluate(plan, evidence: [example("ningcheng-2023.yaml")], reports: [draft])
        }
        #expect(found.map(\.message) == ["\(report): unit id \"ningcheng\" is already used; give --unit-id"])
    }

    @Test func unreadableReportIsAProblem() {
        let found = problems { () throws(DiagnosticList) in try workspace.extract(.file(root + "/no-such-report.txt")) }
        #expect(found.first?.message.hasPrefix("cannot read") == true)
    }
}
