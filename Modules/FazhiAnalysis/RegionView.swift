package import FazhiCore
import FazhiBase

/// A whole region under one ruleset: how many units hold each grade against the ruleset's region goals
/// and quotas, the creation plan checked unit by unit, and which lead units own the most shortfalls.
public struct RegionView: Sendable {
    package struct Unit: Sendable {
        package var evidence: UnitEvidence
        package var result: UnitResult
        package init(evidence: UnitEvidence, result: UnitResult) {
            self.evidence = evidence
            self.result = result
        }
    }

    /// One region target, measured.
    package struct TargetStatus: Sendable {
        package enum State: String, Sendable { case met, unmet, assessed, noUnits }
        package var target: RegionTarget
        package var state: State
        /// Units (indices) the target's scope covers, and those whose scope attributes are missing.
        package var inScope: [Int]
        package var scopeUnknown: [Int]
        /// Units in scope at the target's grade or better.
        package var atOrAbove: [Int]
        /// For a floor: units needed (⌈min × N⌉); for a ceiling: units allowed (⌊max × N⌋).
        package var required: Int?
        package var allowed: Int?
        /// How many more units must reach the grade (floor), or must come down (ceiling).
        package var shortBy: Int
        package var overBy: Int
        /// Floor: units below the grade, closest first, with their gap to it.
        package var closest: [(unit: Int, gap: Gap)]
        /// Ceiling: units at the grade beyond the quota, lowest score first; `tieAtCutoff` when the last
        /// unit kept and the first one over tie on score.
        package var overQuota: [Int]
        package var tieAtCutoff: Bool

        package var share: Fraction { Fraction(atOrAbove.count, inScope.count) }
    }

    /// One row of the creation plan, checked.
    package struct PlanCheck: Sendable {
        package enum State: String, Sendable { case met, unmet, cannotCheck, otherYear }
        package struct Item: Sendable {
            /// What is checked: "综合示范创建 ≥90%", "申报时限 2023-04-25", "申报项目".
            package var what: String
            package var state: State
            package var detail: String
        }
        package var entry: CreationPlan.Entry
        /// The unit (index) the entry names, matched by name; nil when the batch does not hold it.
        package var unit: Int?
        package var items: [Item]
    }

    /// Shortfalls owned by one lead unit (牵头单位) across the region.
    package struct LeadLoad: Sendable {
        package var lead: String
        /// True when the ruleset names no lead unit and this is the indicators' first-level group.
        package var isGroupFallback: Bool
        /// Unit × indicator pairs not met.
        package var shortfalls: Int
        /// Indicator positions with their count of units not meeting them, most first.
        package var indicators: [(position: Int, units: Int)]
    }

    package let plan: EvaluationPlan
    package let units: [Unit]
    /// The year the evidence covers (the most common `period`; nil when none is given).
    package let period: Int?
    /// Units per grade, in the ruleset's band order.
    package let distribution: [(grade: String, count: Int)]
    package let targets: [TargetStatus]
    package let planChecks: [PlanCheck]
    package let leads: [LeadLoad]

    package init(plan: EvaluationPlan, units: [Unit]) {
        self.plan = plan
        self.units = units
        let scorer = Scorer(plan: plan)
        let spec = plan.ruleset.scoring
        var periods: [Int: Int] = [:]
        for u in units { if let p = u.evidence.period { periods[p, default: 0] += 1 } }
        period = periods.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
        distribution = spec.grades.map { g in (g.name, units.filter { $0.result.grade == g.name }.count) }
        targets = plan.ruleset.regionTargets.map { Self.measure($0, units: units, plan: plan, scorer: scorer) }
        planChecks = Self.checkPlan(plan: plan, units: units, period: period)
        leads = Self.accountability(plan: plan, units: units)
    }

    // MARK: Targets

    static func inScope(_ unit: UnitInfo, _ scope: [Applicability.Condition]) -> Bool? {
        for c in scope {
            guard let value = unit.attributes[c.attribute] ?? (c.attribute == "level" ? unit.level : nil) else { return nil }
            if !c.values.contains(value) { return false }
        }
        return true
    }

