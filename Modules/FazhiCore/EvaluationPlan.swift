package import FazhiBase

/// A ruleset compiled for scoring: the indicators flattened in document order with their evaluators
/// bound, every fact in a fixed slot, and `appliesTo` conditions turned into slot tests.
public final class EvaluationPlan: Sendable {
    public let ruleset: Ruleset
    package let catalog: MetricCatalog
    package let indicators: [PlannedIndicator]
    package let groups: [PlannedGroup]
    package let slots: [SlotKey]
    /// For each attribute used by `appliesTo`: value → code (0 is "any other value").
    package let attributeCodes: [String: [String: Int64]]
    package let adjustments: [PlannedAdjustment]
    package let vetoes: [PlannedVeto]

    init(ruleset: Ruleset, catalog: MetricCatalog, indicators: [PlannedIndicator], groups: [PlannedGroup], slots: [SlotKey],
         attributeCodes: [String: [String: Int64]], adjustments: [PlannedAdjustment], vetoes: [PlannedVeto]) {
        self.ruleset = ruleset
        self.catalog = catalog
        self.indicators = indicators
        self.groups = groups
        self.slots = slots
        self.attributeCodes = attributeCodes
        self.adjustments = adjustments
        self.vetoes = vetoes
        var index: [SlotKey: Int] = [:]
        for (i, key) in slots.enumerated() { index[key] = i }
        slotIndex = index
        var byID: [String: Int] = [:]
        for (i, p) in indicators.enumerated() { byID[p.indicator.id] = i }
        indicatorIndex = byID
        attributeSlots = slots.enumerated().compactMap { if case .attribute(let name) = $1 { (slot: $0, name: name) } else { nil } }
    }

    /// The unit attributes `appliesTo` reads (of indicators, sub-checks, adjustments and vetoes), with
    /// their slots. A unit that does not give one of them is not graded (`ungradedGrade`): which items
    /// apply to it cannot be decided, so any grade would be a guess.
    package let attributeSlots: [(slot: Int, name: String)]

    /// The grade of a unit that lacks an attribute the ruleset's `appliesTo` reads.
    package static let ungradedGrade = "未评定"

    /// The attributes of `attributeSlots` the unit does not give, each with the values the ruleset
    /// tests ("position（team/principal/deputy/other）"), in slot order.
    package func missingAttributes(_ facts: borrowing UnitFacts) -> [String] {
        var missing: [String] = []
        for a in attributeSlots where facts[a.slot] == UnitFacts.missing {
            let values = (attributeCodes[a.name] ?? [:]).sorted { $0.value < $1.value }.map(\.key)
            missing.append(values.isEmpty ? a.name : "\(a.name)（\(values.joined(separator: "/"))）")
        }
        return missing
    }

    private let slotIndex: [SlotKey: Int]
    private let indicatorIndex: [String: Int]

    package func slot(_ key: SlotKey) -> Int? { slotIndex[key] }
    package func indicatorPosition(_ id: String) -> Int? { indicatorIndex[id] }
    package func planned(_ id: String) -> PlannedIndicator? { indicatorIndex[id].map { indicators[$0] } }

    /// Metric ids this plan reads, in slot order.
    package var metricIDs: [String] {
        slots.compactMap { if case .metric(let id) = $0 { return id } else { return nil } }
    }
}

package struct PlannedGroup: Sendable {
    package var group: IndicatorGroup
    package var parent: Int?
    package var depth: Int
    /// Indices of the direct child groups and indicators.
    package var childGroups: [Int]
    package var childIndicators: [Int]
    /// The direct children in document order (plan indices).
    package var children: [IndicatorGroup.Child] = []
}

public struct PlannedIndicator: Sendable {
    package var indicator: Indicator
    package var evaluator: any IndicatorEvaluator
    package var group: Int
    package var applicability: PlannedApplicability
}

/// `appliesTo` as slot tests: every condition's attribute code must be one of its codes.
package enum PlannedApplicability: Sendable {
    case always
    case never(String)
    case when([(slot: Int, codes: [Int64])])
}

package struct PlannedAdjustment: Sendable {
    package var spec: AdjustmentSpec
    package var evaluator: any IndicatorEvaluator
    /// A per-count adjustment's count metric.
    package var count: MetricBinding? = nil

    /// The points a per-count adjustment earns for a count (raw fixed point): `each` × count, at most
    /// `cap`; exact, in integers.
    package func perCountPoints(count raw: Int64) -> FixedPoint {
        guard let each = spec.each, raw > 0 else { return .zero }
        let whole = Int128(raw / FixedPoint.scale)
        var points = Int128(each.raw) * whole
        if let cap = spec.cap, points > Int128(cap.raw) { points = Int128(cap.raw) }
        return FixedPoint(raw: Int64(clamping: points))
    }
}

/// The count a per-count adjustment reads, as a check: met when the unit gives it, no evidence when not.
/// Internal to the loader (it is no `kind:` a ruleset names), so that every adjustment has an evaluator.
struct CountGiven: IndicatorEvaluator {
    static let kind = "count_given"
    static let family = "points"
    static let summary = "每项加/减分：按 metric 的次数计分"
    static let parameterKeys = ["metric"]
    static let examples: [EvaluatorExample] = []
    let binding: MetricBinding

