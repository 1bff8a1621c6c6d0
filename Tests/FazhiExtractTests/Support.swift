import FazhiYAML
import FazhiCore
@testable import FazhiExtract
import FazhiBase
import Foundation
import Testing

/// The repository root, found from this file (Tests/FazhiExtractTests/Support.swift).
let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let fixtures = root + "/Tests/FazhiExtractTests/Fixtures"

/// The bundled metric catalog, with its recognition patterns.
let catalog: MetricCatalog = {
    do { return try MetricCatalog.load(path: root + "/rulesets/metrics.yaml") } catch {
        fatalError("rulesets/metrics.yaml: \(error)")
    }
}()

let extractor = Extractor(catalog: catalog)

/// Extracts from text given inline (line 1 is the first line).
func extract(_ text: String) -> Extraction {
    extractor.extract(NarrativeReport(name: "test.txt", text: text))
}

/// "metric=value@line" for each fact, sorted: the shape the tests pin.
func pins(_ extraction: Extraction) -> [String] {
    extraction.facts.map { "\($0.metric.id)=\($0.valueText)@\($0.line)" }.sorted()
}

/// The figures of the first sentence of `text`, each as "VALUE COUNTER role …".
func figures(_ text: String) -> [String] {
    let sentences = SentenceSplitter.sentences(NarrativeReport(name: "t", text: text))
    return sentences.flatMap { FigureScanner.figures(in: $0) }.map(describe)
}

func describe(_ f: Figure) -> String {
    var parts = [f.isPercent ? FixedPoint(raw: f.raw).percentText : FixedPoint(raw: f.raw).description]
    if let counter = f.counter { parts.append(counter) }
    if f.role != .figure { parts.append(f.role.rawValue) }
    if let bound = f.bound { parts.append(bound.rawValue) }
    if f.approximate { parts.append("approx") }
    if f.perYear > 1 { parts.append("×\(f.perYear)") }
    if f.chinese { parts.append("汉") }
    return parts.joined(separator: " ")
}
