package import FazhiCore
import FazhiBase

/// Rulesets side by side: their requirements lined up by metric (the shared catalog), which target is
/// stricter, what only one of them asks for, and coverage by first-level group.
public struct Crosswalk: Sendable {
    /// One quantitative target of one indicator.
    package struct Requirement: Sendable {
        package var position: Int
        package var target: Target
        /// The evaluator kind of the indicator (`any_of` parts are alternatives, not requirements).
        package var kind: String
    }

    package enum Verdict: Sendable, Equatable {
        /// Only this ruleset (index) sets a target on the metric.
        case only(Int)
        /// Every ruleset asks the same.
        case same
        /// These rulesets (indices) ask the most; the others less.
        case stricter([Int])
        /// The targets cannot be ordered (a floor beside a ceiling, counts over different periods, …).
        case incomparable(String)
    }

    package struct Line: Sendable {
        package var metric: Metric
        /// Per ruleset (in input order): its targets on this metric, possibly none.
        package var requirements: [[Requirement]]
        /// Per ruleset: the strictest of its targets, normalized (counts per year), or nil.
        package var effective: [Target?]
        package var verdict: Verdict

        package var rulesetsAsking: [Int] { requirements.indices.filter { !requirements[$0].isEmpty } }
    }

    /// One first-level group of one ruleset.
    package struct Coverage: Sendable {
        package var group: Int
        package var indicators: Int
        /// Indicators with at least one metric target.
        package var measurable: Int
        /// Of those, indicators with a metric some other ruleset also targets.
        package var shared: Int
    }

    package let plans: [EvaluationPlan]
    /// Metrics asked by two or more rulesets first (catalog order), then metrics only one asks for.
    package let lines: [Line]
    /// Per ruleset, per first-level group.
    package let coverage: [[Coverage]]

    package init(plans: [EvaluationPlan]) {
        self.plans = plans
        let catalog = plans.first?.catalog ?? MetricCatalog()
        var byMetric: [String: [[Requirement]]] = [:]
        for (r, plan) in plans.enumerated() {
            for (position, planned) in plan.indicators.enumerated() {
                if case .never = planned.applicability { continue }
                for target in planned.evaluator.targets {
                    var list = byMetric[target.metric] ?? Array(repeating: [], count: plans.count)
                    list[r].append(Requirement(position: position, target: target, kind: planned.indicator.kind))
                    byMetric[target.metric] = list
                }
            }
        }
        var lines: [Line] = []
        let order = catalog.ids + byMetric.keys.filter { catalog[$0] == nil }.sorted()
        for id in order {
            guard let requirements = byMetric[id] else { continue }
            let metric = catalog[id] ?? plans.lazy.compactMap { $0.catalog[id] }.first
                ?? Metric(id: id, name: id, unit: requirements.joined().first!.target.unit, direction: .higher)
            let effective = requirements.map(Self.effective)
            lines.append(Line(metric: metric, requirements: requirements, effective: effective,
                              verdict: Self.verdict(requirements: requirements, effective: effective)))
        }
        lines = lines.filter { $0.rulesetsAsking.count > 1 } + lines.filter { $0.rulesetsAsking.count == 1 }
        self.lines = lines

        let shared = Set(lines.filter { $0.rulesetsAsking.count > 1 }.map(\.metric.id))
        coverage = plans.map { plan in
            Standing.topGroups(plan).map { g in
                var c = Coverage(group: g, indicators: 0, measurable: 0, shared: 0)
                for (position, planned) in plan.indicators.enumerated() where Standing.topGroup(of: position, in: plan) == g {
                    c.indicators += 1
                    let metrics = planned.evaluator.targets.map(\.metric)
                    if !metrics.isEmpty { c.measurable += 1 }
                    if metrics.contains(where: shared.contains) { c.shared += 1 }
                }
                return c
            }
        }
    }

    /// Periods per year, to compare counts given per half year, quarter or month.
    static func perYear(_ per: String?) -> Int64? {
        switch per {
        case nil, "year": 1
        case "half_year": 2
        case "quarter": 4
        case "month": 12
        default: nil
        }
    }

    /// A ruleset's strictest target on a metric, with counts turned into counts per year. When the
    /// ruleset has both floors and ceilings on the metric, the floor (the usual requirement) is kept.
    static func effective(_ list: [Requirement]) -> Target? {
        let targets = list.filter { $0.kind != "any_of" }.map(\.target)
        guard !targets.isEmpty else { return list.first?.target }
        var best: Target?
        for var t in targets {
            if t.unit == .count, let k = perYear(t.per), t.per != nil {
                t = Target(metric: t.metric, comparison: t.comparison, value: FixedPoint(raw: t.value.raw * k), unit: t.unit, per: "year")
            }
            guard let b = best else { best = t; continue }
            if b.comparison != t.comparison {
                if t.comparison == .atLeast { best = t }
                continue
            }
            if (t.comparison == .atLeast && t.value > b.value) || (t.comparison == .atMost && t.value < b.value) { best = t }
        }
        return best
    }

    static func verdict(requirements: [[Requirement]], effective: [Target?]) -> Verdict {
        let asking = requirements.indices.filter { !requirements[$0].isEmpty }
        if asking.count == 1 { return .only(asking[0]) }
        let targets = asking.compactMap { effective[$0] }
        guard targets.count == asking.count, let first = targets.first else { return .incomparable("目标不完整") }
        if targets.contains(where: { $0.comparison != first.comparison }) { return .incomparable("一为下限、一为上限") }
        if first.comparison == .equals { return targets.allSatisfy { $0.value == first.value } ? .same : .incomparable("要求等于不同的值") }
        if targets.contains(where: { $0.unit == .count && (perYear($0.per) == nil) != (perYear(first.per) == nil) }) {
            return .incomparable("计数周期不同（整个期间与每年）")
        }
        let values = targets.map(\.value)
        if Set(values).count == 1 { return .same }
        let strictest = first.comparison == .atLeast ? values.max()! : values.min()!
        return .stricter(asking.filter { effective[$0]?.value == strictest })
    }
}
