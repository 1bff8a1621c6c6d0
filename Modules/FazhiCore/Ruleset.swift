package import FazhiBase

/// A jurisdiction's indicator system, resolved (after `extends`) and ready to compile.
public struct Ruleset: Sendable {
    package struct Jurisdiction: Sendable {
        package var name: String
        package var level: String
    }

    package struct Period: Sendable, Hashable, CustomStringConvertible {
        package var from: Int
        package var to: Int
        package var description: String { from == to ? "\(from)" : "\(from)–\(to)" }
        /// The last day of the period: the default evaluation date.
        package var lastDay: CalendarDate { CalendarDate(year: Swift.min(Swift.max(to, 1), 9999), month: 12, day: 31)! }
        package func contains(_ year: Int) -> Bool { (from...to).contains(year) }
    }

    package var id: String
    package var title: String
    package var jurisdiction: Jurisdiction
    package var issuer: String
    package var documentNumber: String?
    package var issued: CalendarDate?
    package var period: Period
    package var sourceFile: String
    package var sourceNote: String?
    /// Where the document was found online, and when (a partial source: a web page, a scanned copy).
    package var sourceURL: String? = nil
    package var sourceRetrieved: CalendarDate? = nil
    /// What could not be transcribed (缺页, an unreadable table), in the transcriber's words.
    package var gaps: [String] = []
    /// The chain of rulesets this one extends, nearest first.
    package var ancestors: [String]
    package var notes: [String]
    /// The ruleset's own metrics (`metrics:`, in the catalog's schema), a parent's first: added to the
    /// catalog when the plan is compiled.
    package var metricNodes: [NodeValue] = []
    package var scoring: ScoringSpec
    package var regionTargets: [RegionTarget]
    package var plan: CreationPlan
    package var groups: [IndicatorGroup]
    /// The file this ruleset was read from.
    package var file: String

    /// Every indicator in document order, depth first.
    package var allIndicators: [Indicator] {
        var out: [Indicator] = []
        func walk(_ group: IndicatorGroup) {
            for child in group.orderedChildren {
                switch child {
                case .indicator(let i): out.append(group.indicators[i])
                case .group(let g): walk(group.groups[g])
                }
            }
        }
        groups.forEach(walk)
        return out
    }

    package func indicator(_ id: String) -> Indicator? { allIndicators.first { $0.id == id } }
}

/// A group of indicators (一级/二级指标, 八大行动, 任务分类), any depth.
package struct IndicatorGroup: Sendable {
    package var id: String
    package var number: String?
    package var title: String
    package var weight: FixedPoint?
    /// The group's own words as printed (a heading's sentence, an item that is itself a group).
    package var text: String? = nil
    /// Fields the document prints but the transcriber could not obtain, by key.
    package var unobtained: [String: String] = [:]
    package var notes: [String]
    package var groups: [IndicatorGroup]
    package var indicators: [Indicator]
    package var location: SourceLocation
    /// The document's order of indicators and subgroups, by id, when the group lists them together
    /// (`items:`); empty for `indicators:` then `groups:`.
    package var order: [ChildID] = []

    package enum ChildID: Sendable, Hashable {
        case indicator(String)
        case group(String)
    }

    /// A child by index into `indicators` or `groups`.
    package enum Child: Sendable, Hashable {
        case indicator(Int)
        case group(Int)
    }

    /// The children in document order: `order` (skipping dropped ones, then any it does not name), or
    /// the indicators before the subgroups.
    package var orderedChildren: [Child] {
        let plain = indicators.indices.map(Child.indicator) + groups.indices.map(Child.group)
        guard !order.isEmpty else { return plain }
        var out: [Child] = []
        var used = Set<Child>()
        for id in order {
            let child: Child?
            switch id {
            case .indicator(let i): child = indicators.firstIndex { $0.id == i }.map(Child.indicator)
            case .group(let g): child = groups.firstIndex { $0.id == g }.map(Child.group)
            }
            if let child, used.insert(child).inserted { out.append(child) }
        }
        return out + plain.filter { !used.contains($0) }
    }
}

/// One indicator: what the document says, and how it is checked.
package struct Indicator: Sendable {
    package var id: String
    package var number: String?
    package var title: String
    package var text: String
    /// The evaluator kind, and the node that holds its parameters (the indicator mapping itself, with
    /// overrides merged in).
    package var kind: String
    package var check: NodeValue
    package var appliesTo: Applicability
    /// A reason this indicator never applies (an override's `notApplicable:`).
    package var notApplicableReason: String?
    package var deadline: Deadline?
    package var deadlineText: String?
    package var lead: [String]
    package var responsible: [String]
    package var cooperating: [String]
    package var weight: FixedPoint?
    package var notes: [String]
    package var location: SourceLocation
    /// The ruleset that defined it (a parent, for inherited indicators).
    package var origin: String
    /// Fields the document prints but the transcriber could not obtain (`{ unobtained: why }`), by key.
    package var unobtained: [String: String] = [:]
}

package enum Deadline: Sendable, Hashable, CustomStringConvertible {
    case date(CalendarDate)
    case ongoing

    package var description: String {
        switch self {
        case .date(let d): d.description
        case .ongoing: "ongoing"
        }
    }

    package var date: CalendarDate? {
        if case .date(let d) = self { return d }
        return nil
    }
}

