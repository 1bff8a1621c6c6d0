public import FazhiBase

/// A jurisdiction's indicator system, resolved (after `extends`) and ready to compile.
public struct Ruleset: Sendable {
    public struct Jurisdiction: Sendable {
        public var name: String
        public var level: String
    }

    public struct Period: Sendable, Hashable, CustomStringConvertible {
        public var from: Int
        public var to: Int
        public var description: String { from == to ? "\(from)" : "\(from)–\(to)" }
        /// The last day of the period: the default evaluation date.
        public var lastDay: CalendarDate { CalendarDate(year: Swift.min(Swift.max(to, 1), 9999), month: 12, day: 31)! }
        public func contains(_ year: Int) -> Bool { (from...to).contains(year) }
    }

    public var id: String
    public var title: String
    public var jurisdiction: Jurisdiction
    public var issuer: String
    public var documentNumber: String?
    public var issued: CalendarDate?
    public var period: Period
    public var sourceFile: String
    public var sourceNote: String?
    /// The chain of rulesets this one extends, nearest first.
    public var ancestors: [String]
    public var notes: [String]
    public var scoring: ScoringSpec
    public var regionTargets: [RegionTarget]
    public var plan: CreationPlan
    public var groups: [IndicatorGroup]
    /// The file this ruleset was read from.
    public var file: String

    /// Every indicator in document order, depth first.
    public var allIndicators: [Indicator] {
        var out: [Indicator] = []
        func walk(_ groups: [IndicatorGroup]) {
            for group in groups {
                out += group.indicators
                walk(group.groups)
            }
        }
        walk(groups)
        return out
    }

    public func indicator(_ id: String) -> Indicator? { allIndicators.first { $0.id == id } }
}

/// A group of indicators (一级/二级指标, 八大行动, 任务分类), any depth.
public struct IndicatorGroup: Sendable {
    public var id: String
    public var number: String?
    public var title: String
    public var weight: FixedPoint?
    public var notes: [String]
    public var groups: [IndicatorGroup]
    public var indicators: [Indicator]
    public var location: SourceLocation
}

/// One indicator: what the document says, and how it is checked.
public struct Indicator: Sendable {
    public var id: String
    public var number: String?
    public var title: String
    public var text: String
    /// The evaluator kind, and the node that holds its parameters (the indicator mapping itself, with
    /// overrides merged in).
    public var kind: String
    public var check: NodeValue
    public var appliesTo: Applicability
    /// A reason this indicator never applies (an override's `notApplicable:`).
    public var notApplicableReason: String?
    public var deadline: Deadline?
    public var deadlineText: String?
    public var lead: [String]
    public var responsible: [String]
    public var cooperating: [String]
    public var weight: FixedPoint?
    public var notes: [String]
    public var location: SourceLocation
    /// The ruleset that defined it (a parent, for inherited indicators).
    public var origin: String
}

public enum Deadline: Sendable, Hashable, CustomStringConvertible {
    case date(CalendarDate)
    case ongoing

    public var description: String {
        switch self {
        case .date(let d): d.description
        case .ongoing: "ongoing"
        }
    }

    public var date: CalendarDate? {
        if case .date(let d) = self { return d }
        return nil
    }
}

/// When an indicator applies to a unit.
public enum Applicability: Sendable, Hashable {
    case always
    case never
    /// Every attribute has one of the listed values.
    case when([Condition])

    public struct Condition: Sendable, Hashable {
        public var attribute: String
        public var values: [String]
        public init(attribute: String, values: [String]) {
            self.attribute = attribute
            self.values = values
        }
    }

    public var text: String {
        switch self {
        case .always: return "all units"
        case .never: return "never (not applicable to the units this ruleset scores)"
        case .when(let conditions):
            return conditions.map { "\($0.attribute) ∈ {\($0.values.joined(separator: ", "))}" }.joined(separator: " and ")
        }
    }
}

/// How a unit's outcomes become a score and a grade.
public struct ScoringSpec: Sendable {
    public enum Model: String, Sendable, CaseIterable { case completion, weighted, points }
    public enum NoEvidencePolicy: String, Sendable { case unmet, excluded }
    public enum PartialPolicy: String, Sendable { case unmet, half }

    public var model: Model = .completion
    public var noEvidence: NoEvidencePolicy = .unmet
    public var partial: PartialPolicy = .unmet
    public var grades: [GradeBand] = GradeBand.defaults
    public var bonusCap: FixedPoint?
    public var penaltyCap: FixedPoint?
    public var adjustments: [AdjustmentSpec] = []
    public var vetoes: [VetoSpec] = []
}

/// A grade and the lowest score that earns it (a fraction for completion/weighted, points for points).
public struct GradeBand: Sendable, Hashable {
    public var name: String
    public var min: FixedPoint

    public static let defaults = [
        GradeBand(name: "示范", min: FixedPoint(raw: 900_000)),
        GradeBand(name: "达标", min: FixedPoint(raw: 600_000)),
        GradeBand(name: "不达标", min: .zero),
    ]
}

/// 附加项: a bonus or penalty applied when its check is met.
public struct AdjustmentSpec: Sendable {
    public enum Kind: String, Sendable { case bonus, penalty }
    public var id: String
    public var number: String?
    public var type: Kind
    public var text: String
    public var points: FixedPoint?
    public var kind: String
    public var check: NodeValue
    public var notes: [String]
}

/// A condition that caps a grade or revokes a title (一票否决, 撤销命名).
public struct VetoSpec: Sendable {
    public enum Trigger: Sendable {
        case gradeBelow(String)
        /// Triggers when the check is met.
        case when(NodeValue)
        /// Triggers when the check is not met.
        case unless(NodeValue)
    }
    public enum Effect: String, Sendable { case cap, revoke }
    public var id: String
    public var number: String?
    public var text: String
    public var trigger: Trigger
    public var effect: Effect
    public var grade: String
    public var notes: [String]
}

/// A goal for a whole region: the share of units at a grade by a year, or an assessor's judgement.
public struct RegionTarget: Sendable {
    public var id: String
    public var year: Int?
    public var text: String
    public var grade: String?
    public var min: FixedPoint?
    public var max: FixedPoint?
    public var scope: [Applicability.Condition]
    public var assessed: Bool
    public var notes: [String]
}

/// A creation drive's plan (Guyuan): the types, the steps and the list of who creates what by when.
public struct CreationPlan: Sendable {
    public struct CreationType: Sendable {
        public var id: String
        public var number: String?
        public var name: String
        public var min: FixedPoint?
        public var text: String?
    }
    public struct Step: Sendable {
        public var number: String?
        public var name: String
        public var from: CalendarDate?
        public var to: CalendarDate?
        public var text: String?
    }
    public struct Project: Sendable {
        public var number: String?
        public var title: String
    }
    public struct Entry: Sendable {
        public var year: Int
        public var unitName: String
        public var unitLevel: String?
        public var types: [String]
        public var projects: [Project]
        public var applyBy: CalendarDate?
        public var applyByText: String?
        public var notes: [String]
    }
    public var types: [CreationType] = []
    public var steps: [Step] = []
    public var entries: [Entry] = []
    public var isEmpty: Bool { types.isEmpty && steps.isEmpty && entries.isEmpty }
}
