package import FazhiCore
import FazhiBase

/// What a batch column (a CSV header, a JSON Lines key) holds, resolved once against the plan.
package enum ColumnRole: Sendable, Equatable {
    case id, name, parent, invented
    /// `level`: checked against the known levels; also an attribute slot when `appliesTo` reads it.
    case level(slot: Int?, table: Int)
    /// A unit attribute that `appliesTo` reads (values interned to codes), or one it does not (skipped).
    case attribute(slot: Int?, table: Int)
    case metric(slot: Int, unit: MetricUnit)
    case verdict(slot: Int)
    case event(slot: Int)
    /// A catalog metric this ruleset does not read: accepted and skipped, so one file serves several
    /// rulesets.
    case unused
}

/// Resolves column names against a plan: the unit columns, attributes, metrics (by id, Chinese name or
/// alias) and indicators (verdicts and completion dates).
package struct BatchColumns: Sendable {
    package let plan: EvaluationPlan
    /// Attribute value tables: for each attribute that `appliesTo` reads, its values as bytes and codes
    /// (yes/no values in every spelling the YAML reader accepts).
    let attributeTables: [[(bytes: [UInt8], code: Int64)]]
    let attributeIsBoolean: [Bool]
    let attributeTableIndex: [String: Int]

    static let unitColumns: [String: ColumnRole] = [
        "id": .id, "单位编号": .id, "unit": .id, "unit_id": .id, "单位编码": .id, "单位代码": .id,
        "name": .name, "单位名称": .name, "unit_name": .name, "名称": .name,
        "parent": .parent, "上级单位": .parent, "上级": .parent,
        "invented": .invented, "虚构": .invented,
    ]
    package static let levelNames = ["level", "层级", "单位层级"]

    /// The names a unit column may have (the store's unit tables read the same names).
    package static func names(of role: ColumnRole) -> [String] {
        unitColumns.filter { $0.value == role }.map(\.key).sorted { ($0.allSatisfy(\.isASCII) ? 0 : 1, $0) < ($1.allSatisfy(\.isASCII) ? 0 : 1, $1) }
    }
    /// Attributes a batch may carry even when this ruleset's `appliesTo` does not read them.
    static let commonAttributes = ["has_legislative_power"]

    package init(plan: EvaluationPlan) {
        self.plan = plan
        var tables: [[(bytes: [UInt8], code: Int64)]] = []
        var index: [String: Int] = [:]
        for key in plan.slots {
            guard case .attribute(let name) = key, index[name] == nil else { continue }
            var table: [(bytes: [UInt8], code: Int64)] = []
            for (value, code) in (plan.attributeCodes[name] ?? [:]).sorted(by: { $0.value < $1.value }) {
                var spellings: [String]
                switch value {
                case "true" where UnitEvidence.isYesNo(plan.attributeCodes[name]!.keys): spellings = YesNo.trueSpellings
                case "false" where UnitEvidence.isYesNo(plan.attributeCodes[name]!.keys): spellings = YesNo.falseSpellings
                case "true": spellings = YesNo.trueSpellings.filter { $0 != "1" }
                case "false": spellings = YesNo.falseSpellings.filter { $0 != "0" }
                default: spellings = [value]
                }
                // 县, 部门, …: the Chinese words for a level id (UnitLevel).
                if name == "level" { spellings += UnitLevel.words.filter { $0.id == value }.map(\.word) }
                for s in spellings { table.append((Array(s.utf8), code)) }
            }
            index[name] = tables.count
            tables.append(table)
        }
        attributeTables = tables
        attributeTableIndex = index
        // A table whose values are all true/false: a cell there must be a boolean (是/否), since `yes`
        // would match nothing and silently change what applies.
        attributeIsBoolean = tables.map { table in
            !table.isEmpty && table.allSatisfy { entry in Cells.trueSpellings.contains(entry.bytes) || Cells.falseSpellings.contains(entry.bytes) }
        }
    }

    /// An attribute cell's code in table `table`: the value's code; 0 for a value no condition names (or
    /// no table); -1 for a value that is not a boolean in a column the ruleset tests as true/false.
    func attributeCode(_ p: UnsafePointer<UInt8>, _ n: Int, table: Int) -> Int64 {
        guard table >= 0 else { return 0 }
        for entry in attributeTables[table] where Cells.equals(p, n, entry.bytes) { return entry.code }
        if attributeIsBoolean[table], case .failure = Cells.boolean(p, n) { return -1 }
        return 0
    }

    /// Every name a column may have, for "did you mean".
    var knownNames: [String] {
        var names = Array(Self.unitColumns.keys) + Self.levelNames + Self.commonAttributes
        names += plan.catalog.metrics.flatMap { [$0.id, $0.name] + $0.aliases }
        names += plan.indicators.map(\.indicator.id)
        for key in plan.slots {
            switch key {
            case .verdict(let id), .event(let id): names.append(id)
            case .attribute(let name): names.append(name)
            default: break
            }
        }
        return names
    }

    package struct UnknownColumn: Error, Sendable {
        package let name: String
        package let message: String
        package let hint: String?
    }

    /// The role of a column named `name`. Prefixes: `attr:NAME` (any attribute), `verdict:ID`,
    /// `done:ID` (a completion date); a bare indicator id is its verdict, else its completion date.
    package func role(of rawName: String) -> Result<ColumnRole, UnknownColumn> {
        let name = rawName.trimmingSpaces
        if let role = Self.unitColumns[name] { return .success(role) }
        if Self.levelNames.contains(name) {
            return .success(levelRole)
        }
        for prefix in ["attr:", "attribute:", "属性:"] where name.hasPrefix(prefix) {
            let attribute = String(name.dropFirst(prefix.count))
            return .success(attributeRole(attribute))
        }
        if attributeTableIndex[name] != nil || Self.commonAttributes.contains(name) { return .success(attributeRole(name)) }
        if let metric = plan.catalog[name] ?? plan.catalog.lookup(name) {
            guard let slot = plan.slot(.metric(metric.id)) else { return .success(.unused) }
            return .success(.metric(slot: slot, unit: metric.unit))
        }
        if name.hasPrefix("verdict:") || name.hasPrefix("done:") || name.hasPrefix("event:") {
            let isVerdict = name.hasPrefix("verdict:")
            let id = String(name.drop { $0 != ":" }.dropFirst())
            if let slot = plan.slot(isVerdict ? .verdict(id) : .event(id)) {
                return .success(isVerdict ? .verdict(slot: slot) : .event(slot: slot))
            }
            return .failure(UnknownColumn(name: rawName, message: "ruleset \"\(plan.ruleset.id)\" has no \(isVerdict ? "assessed indicator" : "indicator with a deadline") \"\(id)\"",
                                          hint: Suggest.closest(to: id, among: indicatorKeys(verdict: isVerdict)).map { "did you mean \"\($0)\"?" }))
        }
        if let slot = plan.slot(.verdict(name)) { return .success(.verdict(slot: slot)) }
        if let slot = plan.slot(.event(name)) { return .success(.event(slot: slot)) }
        if plan.planned(name) != nil {
            return .failure(UnknownColumn(name: rawName, message: "indicator \"\(name)\" is decided by metrics, not by a verdict or a date; expected its metrics' columns", hint: nil))
        }
        return .failure(UnknownColumn(name: rawName, message: "column \"\(Diagnostic.quoted(rawName))\" is not a unit column, an attribute, a metric of the catalog or an indicator of \"\(plan.ruleset.id)\"",
                                      hint: Suggest.closest(to: name, among: knownNames).map { "did you mean \"\($0)\"?" }))
    }

    var levelRole: ColumnRole {
        guard case .attribute(let slot, let table) = attributeRole("level") else { return .level(slot: nil, table: -1) }
        return .level(slot: slot, table: table)
    }

    func attributeRole(_ name: String) -> ColumnRole {
        guard let table = attributeTableIndex[name], let slot = plan.slot(.attribute(name)) else { return .attribute(slot: nil, table: -1) }
        return .attribute(slot: slot, table: table)
    }

    func indicatorKeys(verdict: Bool) -> [String] {
        plan.slots.compactMap { key in
            switch key {
            case .verdict(let id) where verdict: id
            case .event(let id) where !verdict: id
            default: nil
            }
        }
    }

    /// The column headers a complete batch for this plan has, in order: unit columns, the attributes
    /// `appliesTo` reads, every metric, every verdict, every completion date. Bare indicator ids, with
    /// `done:` only where an id has both a verdict and a date.
    package func headers(extraAttributes: [String] = []) -> [(name: String, role: ColumnRole)] {
        var out: [(String, ColumnRole)] = [("id", .id), ("name", .name), ("level", levelRole)]
        var attributes = extraAttributes
        for key in plan.slots {
            if case .attribute(let name) = key, name != "level", !attributes.contains(name) { attributes.append(name) }
        }
        for a in attributes { out.append((a, attributeRole(a))) }
        out.append(("invented", .invented))
        for (slot, key) in plan.slots.enumerated() {
            switch key {
            case .metric(let id): out.append((id, .metric(slot: slot, unit: plan.catalog[id]!.unit)))
            default: break
            }
        }
        for (slot, key) in plan.slots.enumerated() {
            if case .verdict(let id) = key, !id.contains("#") { out.append((id, .verdict(slot: slot))) }
        }
        for (slot, key) in plan.slots.enumerated() {
            if case .event(let id) = key, !id.contains("#") {
                out.append((plan.slot(.verdict(id)) != nil ? "done:\(id)" : id, .event(slot: slot)))
            }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and ideographic spaces (U+3000); Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString on Linux and is slow per cell.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{3000}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{3000}" { s = s.dropLast() }
        return String(s)
    }
}
