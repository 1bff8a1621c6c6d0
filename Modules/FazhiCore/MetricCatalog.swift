package import FazhiBase

/// The unit a metric is measured in.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case percent, count, days, working_days, hours, minutes, score, boolean

    /// Units of time, which duration checks accept.
    package var isDuration: Bool { self == .days || self == .working_days || self == .hours || self == .minutes }

    package var chinese: String {
        switch self {
        case .percent: "%"
        case .count: "次/件"
        case .days: "日"
        case .working_days: "个工作日"
        case .hours: "小时"
        case .minutes: "分钟"
        case .score: "分"
        case .boolean: "是/否"
        }
    }

    /// A value in this unit as people write it: "95%", "4", "3 个工作日", "是".
    package func format(_ value: FixedPoint) -> String {
        switch self {
        case .percent: return value.percentText
        case .count: return value.description
        case .boolean: return value == .zero ? "否" : "是"
        case .score: return "\(value) 分"
        default: return "\(value) \(chinese)"
        }
    }
}

extension MetricUnit {
    /// Reads a value written in this unit, for a ruleset's target and an evidence fact alike: a rate for
    /// `percent` (`95%` or `0.95`, 0–100%), a whole number of zero or more for `count`, a non-negative
    /// number for durations, 0–100 for `score`, true/false (是/否) for `boolean`.
    package func read(_ value: NodeValue) throws(Diagnostic) -> FixedPoint {
        switch self {
        case .percent:
            return try value.rate()
        case .count:
            // The one number reader (NumberParser), as a batch cell is read: full-width digits and
            // thousands separators (１２３４, 1,234) are counts too.
            guard let text = value.node.scalar?.text, !value.isNull,
                  case .success(let parsed) = NumberParser.parse(text), !parsed.hadPercent, parsed.value.isWhole else {
                throw value.expected("a whole number")
            }
            if parsed.value < .zero { throw value.expected("a count of zero or more") }
            return parsed.value
        case .boolean:
            return try value.bool() ? .one : .zero
        case .score:
            let v = try value.number()
            if v < .zero || v > FixedPoint(100) { throw value.expected("a score from 0 to 100") }
            return v
        case .days, .working_days, .hours, .minutes:
            let v = try value.number()
            if v < .zero { throw value.expected("a duration of zero or more") }
            return v
        }
    }
}

/// A measurable concept, named once and shared by every ruleset.
package struct Metric: Sendable {
    package enum Direction: String, Sendable { case higher, lower }
    package var id: String
    package var name: String
    package var unit: MetricUnit
    package var direction: Direction
    package var aliases: [String]
    package var notes: [String]
    /// How its figure is recognised in a narrative report (`fazhi extract`).
    package var patterns: [MetricPattern]
    package var location: SourceLocation?

    package init(id: String, name: String, unit: MetricUnit, direction: Direction, aliases: [String] = [], notes: [String] = [],
                patterns: [MetricPattern] = [], location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.aliases = aliases
        self.notes = notes
        self.patterns = patterns
        self.location = location
    }
}

/// `rulesets/metrics.yaml`: every metric by id, and by Chinese name or alias for CSV headers.
public struct MetricCatalog: Sendable {
    package private(set) var metrics: [Metric] = []
    private var byID: [String: Int] = [:]
    private var byName: [String: Int] = [:]
    /// The file it was read from, when it was read from one.
    package var file: String?
    /// The raw YAML of each metric (for readers that need more keys, such as extraction patterns).
    package private(set) var nodes: [String: NodeValue] = [:]

    package init(_ metrics: [Metric] = []) {
        for metric in metrics { _ = add(metric) }
    }

    package subscript(id: String) -> Metric? { byID[id].map { metrics[$0] } }

    /// A metric by id, Chinese name or alias.
    package func lookup(_ key: String) -> Metric? {
        if let i = byID[key] ?? byName[key] { return metrics[i] }
        return nil
    }

    package var ids: [String] { metrics.map(\.id) }

    /// "did you mean "court_appearance_rate" (行政机关负责人出庭应诉率)?": up to three metrics whose id,
    /// Chinese name or alias is close to `key`, closest first; nil when none is.
    package func didYouMean(_ key: String) -> String? {
        var owner: [String: Int] = [:]
        var keys: [String] = []
        for (i, m) in metrics.enumerated() {
            for k in [m.id, m.name] + m.aliases where owner[k] == nil {
                owner[k] = i
                keys.append(k)
            }
        }
        var seen: Set<Int> = []
        let found = Suggest.nearest(to: key, among: keys, limit: 10).compactMap { owner[$0] }.filter { seen.insert($0).inserted }.prefix(3)
        guard !found.isEmpty else { return nil }
        return "did you mean " + found.map { "\"\(metrics[$0].id)\" (\(metrics[$0].name))" }.joined(separator: ", ") + "?"
    }