/// When an indicator applies to a unit.
package enum Applicability: Sendable, Hashable {
    case always
    case never
    /// Every attribute has one of the listed values.
    case when([Condition])

    package struct Condition: Sendable, Hashable {
        package var attribute: String
        package var values: [String]
        package init(attribute: String, values: [String]) {
            self.attribute = attribute
            self.values = values
        }

        /// "层级为市或县（市、区）": the level in Chinese words (`UnitLevel`), other attributes as written.
        package var chinese: String {
            let level = attribute == "level"
            // Yes/no attributes read 是/否 (has_legislative_power为是), levels by their Chinese names.
            return "\(level ? "层级" : attribute)为" + values.map { level ? UnitLevel.chinese($0) : $0 == "true" ? "是" : $0 == "false" ? "否" : $0 }.joined(separator: "或")
        }

        /// Conditions that must all hold, joined by "，且".
        package static func chinese(_ conditions: [Condition]) -> String {
            conditions.map(\.chinese).joined(separator: "，且")
        }
    }

    /// In the words of a report: "全部单位", "层级为市或县（市、区）", "层级为乡镇（街道），且 position 为 team".
    package var text: String {
        switch self {
        case .always: return "全部单位"
        case .never: return "不适用（本规则集所评单位均不适用）"
        case .when(let conditions): return Condition.chinese(conditions)
        }
    }
}

/// How a unit's outcomes become a score and a grade.
public struct ScoringSpec: Sendable {
    public enum Model: String, Sendable, CaseIterable { case completion, weighted, points }
    package enum NoEvidencePolicy: String, Sendable { case unmet, excluded }
    package enum PartialPolicy: String, Sendable { case unmet, half }
    /// What a not-applicable (or exempted) item does in the points model: `excluded` earns nothing and
    /// leaves the possible points (the default); `full` earns its points (不适用项目不扣分);
    /// `prorata` scales the points earned on applicable items up to the full total.
    package enum NotApplicablePolicy: String, Sendable, CaseIterable { case excluded, full, prorata }

    package var model: Model = .completion
    package var noEvidence: NoEvidencePolicy = .unmet
    package var partial: PartialPolicy = .unmet
    package var notApplicable: NotApplicablePolicy = .excluded
    /// True when `grades` came from the ruleset, false for the completion defaults.
    package var gradesGiven = false
    package var grades: [GradeBand] = GradeBand.defaults
    package var bonusCap: FixedPoint?
    package var penaltyCap: FixedPoint?
    package var adjustments: [AdjustmentSpec] = []
    package var vetoes: [VetoSpec] = []
}

/// A grade and the lowest score that earns it (a fraction for completion/weighted, points for points).
package struct GradeBand: Sendable, Hashable {
    package var name: String
    package var min: FixedPoint

    package static let defaults = [
        GradeBand(name: "示范", min: FixedPoint(raw: 900_000)),
        GradeBand(name: "达标", min: FixedPoint(raw: 600_000)),
        GradeBand(name: "不达标", min: .zero),
    ]
}

/// 附加项: a bonus or penalty applied when its check is met.
package struct AdjustmentSpec: Sendable {
    package enum Kind: String, Sendable { case bonus, penalty }
    package var id: String
    package var number: String?
    package var type: Kind
    package var text: String
    package var points: FixedPoint?
    package var kind: String
    package var check: NodeValue
    package var notes: [String]
    /// Per count (每项加0.5分，最多加1分): `each` points for every one counted by `metric`, at most `cap`.
    package var each: FixedPoint? = nil
    package var metric: String? = nil
    package var cap: FixedPoint? = nil
}

/// A condition that caps a grade or revokes a title (一票否决, 撤销命名).
package struct VetoSpec: Sendable {
    package enum Trigger: Sendable {
        case gradeBelow(String)
        /// Triggers when the check is met.
        case when(NodeValue)
        /// Triggers when the check is not met.
        case unless(NodeValue)
    }
    /// `cap`: the grade is at most `grade`; `revoke`: a title held (`grade`) is revoked; `notify`: the
    /// unit is named (通报) and nothing else changes; `ungraded`: the unit gets no band at all but `grade`
    /// (default 不予评定), which ranks below every band.
    package enum Effect: String, Sendable, CaseIterable { case cap, revoke, notify, ungraded }
    package var id: String
    package var number: String?
    package var text: String
    package var trigger: Trigger
    package var effect: Effect
    package var grade: String
    package var notes: [String]
}

/// A goal for a whole region: the share of units at a grade by a year, or an assessor's judgement.
package struct RegionTarget: Sendable {
    package var id: String
    package var year: Int?
    package var text: String
    package var grade: String?
    package var min: FixedPoint?
    package var max: FixedPoint?
    package var scope: [Applicability.Condition]
    package var assessed: Bool
    package var notes: [String]
    /// A number of units rather than a share (到2025年，2个县（区）达到示范): at least this many at the grade.
    package var minUnits: Int? = nil
}

/// A creation drive's plan (Guyuan): the types, the steps and the list of who creates what by when.
package struct CreationPlan: Sendable {
    package struct CreationType: Sendable {
        package var id: String
        package var number: String?
        package var name: String
        package var min: FixedPoint?
        package var text: String?
        package var notes: [String] = []
    }
    package struct Step: Sendable {
        package var number: String?
        package var name: String
        package var from: CalendarDate?
        package var to: CalendarDate?
        package var text: String?
        package var notes: [String] = []
    }
    package struct Project: Sendable {
        package var number: String?
        package var title: String
    }
    package struct Entry: Sendable {
        package var year: Int
        package var unitName: String
        package var unitLevel: String?
        package var types: [String]
        package var projects: [Project]
        package var applyBy: CalendarDate?
        package var applyByText: String?
        package var notes: [String]
    }
    package var types: [CreationType] = []
    package var steps: [Step] = []
    package var entries: [Entry] = []
    package var isEmpty: Bool { types.isEmpty && steps.isEmpty && entries.isEmpty }
}
