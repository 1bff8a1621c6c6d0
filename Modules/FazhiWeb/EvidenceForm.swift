import FazhiBase
import FazhiCore
import FazhiStore
import FazhiYAML
import Foundation

/// A campaign's items as a form: for each indicator in document order, what it asks and the inputs
/// that give its evidence (the metrics it reads, the unit's own verdict on an assessed item, the date
/// a deadline task was done). What the unit enters is written as its evidence YAML document, read
/// back by the engine's own reader (so a value it would refuse is refused here, at its field) and
/// imported through the store: the stored document stays the canonical record.
struct EvidenceForm {
    struct Item {
        var position: Int
        var id: String
        var number: String
        var title: String
        var text: String
        var requirement: String
        var deadline: String?
        var group: Int
        /// Metrics whose figure this item is the first to ask for, and the ones asked earlier.
        var metrics: [Metric]
        var sharedMetrics: [(metric: Metric, firstItem: String)]
        var verdict: Bool
        var event: Bool
    }

    let plan: EvaluationPlan
    let items: [Item]
    /// First-level groups in order: (number, title).
    let groups: [(number: String, title: String)]

    init(plan: EvaluationPlan) {
        self.plan = plan
        let empty = UnitFacts(slotCount: plan.slots.count, asOfDay: 0)
        var firstAsker: [String: String] = [:]
        var items: [Item] = []
        var topIndex: [Int: Int] = [:]
        var groups: [(String, String)] = []
        for (position, planned) in plan.indicators.enumerated() {
            var top = planned.group
            while let parent = plan.groups[top].parent { top = parent }
            if topIndex[top] == nil {
                topIndex[top] = groups.count
                groups.append((plan.groups[top].group.number ?? "", plan.groups[top].group.title))
            }
            let indicator = planned.indicator
            var ids: [String] = []
            for slot in planned.evaluator.explain(empty).slots where slot >= 0 && slot < plan.slots.count {
                if case .metric(let id) = plan.slots[slot], !ids.contains(id) { ids.append(id) }
            }
            for target in planned.evaluator.targets where !ids.contains(target.metric) && plan.slot(.metric(target.metric)) != nil {
                ids.append(target.metric)
            }
            var own: [Metric] = [], shared: [(Metric, String)] = []
            for id in ids {
                guard let metric = plan.catalog[id] else { continue }
                if let first = firstAsker[id] { shared.append((metric, first)) } else {
                    firstAsker[id] = indicator.number ?? indicator.id
                    own.append(metric)
                }
            }
            items.append(Item(position: position, id: indicator.id, number: indicator.number ?? indicator.id, title: indicator.title, text: indicator.text,
                              requirement: planned.evaluator.requirement, deadline: indicator.deadlineText, group: topIndex[top]!,
                              metrics: own, sharedMetrics: shared,
                              verdict: plan.slot(.verdict(indicator.id)) != nil, event: plan.slot(.event(indicator.id)) != nil))
        }
        self.items = items
        self.groups = groups
    }

    // MARK: Values

    /// The form's values by field name: `m:METRIC`, `v:ITEM` (the unit's own verdict), `vn:ITEM` (its
    /// note), `e:ITEM` (the date done).
    typealias Values = [String: String]

    /// The values a stored evidence document gives (to fill the form in again).
    func values(of evidence: UnitEvidence) -> Values {
        var values: Values = [:]
        for (slot, key) in plan.slots.enumerated() where evidence.facts.has(slot) {
            let raw = evidence.facts[slot]
            switch key {
            case .metric(let id):
                guard let metric = plan.catalog[id] else { continue }
                let value = FixedPoint(raw: raw)
                switch metric.unit {
                case .percent: values["m:\(id)"] = String(value.percentText.dropLast())
                case .boolean: values["m:\(id)"] = value == .zero ? "false" : "true"
                default: values["m:\(id)"] = value.description
                }
            case .verdict(let id):
                values["v:\(id)"] = Verdict(rawValue: raw).map { "\($0)" } ?? ""
                if let note = evidence.sources[slot]?.note { values["vn:\(id)"] = note }
            case .event(let id):
                values["e:\(id)"] = CalendarDate(daysSinceEpoch: Int(raw)).description
            case .attribute:
                continue
            }
        }
        return values
    }

