public import FazhiCore
import FazhiYAML
import Foundation

/// What checking one file found. A file's own problems are a value, not a throw, so that a front end
/// checking many files reports every file's problems in one run.
public enum Validation: Sendable {
    /// A metric catalog (a file named `metrics.yaml`) with no problems.
    case catalog(MetricCatalog)
    /// A ruleset with no problems, resolved.
    case ruleset(EvaluationPlan)
    case catalogProblems(DiagnosticList)
    case rulesetProblems(DiagnosticList)
}

extension Workspace {
    /// What a ruleset file sent over the network may not do that one on disk may: name its parent by
    /// a path (`extends: ../x.yaml`, `/etc/…`), which would make the server read a file of the caller's
    /// choosing. Its parent must be an id on the search path. Also its YAML problems, located.
    public func uploadProblems(_ file: SourceFile) -> [Diagnostic] {
        let root: NodeValue
        do { root = try YAMLParser.singleDocument(in: file, limits: limits).value } catch { return [error] }
        guard let extends = root["extends"], !extends.isNull, let name = try? extends.text() else { return [] }
        if name.contains("/") || name.contains("\\") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return [extends.error("\"\(name)\" is a file path; an uploaded ruleset extends a ruleset by its id (one of: \(knownRulesets().map(\.id).joined(separator: ", ")))")]
        }
        return []
    }

    /// Checks a ruleset (a file or an id), or a metric catalog when the name ends in `metrics.yaml`.
    /// Throws only when the catalog a ruleset needs has problems: then no ruleset can be checked.
    public func validate(_ reference: String) throws(DiagnosticList) -> Validation {
        if reference.hasSuffix("metrics.yaml") {
            do { return .catalog(try MetricCatalog.load(path: reference, limits: limits)) } catch { return .catalogProblems(error) }
        }
        let file: String
        do { file = try locate(reference) } catch { return .rulesetProblems(error) }
        do {
            _ = try catalogPath(near: file)
        } catch {
            // No catalog anywhere: `plan` loads a ruleset that declares its own metrics without one.
            do { return .ruleset(try plan(reference)) } catch { return .rulesetProblems(error) }
        }
        let loader = try loader(for: file)
        do { return .ruleset(try loader.load(reference)) } catch { return .rulesetProblems(error) }
    }

    /// What a sound ruleset may still get wrong: one printed number on several indicators of the same
    /// group (a misprint, or paragraphs without a number of their own), which `explain R N` then refuses.
    /// Numbering that starts again in each section (（一） in every part) is the document's own and not
    /// warned of. One warning per number and group, at its first indicator, naming the others.
    public func warnings(_ plan: EvaluationPlan) -> [Diagnostic] {
        struct Key: Hashable { var group: Int; var number: String }
        var order: [Key] = []
        var byKey: [Key: [PlannedIndicator]] = [:]
        for planned in plan.indicators {
            guard let number = planned.indicator.number, !number.isEmpty else { continue }
            let key = Key(group: planned.group, number: number)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(planned)
        }
        return order.compactMap { key in
            guard let all = byKey[key], all.count > 1 else { return nil }
            let ids = all.map(\.indicator.id)
            return Diagnostic(.warning, "the number \"\(key.number)\" is printed on \(all.count) indicators of one group (\(ids.joined(separator: ", "))); `explain \(plan.ruleset.id) \(key.number)` cannot tell them apart",
                              at: all[0].indicator.location,
                              hint: "where the document prints it so, keep it and refer to them by id; otherwise correct the misprint")
        }
    }

    /// One indicator of a plan by id or by its printed number ("1.1"), or a problem with the closest id.
    public func indicator(_ key: String, of plan: EvaluationPlan) throws(DiagnosticList) -> PlannedIndicator {
        if let planned = plan.planned(key) { return planned }
        let numbered = plan.indicators.filter { $0.indicator.number == key }
        if numbered.count == 1 { return numbered[0] }
        if numbered.count > 1 {
            // A number printed twice (each section numbering from 1, or a misprint): never silently the first.
            throw DiagnosticList([.error("ruleset \(plan.ruleset.id) prints the number \"\(key)\" on \(numbered.count) indicators (\(numbered.map(\.indicator.id).joined(separator: ", "))); expected one of their ids", at: nil)])
        }
        let hint = Suggest.closest(to: key, among: plan.indicators.map(\.indicator.id)).map { "; did you mean \"\($0)\"?" } ?? ""
        throw DiagnosticList([.error("ruleset \(plan.ruleset.id) has no indicator \"\(key)\"\(hint)", at: nil)])
    }
}
