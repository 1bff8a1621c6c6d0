package import FazhiBase

/// A sub-check with its own `appliesTo` (an item whose second sentence binds only the city government):
/// not applicable to a unit outside it, no evidence when the unit does not give the attribute, else
/// what the check decides. Composites leave not applicable parts out, as they do for any sub-check.
/// It has no compiled form, so the bulk scorer calls it (and the composite it is in) as it is.
package struct ConditionalCheck: IndicatorEvaluator {
    package static let kind = "conditional"
    package static let family = "composite"
    package static let summary = "子检查的适用条件（appliesTo）"
    package static let parameterKeys: [String] = []
    package static let examples: [EvaluatorExample] = []

    package struct Condition: Sendable {
        var attribute: String
        var values: [String]
        var slot: Int
        var codes: [Int64]
    }

    let inner: any IndicatorEvaluator
    let conditions: [Condition]

    package init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        throw parameters.error("conditional is not a kind; expected appliesTo on a sub-check")
    }

    /// Wraps `inner` in the conditions written at `appliesTo` (a mapping of unit attributes to a value
    /// or a list of values, as an indicator's `appliesTo`).
    package init(_ inner: any IndicatorEvaluator, appliesTo value: NodeValue, context: PlanContext) throws(Diagnostic) {
        var conditions: [Condition] = []
        for entry in try value.entries() {
            var values = try entry.value.listOrSingle().map { x throws(Diagnostic) in UnitEvidence.normalizeAttribute(try x.text()) }
            if values.isEmpty { throw entry.value.expected("one or more values") }
            if entry.key == "level" {
                for level in values where UnitLevel.id(level) == nil {
                    throw entry.value.error("unknown level \"\(level)\"; expected \(UnitLevel.accepted)", hint: UnitLevel.suggestion(level))
                }
                values = values.map { UnitLevel.id($0) ?? $0 }
            }
            conditions.append(Condition(attribute: entry.key, values: values, slot: context.slot(for: .attribute(entry.key)),
                                        codes: values.map { context.attributeCode(entry.key, $0) }))
        }
        if conditions.isEmpty { throw value.expected("a mapping of unit attributes (e.g. { level: city })") }
        self.inner = inner
        self.conditions = conditions
    }

    /// nil when every condition holds, else the outcome and the attribute that decided it.
    func gate(_ facts: borrowing UnitFacts) -> (OutcomeState, Condition)? {
        for c in conditions {
            let v = facts[c.slot]
            if v == UnitFacts.missing { return (.noEvidence, c) }
            if !c.codes.contains(v) { return (.notApplicable, c) }
        }
        return nil
    }

    package func evaluate(_ facts: borrowing UnitFacts) -> Outcome {
        if let (state, _) = gate(facts) { return Outcome(state) }
        return inner.evaluate(facts)
    }

    package func explain(_ facts: borrowing UnitFacts) -> Finding {
        if let (state, c) = gate(facts) {
            return state == .noEvidence
                ? Finding(.noEvidence, "请提供单位属性 \(c.attribute)（unit.attributes），以判断本项是否适用", slots: [c.slot], code: .attributeMissing)
                : Finding(.notApplicable, "不适用：仅适用于\(Applicability.Condition(attribute: c.attribute, values: c.values).chinese)的单位", code: .notApplicable)
        }
        return inner.explain(facts)
    }

    package var requirement: String {
        inner.requirement + "（仅适用于" + Applicability.Condition.chinese(conditions.map { Applicability.Condition(attribute: $0.attribute, values: $0.values) }) + "的单位）"
    }

    package var targets: [Target] { inner.targets }

    package func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        gate(facts) == nil ? inner.evidenceProblem(facts) : nil
    }
}