    /// The form's own fields out of a posted form (anything else is ignored).
    func values(of form: Form) -> Values {
        var values: Values = [:]
        for item in items {
            for metric in item.metrics { values["m:\(metric.id)"] = form["m:\(metric.id)"]?.trimmingCharacters(in: .whitespacesAndNewlines) }
            if item.verdict {
                values["v:\(item.id)"] = form["v:\(item.id)"]
                values["vn:\(item.id)"] = form["vn:\(item.id)"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if item.event { values["e:\(item.id)"] = form["e:\(item.id)"]?.trimmingCharacters(in: .whitespaces) }
        }
        return values.filter { !$0.value.isEmpty }
    }

    // MARK: The document

    /// The unit's evidence document for these values, and what each of its lines is (for errors).
    func document(unit: StoredUnit, year: Int, values: Values, header: String) -> (text: String, lines: [Int: String]) {
        var out: [String] = ["# \(header.replacingOccurrences(of: "\n", with: " "))", "fazhi: 1", "unit:",
                             "  id: \(yaml(unit.id))", "  name: \(yaml(unit.name))"]
        if let level = unit.level { out.append("  level: \(yaml(level))") }
        if let parent = unit.parentName ?? unit.parentID { out.append("  parent: \(yaml(parent))") }
        if !unit.attributes.isEmpty {
            out.append("  attributes:")
            for (key, value) in unit.attributes.sorted(by: { $0.key < $1.key }) { out.append("    \(yaml(key)): \(scalar(value))") }
        }
        out.append("period: \(year)")
        var lines: [Int: String] = [:]
        var facts: [String] = [], verdicts: [String] = [], events: [String] = []
        var factLines: [String] = [], verdictLines: [String] = [], eventLines: [String] = []
        for item in items {
            for metric in item.metrics {
                guard var value = values["m:\(metric.id)"] else { continue }
                // A rate is typed in per cent, as the field's label says: "95" is 95%, "0.5" is 0.5%.
                if metric.unit == .percent, !value.hasSuffix("%"), !value.hasSuffix("％"), Double(value) != nil { value += "%" }
                facts.append("  \(metric.id): \(scalar(value))")
                factLines.append("\(item.number) \(metric.name)")
            }
            if item.verdict, let verdict = values["v:\(item.id)"] {
                var fields = ["verdict: \(scalar(verdict))", "by: \(yaml(unit.name))"]
                if let note = values["vn:\(item.id)"] { fields.append("note: \(yaml(note))") }
                verdicts.append("    \(yaml(item.id)): { \(fields.joined(separator: ", ")) }")
                verdictLines.append("\(item.number) 自评")
            }
            if item.event, let date = values["e:\(item.id)"] {
                events.append("    \(yaml(item.id)): { done: \(scalar(date)) }")
                eventLines.append("\(item.number) 完成日期")
            }
        }
        func section(_ title: String, _ entries: [String], _ labels: [String], ruleset: Bool) {
            guard !entries.isEmpty else { return }
            out.append(title)
            if ruleset { out.append("  \(yaml(plan.ruleset.id)):") }
            for (entry, label) in zip(entries, labels) {
                out.append(entry)
                lines[out.count] = label
            }
        }
        section("facts:", facts, factLines, ruleset: false)
        section("verdicts:", verdicts, verdictLines, ruleset: true)
        section("events:", events, eventLines, ruleset: true)
        return (out.joined(separator: "\n") + "\n", lines)
    }

    /// Reads a document back with the engine's reader: the evidence, or every problem named by the
    /// field it came from.
    func read(_ text: String, name: String, asOf: CalendarDate?) -> UnitEvidence? {
        guard let document = try? YAMLParser.singleDocument(in: SourceFile(name: name, text: text)) else { return nil }
        return try? EvidenceReader(plan: plan, asOf: asOf).read(document)
    }

    func problems(_ text: String, lines: [Int: String], asOf: CalendarDate?) -> [String] {
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        var diagnostics: [Diagnostic] = []
        do throws(Diagnostic) {
            let document = try YAMLParser.singleDocument(in: SourceFile(name: "form", text: text))
            do throws(DiagnosticList) { _ = try reader.read(document) } catch { diagnostics = error.diagnostics }
        } catch {
            diagnostics = [error]
        }
        return diagnostics.filter { $0.severity == .error }.map { d in
            let line = d.location.map { Int($0.start.line) }
            return (line.flatMap { lines[$0] }.map { "\($0)：" } ?? "") + d.message
        }
    }

    /// A YAML double-quoted string (every text a user typed is written so, never as a plain scalar).
    func yaml(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A value as a plain scalar when it is a simple number, rate, date or word (so the reader types it
    /// as it types a hand-written file), else quoted.
    func scalar(_ s: String) -> String {
        let plain = s.range(of: #"^[0-9A-Za-z_.%+\-]{1,40}$"#, options: .regularExpression) != nil
        return plain ? s : yaml(s)
    }
}