    static func measure(_ target: RegionTarget, units: [Unit], plan: EvaluationPlan, scorer: Scorer) -> TargetStatus {
        var status = TargetStatus(target: target, state: .assessed, inScope: [], scopeUnknown: [], atOrAbove: [], required: nil,
                                  allowed: nil, shortBy: 0, overBy: 0, closest: [], overQuota: [], tieAtCutoff: false)
        guard !target.assessed, let grade = target.grade else { return status }
        for (i, u) in units.enumerated() {
            switch inScope(u.result.unit, target.scope) {
            case true?: status.inScope.append(i)
            case nil: status.scopeUnknown.append(i)
            case false?: break
            }
        }
        let n = Int64(status.inScope.count)
        guard n > 0 else { status.state = .noUnits; return status }
        let rank = scorer.rank(of: grade)
        status.atOrAbove = status.inScope.filter { scorer.rank(of: units[$0].result.grade) <= rank }
        let have = Int64(status.atOrAbove.count)
        let scale = FixedPoint.scale
        var met = true
        // ⌈min × N⌉ units, in integers; or a number of units (`units:`).
        if let required = target.min.map({ ($0.raw * n + scale - 1) / scale }) ?? target.minUnits.map(Int64.init) {
            status.required = Int(required)
            status.shortBy = Int(Swift.max(0, required - have))
            if have < required { met = false }
            status.closest = status.inScope.filter { !status.atOrAbove.contains($0) }
                .compactMap { i in GapAnalysis.toGrade(grade, units[i].result, plan: plan).map { (unit: i, gap: $0) } }
                .sorted { a, b in
                    let ka = a.gap.reachable ? a.gap.steps.count : Int.max, kb = b.gap.reachable ? b.gap.steps.count : Int.max
                    if ka != kb { return ka < kb }
                    return Standing.order(units[a.unit].result, units[b.unit].result, scorer: scorer) < 0
                }
        }
        if let max = target.max {
            let allowed = max.raw * n / scale
            status.allowed = Int(allowed)
            status.overBy = Int(Swift.max(0, have - allowed))
            if have > allowed { met = false }
            // Kept by score: the best `allowed` units keep the grade, the rest are over the quota.
            let byScore = status.atOrAbove.sorted { a, b in
                let c = Standing.order(units[a].result, units[b].result, scorer: scorer)
                return c != 0 ? c < 0 : a < b
            }
            if status.overBy > 0 {
                status.overQuota = Array(byScore[Int(allowed)...].reversed())
                if allowed > 0 {
                    status.tieAtCutoff = Standing.order(units[byScore[Int(allowed) - 1]].result, units[byScore[Int(allowed)]].result, scorer: scorer) == 0
                }
            }
        }
        status.state = met ? .met : .unmet
        return status
    }

    // MARK: Creation plan

