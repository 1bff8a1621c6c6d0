public import FazhiCore
import FazhiBase

/// A reproducible synthetic region for benchmarks and demos: `units` made-up units under one plan.
///
/// Each unit gets a level (county, city, department, township), whether it has legislative power, the
/// other attributes the plan's `appliesTo` reads, and a "diligence" drawn so that grades spread over
/// the bands (about a third model, half passing, a fifth failing). Each metric is drawn on the met or
/// unmet side of the first target that reads it, sometimes exactly on the target; verdicts are met,
/// partial or unmet; completion dates fall before or after the deadline. About 2% of cells are empty
/// (no evidence). Every unit is marked invented. The same seed gives the same bytes.
///
/// `Style.export` writes the batch as a province's statistics system exports it: the id column headed
/// `unit_id`, levels as Chinese words (县 and 区 for the county level, 市, 部门, 乡镇), yes/no as 1/0
/// (attributes and boolean metrics alike), and rates as fractions with four decimals (`0.9312`,
/// `0.9000`), drawn to four decimals. Yes/no metrics that no threshold reads (a flag tested by an
/// expression) follow the unit's diligence, like every other requirement.
public struct RegionGenerator: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl, yaml }
    public enum Style: String, Sendable, CaseIterable { case plain, export }

    package let plan: EvaluationPlan
    package let seed: UInt64
    package let style: Style
    let columns: [(name: String, role: ColumnRole)]
    /// Per metric slot: the target that decides it (comparison, raw value), if any.
    let targets: [Int: Target]
    /// Per event slot: the deadline, in days since 1970-01-01.
    let deadlines: [Int: Int]
    let attributeValues: [String: [String]]

    public init(plan: EvaluationPlan, seed: UInt64, style: Style = .plain) {
        self.plan = plan
        self.seed = seed
        self.style = style
        var attributes = ["has_legislative_power"]
        for key in plan.slots { if case .attribute(let a) = key, a != "level", !attributes.contains(a) { attributes.append(a) } }
        columns = BatchColumns(plan: plan).headers(extraAttributes: attributes).map { column in
            if style == .export, case .id = column.role { return ("unit_id", column.role) }
            return column
        }
        var targets: [Int: Target] = [:]
        for planned in plan.indicators {
            for t in planned.evaluator.targets {
                guard let slot = plan.slot(.metric(t.metric)), targets[slot] == nil, plan.catalog[t.metric]?.unit == t.unit else { continue }
                targets[slot] = t
            }
        }
        self.targets = targets
        var deadlines: [Int: Int] = [:]
        let fallback = CalendarDate(year: plan.ruleset.period.to, month: 6, day: 30)!.daysSinceEpoch
        for (slot, key) in plan.slots.enumerated() {
            guard case .event(let id) = key else { continue }
            let whole = String(id.prefix { $0 != "#" })
            var day = fallback
            if let planned = plan.planned(whole) {
                if let by = planned.indicator.check["by"], let d = try? by.date() { day = d.daysSinceEpoch }
                else if let d = planned.indicator.deadline?.date { day = d.daysSinceEpoch }
            }
            deadlines[slot] = day
        }
        self.deadlines = deadlines
        var values: [String: [String]] = [:]
        for (name, codes) in plan.attributeCodes { values[name] = codes.keys.sorted() }
        attributeValues = values
    }

    static let levels: [(String, String, Int)] = [("county", "县", 50), ("city", "市", 10), ("department", "局", 35), ("township", "镇", 5)]

    /// Writes `units` units in `format`, in pieces of about a megabyte.
    /// `progress` gets the units written so far, each time a block of output goes to `sink` and at the end.
    public func write(units: Int, format: Format, progress: (Int) -> Void = { _ in },
                      to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let out = OutputBytes(capacity: 1 << 21)
        if format == .csv {
            for (i, column) in columns.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(column.name)
            }
            out.append(0x0A)
        }
        var values = [Int64](repeating: UnitFacts.missing, count: plan.slots.count)
        var text: [String: String] = [:]
        for n in 0..<units {
            unit(n, values: &values, text: &text)
            switch format {
            case .csv: csvRow(values, text, out)
            case .jsonl: jsonRow(values, text, out)
            case .yaml: yamlDocument(values, text, out)
            }
            if out.count >= 1 << 20 {
                try sink(out.bytes)
                out.removeAll()
                progress(n + 1)
            }
        }
        try sink(out.bytes)
        progress(units)
    }

    /// Unit `n`: slot values (attributes as codes) and its unit columns as text.
    func unit(_ n: Int, values: inout [Int64], text: inout [String: String]) {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(n))
        for i in values.indices { values[i] = UnitFacts.missing }
        var pick = random.below(100)
        var level = RegionGenerator.levels[0]
        for l in RegionGenerator.levels { if pick < l.2 { level = l; break }; pick -= l.2 }
        let legislative = level.0 == "city" ? random.below(10) < 8 : false
        text["id"] = "u\(String(repeating: "0", count: max(0, 7 - String(n + 1).count)))\(n + 1)"
        text["name"] = "合成\(level.1)\(n + 1)"
        text["level"] = level.0
        text["has_legislative_power"] = legislative ? "true" : "false"
        if style == .export {
            // The county level is written 县 or 区 (a city's district), as exports mix them.
            let district = random.below(3) == 0  // drawn for every unit, so the rest of the unit's draws stay put
            switch level.0 {
            case "county": text["level"] = district ? "区" : "县"
            case "city": text["level"] = "市"
            case "department": text["level"] = "部门"
            default: text["level"] = "乡镇"
            }
            text["has_legislative_power"] = legislative ? "1" : "0"
        }
        for (name, options) in attributeValues where name != "level" && name != "has_legislative_power" {
            text[name] = options.isEmpty ? "" : options[random.below(options.count)]
        }
        // Diligence: the chance that each requirement is met.
        let band = random.below(100)
        let diligence = band < 32 ? 0.90 + random.unit() * 0.10 : band < 80 ? 0.62 + random.unit() * 0.30 : 0.30 + random.unit() * 0.32
        for (slot, key) in plan.slots.enumerated() {
            if random.below(1000) < 20 { continue }  // ~2% no evidence
            let met = random.unit() < diligence
            switch key {
            case .metric(let id):
                guard let unit = plan.catalog[id]?.unit else { continue }
                values[slot] = metricValue(unit: unit, target: targets[slot], met: met, random: &random)
            case .verdict:
                values[slot] = met ? Verdict.met.rawValue : random.below(4) == 0 ? Verdict.partial.rawValue : Verdict.unmet.rawValue
            case .event:
                let by = deadlines[slot] ?? 0
                values[slot] = Int64(met ? by - random.below(120) : by + 1 + random.below(90))
            case .attribute:
                break
            }
        }
        for (slot, key) in plan.slots.enumerated() {
            guard case .attribute(let name) = key, let value = text[name] else { continue }
            values[slot] = plan.attributeCodes[name]?[UnitEvidence.normalizeAttribute(value)] ?? 0
        }
        // Evidence a check would refuse (a numerator above its denominator): left out instead.
        var facts = UnitFacts(slotCount: values.count, asOfDay: plan.ruleset.period.lastDay.daysSinceEpoch)
        facts.values = values
        var changed = true
        while changed {
            changed = false
            for planned in plan.indicators {
                if let p = planned.evaluator.evidenceProblem(facts) { facts[p.slot] = UnitFacts.missing; changed = true }
            }
        }
        values = facts.values
    }

    func metricValue(unit: MetricUnit, target: Target?, met: Bool, random: inout SplitMix64) -> Int64 {
        let scale = FixedPoint.scale
        // Rates are drawn to 0.1% (plain) or to 0.01% (export: four decimals of a fraction).
        let step: Int64 = style == .export ? 100 : 1000
        guard let target else {
            switch unit {
            case .percent: return Int64(random.below(Int(scale / step) + 1)) * step
            case .count: return Int64(random.below(40)) * scale
            case .boolean where style == .export: return met ? scale : 0
            case .boolean: return random.below(4) == 0 ? 0 : scale
            case .score: return Int64(60 + random.below(41)) * scale
            default: return Int64(1 + random.below(60)) * scale / 2
            }
        }
        let v = target.value.raw
        let onTarget = met && random.below(10) == 0
        switch (unit, target.comparison) {
        case (.boolean, _):
            return met == (v == scale) ? scale : 0
        case (.percent, .atLeast):
            if onTarget { return v }
            if met { return v + Int64(random.below(Int((scale - v) / step) + 1)) * step }
            return max(0, v - Int64(1 + random.below(Int(300_000 / step))) * step)
        case (.percent, _):
            if onTarget { return v }
            if met { return max(0, v - Int64(random.below(Int(v / step) + 1)) * step) }
            return min(scale, v + Int64(1 + random.below(Int(300_000 / step))) * step)
        case (_, .equals):
            return met ? v : v + Int64(1 + random.below(3)) * scale
        case (.count, .atLeast):
            let whole = Int(v / scale)
            if onTarget || (met && whole == 0) { return v }
            if met { return Int64(whole + random.below(4)) * scale }
            return whole == 0 ? v : Int64(random.below(whole)) * scale
        case (.count, _):
            let whole = Int(v / scale)
            if met { return Int64(random.below(whole + 1)) * scale }
            return Int64(whole + 1 + random.below(5)) * scale
        case (_, .atLeast):
            if onTarget { return v }
            if met { return v + Int64(random.below(20)) * scale / 2 }
            return v == 0 ? v : v * Int64(random.below(10)) / 10
        case (_, .atMost):
            if onTarget { return v }
            if met { return v * Int64(3 + random.below(8)) / 10 / (scale / 2) * (scale / 2) }
            return v + Int64(1 + random.below(20)) * scale / 2
        }
    }

    /// A slot value as a cell: rates as fractions (0.953), counts and durations as plain numbers,
    /// booleans true/false, verdicts met/partial/unmet, dates YYYY-MM-DD.
    func cell(_ role: ColumnRole, _ v: Int64, _ out: OutputBytes) {
        switch role {
        case .metric(_, let unit):
            if unit == .boolean, style == .export { out.append(UInt8(v == 0 ? 0x30 : 0x31)) }
            else if unit == .boolean { out.append(v == 0 ? Self.falseBytes : Self.trueBytes) }
            else if unit == .percent, style == .export { out.append(scaled: Int(v / 100), places: 4, trimZeros: false) }
            else { out.append(scaled: Int(v), places: 6, trimZeros: true) }
        case .verdict:
            out.append(v == Verdict.met.rawValue ? Self.metBytes : v == Verdict.partial.rawValue ? Self.partialBytes : Self.unmetBytes)
        case .event:
            out.append(CalendarDate(daysSinceEpoch: Int(v)).description)
        default:
            break
        }
    }

    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)
    static let metBytes = Array("met".utf8), partialBytes = Array("partial".utf8), unmetBytes = Array("unmet".utf8)

    func slot(of role: ColumnRole) -> Int? {
        switch role {
        case .metric(let s, _), .verdict(let s), .event(let s): s
        default: nil
        }
    }

    func unitText(_ name: String, _ role: ColumnRole, _ text: [String: String]) -> String {
        switch role {
        case .id: text["id"] ?? ""
        case .name: text["name"] ?? ""
        case .level: text["level"] ?? ""
        case .invented: style == .export ? "1" : "true"
        default: text[name] ?? ""
        }
    }

    func csvRow(_ values: [Int64], _ text: [String: String], _ out: OutputBytes) {
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            if let slot = slot(of: column.role) {
                if values[slot] != UnitFacts.missing { cell(column.role, values[slot], out) }
            } else {
                out.append(unitText(column.name, column.role, text))
            }
        }
        out.append(0x0A)
    }

    func jsonRow(_ values: [Int64], _ text: [String: String], _ out: OutputBytes) {
        out.append(0x7B)
        var first = true
        for column in columns {
            let slot = slot(of: column.role)
            if let slot, values[slot] == UnitFacts.missing { continue }
            if !first { out.append(0x2C) }
            first = false
            out.appendJSONString(Array(column.name.utf8))
            out.append(0x3A)
            if let slot {
                if case .metric(_, let unit) = column.role, unit != .boolean {
                    cell(column.role, values[slot], out)
                } else {
                    out.append(0x22)
                    cell(column.role, values[slot], out)
                    out.append(0x22)
                }
            } else if case .invented = column.role {
                out.append(style == .export ? [0x31] : Self.trueBytes)
            } else {
                out.appendJSONString(Array(unitText(column.name, column.role, text).utf8))
            }
        }
        out.append([0x7D, 0x0A])
    }

    func yamlDocument(_ values: [Int64], _ text: [String: String], _ out: OutputBytes) {
        out.append("---\nfazhi: 1\nunit:\n  id: \(text["id"] ?? "")\n  name: \(text["name"] ?? "")\n  level: \(text["level"] ?? "")\n  attributes:\n")
        for column in columns {
            if case .attribute = column.role { out.append("    \(column.name): \"\(text[column.name] ?? "")\"\n") }
        }
        out.append("invented: fazhi generate --seed \(seed) 生成的合成数据\n")
        for (section, wanted) in [("facts", 0), ("verdicts", 1), ("events", 2)] {
            out.append("\(section):\n")
            var any = false
            for column in columns {
                guard let slot = slot(of: column.role), values[slot] != UnitFacts.missing else { continue }
                let kind: Int
                switch column.role {
                case .metric: kind = 0
                case .verdict: kind = 1
                default: kind = 2
                }
                guard kind == wanted else { continue }
                any = true
                let key = column.name.hasPrefix("done:") ? String(column.name.dropFirst(5)) : column.name
                out.append("  \"\(key)\": ")
                if case .metric(_, .percent) = column.role {
                    out.append(scaled: Int(values[slot]) / 100, places: 2, trimZeros: true)
                    out.append(0x25)
                } else {
                    cell(column.role, values[slot], out)
                }
                out.append(0x0A)
            }
            if !any { out.append("  {}\n") }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a seed always gives the same region.
struct SplitMix64: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
