public import FazhiCore
public import FazhiYAML
import FazhiEvaluators
import Foundation

/// What every operation shares: where rulesets and the metric catalog are, and the limits on YAML
/// input. A front end makes one (the CLI from its options) and calls the operations on it; the
/// operations print nothing, read only the sources they are handed (and the rulesets), and report
/// problems as a thrown `DiagnosticList`.
///
/// The operations, one per command of the CLI:
/// - rulesets: `plan` (show), `validate`, `indicator` (explain);
/// - scoring: `evaluate` (files, in-memory sources, report drafts), `batch` (bulk, streamed to a sink);
/// - analyses: `compareUnits`, `compareRulesets`, `compareChanges`, `region`, `crosswalk`;
/// - inputs: `extract` (a report into a draft), `generate` (a synthetic region), `checkYAML`.
public struct Workspace: Sendable {
    /// The directory of rulesets; a ruleset id resolves to a file here.
    public var rulesets: String
    /// The metric catalog; nil means `metrics.yaml` in `rulesets` (for a ruleset given as a file, the
    /// one next to it when `rulesets` has none).
    public var catalog: String?
    public var limits: YAMLLimits

    public init(rulesets: String = "rulesets", catalog: String? = nil, limits: YAMLLimits = .default) {
        self.rulesets = rulesets
        self.catalog = catalog
        self.limits = limits
    }

    /// A ruleset (a file or an id) resolved after `extends` and checked.
    public func plan(_ reference: String) throws(DiagnosticList) -> EvaluationPlan {
        try loader(near: reference).load(reference)
    }

    /// The loader, or the catalog's problems. A ruleset file outside the rulesets directory may bring
    /// its catalog along (`metrics.yaml` beside it), so checking a ruleset elsewhere needs no `catalog`.
    func loader(near reference: String? = nil) throws(DiagnosticList) -> RulesetLoader {
        var catalogPath = catalog ?? rulesets + "/metrics.yaml"
        if catalog == nil, let reference, reference.hasSuffix(".yaml"), !FileManager.default.fileExists(atPath: catalogPath) {
            let sibling = (reference as NSString).deletingLastPathComponent + "/metrics.yaml"
            if FileManager.default.fileExists(atPath: sibling) { catalogPath = sibling }
        }
        let catalog = try MetricCatalog.load(path: catalogPath, limits: limits)
        return RulesetLoader(catalog: catalog, registry: FazhiEvaluators.registry(), source: RulesetFiles(directories: [rulesets], limits: limits))
    }

    /// The metric catalog on its own (what extraction reads its recognition patterns from).
    func metricCatalog() throws(DiagnosticList) -> MetricCatalog {
        try MetricCatalog.load(path: catalog ?? rulesets + "/metrics.yaml", limits: limits)
    }
}
