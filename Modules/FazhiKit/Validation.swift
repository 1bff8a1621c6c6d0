public import FazhiCore
import FazhiYAML
import FazhiExtract
import FazhiBase
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
        var numbered = plan.indicators.filter { $0.indicator.number == key }
        // The number as printed in any common form: 74, (74), （74）, 74., 七十四, 第七十四条.
        if numbered.isEmpty, let n = Self.printedNumber(key) {
            numbered = plan.indicators.filter { $0.indicator.number.flatMap(Self.printedNumber) == n }
        }
        if numbered.count == 1 { return numbered[0] }
        func label(_ p: PlannedIndicator) -> String { "\(p.indicator.id) (\(p.indicator.number.map { "\($0) " } ?? "")\(p.indicator.title))" }
        if numbered.count > 1 {
            // A number printed twice (each section numbering from 1, or a misprint): never silently the first.
            throw DiagnosticList([.error("ruleset \(plan.ruleset.id) prints the number \"\(key)\" on \(numbered.count) indicators: \(numbered.map(label).joined(separator: ", ")); give one of their ids", at: nil)])
        }
        // Candidates by id, printed number and the number's value.
        let keys = plan.indicators.flatMap { p in
            [(p.indicator.id, p)] + [p.indicator.number, p.indicator.number.flatMap(Self.printedNumber).map(String.init)].compactMap { $0.map { ($0, p) } }
        }
        let byKey = Dictionary(keys) { a, _ in a }
        let close = Suggest.nearest(to: Self.printedNumber(key).map(String.init) ?? key, among: keys.map(\.0))
        var seen: Set<String> = []
        let candidates = close.compactMap { byKey[$0] }.filter { seen.insert($0.indicator.id).inserted }
        let hint = candidates.isEmpty ? "; `fazhi show \(plan.ruleset.id)` lists its indicators"
                                      : "; did you mean \(candidates.map(label).joined(separator: ", "))?"
        throw DiagnosticList([.error("ruleset \(plan.ruleset.id) has no indicator \"\(key)\" (by id or printed number)\(hint)", at: nil)])
    }

    /// A printed number reduced to its value: "74", "(74)", "（74）", "74.", "７４", "七十四", "第七十四条" → 74;
    /// nil for anything else (an id, "附件3（六）").
    static func printedNumber(_ text: String) -> Int? {
        var scalars = Array(text.unicodeScalars).filter { !$0.properties.isWhitespace }
        let brackets: Set<Unicode.Scalar> = ["(", ")", "（", "）", "、", ".", "．", "。"]
        scalars.removeAll { brackets.contains($0) }
        if scalars.first == "第" { scalars.removeFirst() }
        if let last = scalars.last, last == "条" || last == "项" { scalars.removeLast() }
        guard !scalars.isEmpty, scalars.count <= 9 else { return nil }
        // Full-width digits as ASCII.
        let digits = scalars.map { (0xFF10...0xFF19).contains($0.value) ? Unicode.Scalar($0.value - 0xFF10 + 0x30)! : $0 }
        if digits.allSatisfy({ ("0"..."9").contains($0) }) { return Int(String(String.UnicodeScalarView(digits))) }
        guard let value = ChineseNumeral.value(digits[...]), value % 1_000_000 == 0 else { return nil }
        return Int(value / 1_000_000)
    }
}
