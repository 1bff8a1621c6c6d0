import FazhiCore
@testable import FazhiExtract
import FazhiBase
import FazhiYAML
import Foundation
import Testing

/// Precision and recall over reports written for testing, each with a hand-made label file
/// (Fixtures/labelled/*.labels.yaml): a fact is right when its metric, value and line are all labelled.
/// A wrong figure is worse than a missing one, so precision must stay at 95% or above.
struct LabelledSetTests {
    struct Score {
        var right = 0, wrong = 0, missed = 0
        var precision: Double { right + wrong == 0 ? 1 : Double(right) / Double(right + wrong) }
        var recall: Double { right + missed == 0 ? 1 : Double(right) / Double(right + missed) }
    }

    static let directory = fixtures + "/labelled"

    static var labelFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".labels.yaml") }.sorted()
    }

    /// The report a label file names, and its labels as "metric=value@line".
    static func labels(_ file: String) throws -> (report: String, facts: Set<String>) {
        let document = try YAMLParser.singleDocument(in: try SourceFile(contentsOfFile: directory + "/" + file))
        let root = document.value
        let report = try root.required("report", "the report file").text()
        var facts = Set<String>()
        for item in try root.required("facts", "the labelled facts").list() {
            let metric = try item.required("metric", "a metric id").text()
            guard let unit = catalog[metric]?.unit else {
                Issue.record("\(file): unknown metric \(metric)")
                continue
            }
            let valueNode = try item.required("value", "the value")
            let value = unit == .percent ? try valueNode.rate().percentText : try valueNode.number().description
            facts.insert("\(metric)=\(value)@\(try item.required("line", "the line").int())")
        }
        return (report, facts)
    }

    static func score(_ file: String) throws -> (Score, [String]) {
        let (report, labelled) = try labels(file)
        let extraction = extractor.extract(try NarrativeReport(contentsOfFile: directory + "/" + report))
        let found = Set(pins(extraction))
        var score = Score()
        score.right = found.intersection(labelled).count
        score.wrong = found.subtracting(labelled).count
        score.missed = labelled.subtracting(found).count
        let details = found.subtracting(labelled).sorted().map { "wrong \($0)" } + labelled.subtracting(found).sorted().map { "missed \($0)" }
        return (score, details)
    }

    @Test func atLeastThreeLabelledReports() {
        #expect(Self.labelFiles.count >= 3)
    }

    @Test func precisionAndRecall() throws {
        var total = Score()
        for file in Self.labelFiles {
            let (score, details) = try Self.score(file)
            print("extract \(file): \(score.right) right, \(score.wrong) wrong, \(score.missed) missed \(details)")
            total.right += score.right
            total.wrong += score.wrong
            total.missed += score.missed
        }
        let p = (total.precision * 1000).rounded() / 10, r = (total.recall * 1000).rounded() / 10
        print("extract labelled set: precision \(total.right)/\(total.right + total.wrong) = \(p)%, recall \(total.right)/\(total.right + total.missed) = \(r)%")
        #expect(total.precision >= 0.95, "precision \(p)%")
        #expect(total.recall >= 0.9, "recall \(r)%")
    }

    @Test(arguments: labelFiles)
    func eachReportIsPrecise(_ file: String) throws {
        let (score, details) = try Self.score(file)
        #expect(score.precision >= 0.95, "\(file): \(details)")
    }
}
