import FazhiCore
import FazhiYAML
import FazhiEvaluators
import FazhiTestSupport
import FazhiBase
import Foundation
import Testing

/// The examples in docs/ are real: they load, and evaluate to what the docs say.
struct DocumentationTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The first ```yaml block of a doc that starts with `fazhi: 1`.
    func example(_ doc: String) throws -> String {
        let text = try String(contentsOfFile: Self.root + "/docs/" + doc, encoding: .utf8)
        for block in text.components(separatedBy: "```yaml\n").dropFirst() {
            let body = block.components(separatedBy: "```")[0]
            if body.hasPrefix("fazhi: 1") { return body }
        }
        Issue.record("\(doc) has no complete example")
        return ""
    }

    @Test func theSmallExampleEvaluatesAsDocumented() throws {
        let w = Workspace()
        w.write("example-county-2023.yaml", try example("ruleset-format.md"))
        let catalog = try MetricCatalog.load(path: Self.root + "/rulesets/metrics.yaml")
        let loader = RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [w.directory]))
        let plan = try loader.load(w.directory + "/example-county-2023.yaml")
        #expect(plan.indicators.map(\.indicator.id) == ["ex-1", "ex-2", "ex-3", "ex-4"])
        let evidence = w.write("evidence.yaml", try example("evidence-format.md"))
        let units = try EvidenceReader(plan: plan).read(path: evidence)
        let result = Scorer(plan: plan).evaluate(units[0])
        #expect(result.indicators.map(\.outcome.state) == [.unmet, .met, .met, .met])
        #expect(result.indicators[0].reason.contains("95% < 100%"))
        #expect(result.ratioText == "3/4")
        #expect(result.grade == "达标")
        #expect(result.invented)
    }
}

struct RegistryTests {
    @Test func everyShippedKindIsRegisteredOnce() throws {
        let registry = try EvaluatorRegistry(FazhiEvaluators.all)
        #expect(registry.kinds.count == FazhiEvaluators.all.count)
        #expect(Set(registry.kinds).isSuperset(of: ["rate_at_least", "count_at_least", "duration_at_most", "ratio_at_least", "assessed",
                                                   "done_by", "published_within", "no_incident", "all_of", "any_of", "weighted_score", "expression"]))
    }

    @Test func aKindListedTwiceIsAnError() {
        #expect(throws: EvaluatorRegistry.DuplicateKind.self) {
            try EvaluatorRegistry(FazhiEvaluators.all + [FazhiEvaluators.all[0]])
        }
    }
}