    static func checkPlan(plan: EvaluationPlan, units: [Unit], period: Int?) -> [PlanCheck] {
        let creation = plan.ruleset.plan
        let spec = plan.ruleset.scoring
        let policy = ScoringPolicy(spec)
        return creation.entries.map { entry in
            var check = PlanCheck(entry: entry, unit: nil, items: [])
            let match = units.firstIndex { u in
                u.result.unit.name == entry.unitName && (entry.unitLevel == nil || u.result.unit.level == nil || u.result.unit.level == entry.unitLevel)
            }
            guard let index = match else {
                check.items.append(.init(what: "单位", state: .cannotCheck, detail: "批次中没有“\(entry.unitName)”的佐证材料，无法核对"))
                return check
            }
            check.unit = index
            let unit = units[index]
            let evidenceYear = unit.evidence.period ?? period
            // Another year's evidence: thresholds shown for reference, applications not checkable yet.
            let otherYear = evidenceYear.flatMap { $0 != entry.year ? $0 : nil }
            // Applications filed in the entry's year; whether the evidence lists applications at all.
            let applications = unit.evidence.applications.filter { $0.date.year == entry.year }
            let listsApplications = !unit.evidence.applications.isEmpty
            for typeID in entry.types {
                guard let type = creation.types.first(where: { $0.id == typeID }) else {
                    check.items.append(.init(what: typeID, state: .cannotCheck, detail: "规则集没有创建类型“\(typeID)”"))
                    continue
                }
                if let min = type.min {
                    let what = "\(type.name) ≥\(min.percentText)"
                    let reached = policy.reaches(minRaw: min.raw, unit.result.score)
                    var scoreText = Standing.shortScore(unit.result, spec)
                    if let exact = Standing.exactScore(unit.result, spec) {
                        scoreText = "\(Standing.ratioText(halves: exact.numerator, counted: exact.denominator / 2)) = \(exact.percentText)"
                    }
                    let detail = "完成 \(scoreText)，\(reached ? "达到" : "未达到") \(min.percentText)"
                    if let otherYear {
                        check.items.append(.init(what: what, state: .otherYear, detail: "按 \(otherYear) 年佐证：\(detail)（仅供参考）"))
                    } else {
                        check.items.append(.init(what: what, state: reached ? .met : .unmet, detail: detail))
                    }
                } else if otherYear == nil {
                    // No threshold: named by assessment. What can be checked is that projects were filed.
                    let filed = applications.filter { $0.type == typeID }
                    if !listsApplications {
                        check.items.append(.init(what: "\(type.name)：申报项目", state: .cannotCheck,
                                                 detail: "佐证没有申报记录（applications）；本类型无完成比例门槛，由评估命名"))
                    } else {
                        let projects = filed.flatMap(\.projects)
                        let count = Swift.max(projects.count, filed.isEmpty ? 0 : 1)
                        let listed = entry.projects.count
                        check.items.append(.init(what: "\(type.name)：申报项目", state: count >= 1 ? .met : .unmet,
                                                 detail: "申报 \(count) 个项目\(projects.isEmpty ? "" : "（\(projects.joined(separator: "、"))）")"
                                                    + (listed > 0 ? "，清单列出 \(listed) 个" : "") + "；是否命名由评估认定"))
                    }
                }
            }
            if let otherYear {
                check.items.append(.init(what: "申报", state: .otherYear,
                                         detail: "\(entry.year) 年申报\(entry.applyBy.map { "（时限 \($0)）" } ?? "")和命名：\(otherYear) 年佐证无从核对"))
            } else if let applyBy = entry.applyBy {
                let what = "申报时限 \(entry.applyByText ?? applyBy.description)"
                if !listsApplications {
                    check.items.append(.init(what: what, state: .cannotCheck, detail: "佐证没有申报日期（applications）"))
                } else {
                    for typeID in entry.types {
                        let name = creation.types.first { $0.id == typeID }?.name ?? typeID
                        guard let first = applications.filter({ $0.type == typeID }).map(\.date).min() else {
                            check.items.append(.init(what: "\(what)：\(name)", state: .unmet, detail: "佐证中没有\(entry.year)年\(name)的申报记录"))
                            continue
                        }
                        let onTime = first <= applyBy
                        check.items.append(.init(what: "\(what)：\(name)", state: onTime ? .met : .unmet,
                                                 detail: "\(first) 申报，\(onTime ? "未超过" : "晚于") \(applyBy)"))
                    }
                }
            }
            return check
        }
    }

    // MARK: Accountability

    static func accountability(plan: EvaluationPlan, units: [Unit]) -> [LeadLoad] {
        var loads: [String: (fallback: Bool, pairs: Int, per: [Int: Int])] = [:]
        for u in units {
            for ir in u.result.indicators where Standing.isShortfall(ir) {
                let indicator = plan.indicators[ir.position].indicator
                var owners = indicator.lead.map { ($0, false) }
                if owners.isEmpty {
                    let g = plan.groups[Standing.topGroup(of: ir.position, in: plan)].group
                    owners = [([g.number, g.title].compactMap { $0 }.joined(separator: " "), true)]
                }
                for (owner, fallback) in owners {
                    var load = loads[owner] ?? (fallback, 0, [:])
                    load.pairs += 1
                    load.per[ir.position, default: 0] += 1
                    loads[owner] = load
                }
            }
        }
        return loads.map { key, value in
            LeadLoad(lead: key, isGroupFallback: value.fallback, shortfalls: value.pairs,
                     indicators: value.per.map { (position: $0.key, units: $0.value) }.sorted { $0.units != $1.units ? $0.units > $1.units : $0.position < $1.position })
        }.sorted { a, b in
            if a.isGroupFallback != b.isGroupFallback { return !a.isGroupFallback }
            return a.shortfalls != b.shortfalls ? a.shortfalls > b.shortfalls : a.lead < b.lead
        }
    }
}