    private mutating func add(_ metric: Metric) -> Bool {
        guard byID[metric.id] == nil else { return false }
        byID[metric.id] = metrics.count
        for name in [metric.name] + metric.aliases where byName[name] == nil { byName[name] = metrics.count }
        metrics.append(metric)
        return true
    }

    package static let allowedKeys = ["id", "name", "unit", "direction", "aliases", "notes", "patterns"]

    /// Reads a catalog document, reporting every problem in it.
    package static func read(_ root: NodeValue) throws(DiagnosticList) -> MetricCatalog {
        let path = root.source.name
        var catalog = MetricCatalog()
        catalog.file = path
        var problems: [Diagnostic] = []
        problems += root.unknownKeys(allowed: ["fazhi", "metrics"], context: "the metric catalog")
        do {
            let list = try root.required("metrics", "a list of metrics").list()
            catalog.readMetrics(list, problems: &problems)
        } catch {
            problems.append(error)
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return catalog
    }

    /// Reads metrics in the catalog's schema (a catalog's `metrics:`, or a ruleset's own) into this
    /// catalog, reporting every problem: a malformed entry, an id defined twice, a name or alias that
    /// would point at two metrics (also against the metrics already here, with a note at their place).
    package mutating func readMetrics(_ list: [NodeValue], problems: inout [Diagnostic]) {
        var firstPlace: [String: SourceLocation] = [:]
        var namePlace: [String: (String, SourceLocation?)] = [:]
        var firstListed: [String: SourceLocation] = [:]
        for metric in metrics {
            if let location = metric.location { firstPlace[metric.id] = location }
            for alias in [metric.name] + metric.aliases where namePlace[alias] == nil { namePlace[alias] = (metric.id, metric.location) }
        }
        for item in list {
            problems += item.unknownKeys(allowed: Self.allowedKeys, context: "a metric")
            do {
                let idValue = try item.required("id", "the metric's id (snake_case)")
                let id = try idValue.text()
                if !Self.isIdentifier(id) {
                    problems.append(idValue.error("metric id \"\(id)\" must be lower-case ASCII letters, digits and _"))
                }
                let name = try item.required("name", "the metric's Chinese name").text()
                let unitValue = try item.required("unit", "the unit (\(MetricUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
                let unitText = try unitValue.text()
                guard let unit = MetricUnit(rawValue: unitText) else {
                    let hint = Suggest.closest(to: unitText, among: MetricUnit.allCases.map(\.rawValue)).map { "did you mean \"\($0)\"?" }
                    problems.append(unitValue.expected("one of \(MetricUnit.allCases.map(\.rawValue).joined(separator: ", "))", hint: hint))
                    continue
                }
                var direction = Metric.Direction.higher
                if let d = item["direction"] {
                    let text = try d.text()
                    guard let parsed = Metric.Direction(rawValue: text) else {
                        problems.append(d.expected("higher or lower"))
                        continue
                    }
                    direction = parsed
                }
                let aliases = try (item["aliases"]?.listOrSingle() ?? []).map { v throws(Diagnostic) in try v.text() }
                let notes = try (item["notes"]?.listOrSingle() ?? []).map { v throws(Diagnostic) in try v.text() }
                let patterns = MetricPattern.parse(item["patterns"], unit: unit, problems: &problems)
                if byID[id] != nil || firstPlace[id] != nil {
                    let previous = firstPlace[id]
                    if byID[id] != nil, firstListed[id] == nil {
                        // A ruleset's own metric that the catalog (or a parent ruleset) already defines.
                        problems.append(Diagnostic(.error, "\(idValue.path): metric \"\(id)\" is already defined; expected a new id (a metric the catalog has is used without declaring it)",
                                                   at: idValue.location, notes: previous.map { [.init("defined here", at: $0)] } ?? []))
                        continue
                    }
                    problems.append(Diagnostic(.error, "\(idValue.path): duplicate metric id \"\(id)\"; expected each metric once",
                                               at: idValue.location, notes: previous.map { [.init("first defined here", at: $0)] } ?? []))
                    continue
                }
                firstPlace[id] = idValue.location
                firstListed[id] = idValue.location
                for alias in [name] + aliases {
                    if let (other, place) = namePlace[alias], other != id {
                        problems.append(Diagnostic(.error, "\(item.path): the name \"\(alias)\" is used by metrics \"\(other)\" and \"\(id)\"; expected each name or alias to point at one metric",
                                                   at: item.location, notes: place.map { [.init("\"\(other)\" is defined here", at: $0)] } ?? []))
                    } else {
                        namePlace[alias] = (id, idValue.location)
                    }
                }
                // Added even when a name clashed (reported above), so that its uses report nothing more.
                _ = add(Metric(id: id, name: name, unit: unit, direction: direction, aliases: aliases, notes: notes,
                               patterns: patterns, location: idValue.location))
                nodes[id] = item
            } catch {
                problems.append(error)
            }
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}