    init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        binding = try context.requireMetric(parameters, units: [.count])
    }

    func evaluate(_ facts: borrowing UnitFacts) -> Outcome { facts.has(binding.slot) ? .met : .noEvidence }

    func explain(_ facts: borrowing UnitFacts) -> Finding {
        guard facts.has(binding.slot) else { return Finding(.noEvidence, Metric.request([binding.metric]), slots: [binding.slot], code: .missingFact) }
        return Finding(.met, "\(binding.metric.name) = \(FixedPoint(raw: facts[binding.slot]))", slots: [binding.slot])
    }

    var requirement: String { "每项计分：\(binding.metric.name)" }
}

package struct PlannedVeto: Sendable {
    package var spec: VetoSpec
    package var evaluator: (any IndicatorEvaluator)?
}

extension RulesetLoader {
    /// Compiles a resolved ruleset: builds every evaluator (validating its parameters), checks ids are
    /// unique, lays out the slots.
    package func compile(_ ruleset: Ruleset) throws(DiagnosticList) -> EvaluationPlan {
        let context = PlanContext(catalog: catalog, registry: registry)
        var groups: [PlannedGroup] = []
        var indicators: [PlannedIndicator] = []
        var seen: [String: SourceLocation] = [:]

        func claim(_ id: String, _ location: SourceLocation, _ what: String) {
            if let first = seen[id] {
                context.report(Diagnostic(.error, "duplicate id \"\(id)\": \(what) reuses an id; expected ids unique in the resolved ruleset",
                                          at: location, notes: [.init("first used here", at: first)]))
            } else {
                seen[id] = location
            }
        }

        func code(_ attribute: String, _ value: String) -> Int64 { context.attributeCode(attribute, value) }

        func plan(_ group: IndicatorGroup, parent: Int?, depth: Int) -> Int {
            claim(group.id, group.location, "a group")
            let index = groups.count
            groups.append(PlannedGroup(group: group, parent: parent, depth: depth, childGroups: [], childIndicators: []))
            for child in group.orderedChildren {
                guard case .indicator(let ci) = child else {
                    if case .group(let gi) = child {
                        let sub = plan(group.groups[gi], parent: index, depth: depth + 1)
                        groups[index].childGroups.append(sub)
                        groups[index].children.append(.group(sub))
                    }
                    continue
                }
                let indicator = group.indicators[ci]
                claim(indicator.id, indicator.location, "an indicator")
                context.indicatorID = indicator.id
                context.indicatorLabel = PlanContext.label(number: indicator.number, title: indicator.title)
                context.indicatorDeadline = indicator.deadline?.date
                context.role = .indicator
                guard let evaluator = context.makeEvaluator(indicator.check, extraKeys: Self.indicatorKeys) else { continue }
                if evaluator.earnsPoints, ruleset.scoring.model != .points {
                    let at = indicator.check["kind"] ?? indicator.check
                    context.report(at.error("\(indicator.check["kind"]?.node.scalar?.text ?? "this kind") deducts points, which only the points model adds up; expected scoring.model: points (this ruleset's model is \(ruleset.scoring.model.rawValue))"))
                }
                let applicability: PlannedApplicability
                if let reason = indicator.notApplicableReason {
                    applicability = .never(reason)
                } else {
                    switch indicator.appliesTo {
                    case .always: applicability = .always
                    case .never: applicability = .never("原文标注不适用")
                    case .when(let conditions):
                        applicability = .when(conditions.map { c in
                            (slot: context.slot(for: .attribute(c.attribute)), codes: c.values.map { code(c.attribute, $0) })
                        })
                    }
                }
                groups[index].childIndicators.append(indicators.count)
                groups[index].children.append(.indicator(indicators.count))
                indicators.append(PlannedIndicator(indicator: indicator, evaluator: evaluator, group: index, applicability: applicability))
            }
            return index
        }
        for group in ruleset.groups { _ = plan(group, parent: nil, depth: 0) }

        var adjustments: [PlannedAdjustment] = []
        for spec in ruleset.scoring.adjustments {
            claim(spec.id, spec.check.location, "an adjustment")
            context.indicatorID = spec.id
            context.indicatorLabel = spec.id
            context.indicatorDeadline = nil
            context.role = .adjustment
            if spec.each != nil {
                do {
                    let counter = try CountGiven(parameters: spec.check, context: context)
                    adjustments.append(PlannedAdjustment(spec: spec, evaluator: counter, count: counter.binding))
                } catch {
                    context.report(error)
                }
            } else if let evaluator = context.makeEvaluator(spec.check, extraKeys: ["id", "number", "type", "text", "points", "notes"]) {
                adjustments.append(PlannedAdjustment(spec: spec, evaluator: evaluator))
            }
        }
        var vetoes: [PlannedVeto] = []
        for spec in ruleset.scoring.vetoes {
            context.indicatorID = spec.id
            context.indicatorLabel = spec.id
            context.indicatorDeadline = nil
            context.role = .veto
            switch spec.trigger {
            case .gradeBelow:
                vetoes.append(PlannedVeto(spec: spec, evaluator: nil))
            case .when(let check), .unless(let check):
                if let evaluator = context.makeEvaluator(check) { vetoes.append(PlannedVeto(spec: spec, evaluator: evaluator)) }
            }
        }
        if indicators.isEmpty, context.diagnostics.isEmpty {
            context.report(Diagnostic.error("ruleset \"\(ruleset.id)\" has no indicators; expected at least one", at: nil))
        }
        if !context.diagnostics.isEmpty { throw DiagnosticList(context.diagnostics) }
        // Attribute codes: "level" always gets a slot, so evidence can be checked against it.
        return EvaluationPlan(ruleset: ruleset, catalog: catalog, indicators: indicators, groups: groups, slots: context.slots,
                              attributeCodes: context.attributeCodes, adjustments: adjustments, vetoes: vetoes)
    }
}
