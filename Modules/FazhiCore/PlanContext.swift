package import FazhiBase

/// What a value slot holds.
package enum SlotKey: Sendable, Hashable, CustomStringConvertible {
    /// A fact: the value of a metric.
    case metric(String)
    /// An assessor's verdict on an indicator.
    case verdict(String)
    /// The date an indicator's task was done.
    case event(String)
    /// A unit attribute used by `appliesTo` (values interned to codes).
    case attribute(String)

    package var description: String {
        switch self {
        case .metric(let id): id
        case .verdict(let id): "verdict:\(id)"
        case .event(let id): "event:\(id)"
        case .attribute(let name): "attribute:\(name)"
        }
    }
}

/// A metric resolved at load time: its definition and the slot its value lives in.
package struct MetricBinding: Sendable {
    package var metric: Metric
    package var slot: Int
}

/// The state shared while a ruleset is compiled: the catalog, the evaluator registry, the slot layout
/// and the problems found so far. Evaluators receive it in `init(parameters:context:)`.
package final class PlanContext {
    package let catalog: MetricCatalog
    package let registry: EvaluatorRegistry
    package private(set) var diagnostics: [Diagnostic] = []
    package private(set) var slots: [SlotKey] = []
    private var slotIndex: [SlotKey: Int] = [:]

    /// The indicator being compiled: its id (verdicts and events are keyed by it) and deadline.
    package var indicatorID: String = ""
    package var indicatorDeadline: CalendarDate?
    /// How reasons name the indicator to a user: "第4项：提高…参与度", "(74) 执行…", or its title.
    package var indicatorLabel: String = ""

    /// "第4项：title" for a plain number, "(74) title" for another printed number, the title alone else.
    package static func label(number: String?, title: String) -> String {
        guard let number, !number.isEmpty else { return title }
        return number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber) ? "第\(number)项：\(title)" : "\(number) \(title)"
    }
    /// What the check being built decides: an indicator, an adjustment or a veto.
    package enum Role: Sendable { case indicator, adjustment, veto }
    package var role: Role = .indicator
    /// How deep the check being built is: 1 for an indicator's own check, 2 inside its `of:`, …
    package private(set) var depth = 0

    package init(catalog: MetricCatalog, registry: EvaluatorRegistry) {
        self.catalog = catalog
        self.registry = registry
    }

    package func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    package func report(_ list: [Diagnostic]) { diagnostics += list }

    /// The slot for a key, allocated on first use.
    package func slot(for key: SlotKey) -> Int {
        if let i = slotIndex[key] { return i }
        slotIndex[key] = slots.count
        slots.append(key)
        return slots.count - 1
    }

    package func existingSlot(for key: SlotKey) -> Int? { slotIndex[key] }

    /// For each attribute an `appliesTo` reads: value → code (0 is "any other value"), by first use.
    package private(set) var attributeCodes: [String: [String: Int64]] = [:]

    /// The code of an attribute's value, interned on first use.
    package func attributeCode(_ attribute: String, _ value: String) -> Int64 {
        var table = attributeCodes[attribute] ?? [:]
        if let c = table[value] { return c }
        let c = Int64(table.count + 1)
        table[value] = c
        attributeCodes[attribute] = table
        return c
    }

    /// The slot of the current indicator's assessor verdict.
    package func verdictSlot() -> Int { slot(for: .verdict(indicatorID)) }

    /// The slot of the current indicator's completion date.
    package func eventSlot() -> Int { slot(for: .event(indicatorID)) }

    /// Builds a sub-check (for composites): looks up its `kind`, checks its keys, constructs it.
    package func makeEvaluator(_ check: NodeValue, extraKeys: [String] = []) -> (any IndicatorEvaluator)? {
        guard check.isMapping else {
            report(check.expected("a check (a mapping with a \"kind\")"))
            return nil
        }
        guard let kindValue = check["kind"], !kindValue.isNull else {
            report(Diagnostic.error("\(check.path): missing \"kind\"; expected an evaluator kind (\(registry.kinds.joined(separator: ", ")))",
                                    at: SourceLocation(source: check.source, start: check.node.start)))
            return nil
        }
        let kind: String
        do { kind = try kindValue.text() } catch { report(error); return nil }
        guard let type = registry.type(for: kind) else {
            let hint = Suggest.closest(to: kind, among: registry.kinds).map { "did you mean \"\($0)\"?" }
            report(kindValue.error("unknown evaluator kind \"\(kind)\"", hint: hint))
            return nil
        }
        report(check.unknownKeys(allowed: ["kind", "title"] + type.parameterKeys + extraKeys, context: "a \(kind) check"))
        depth += 1
        defer { depth -= 1 }
        do {
            return try type.init(parameters: check, context: self)
        } catch {
            report(error)
            return nil
        }
    }
}

/// Every evaluator kind Fazhi knows, by `kind`. Built once from one explicit list (Swift cannot find
/// conforming types at run time); a kind listed twice is an error.
public struct EvaluatorRegistry: Sendable {
    private var types: [String: any IndicatorEvaluator.Type] = [:]
    package private(set) var kinds: [String] = []

    package struct DuplicateKind: Error, CustomStringConvertible {
        package let kind: String
        package var description: String { "evaluator kind \"\(kind)\" is registered twice" }
    }

    package init(_ list: [any IndicatorEvaluator.Type]) throws(DuplicateKind) {
        for type in list {
            guard types[type.kind] == nil else { throw DuplicateKind(kind: type.kind) }
            types[type.kind] = type
            kinds.append(type.kind)
        }
    }

    package func type(for kind: String) -> (any IndicatorEvaluator.Type)? { types[kind] }
    package var all: [any IndicatorEvaluator.Type] { kinds.compactMap { types[$0] } }
}
