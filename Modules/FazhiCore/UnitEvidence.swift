public import FazhiBase

/// The unit being evaluated (评估对象).
public struct UnitInfo: Sendable {
    package var id: String
    package var name: String
    package var level: String?
    package var parent: String?
    /// Attributes such as has_legislative_power, normalized to text ("true"/"false" for yes/no).
    package var attributes: [String: String]

    package init(id: String, name: String, level: String? = nil, parent: String? = nil, attributes: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
        self.attributes = attributes
    }
}

/// Where a fact came from (佐证材料): the place in the evidence file, and the document it cites.
package struct FactSource: Sendable {
    package var location: SourceLocation
    /// A location to start with before the value's own is known: no file, nothing retained.
    package static let unplaced = SourceLocation(file: "", line: 0, column: 0)
    package var document: String?
    package var page: String?
    package var line: Int?
    package var quote: String?
    package var note: String?

    package init(location: SourceLocation, document: String? = nil, page: String? = nil, line: Int? = nil, quote: String? = nil, note: String? = nil) {
        self.location = location
        self.document = document
        self.page = page
        self.line = line
        self.quote = quote
        self.note = note
    }

    /// "宁城县2023年报告 第12行：“……”"
    package var citation: String {
        var parts: [String] = []
        if let document { parts.append(document) }
        if let page { parts.append("第\(page)页") }
        if let line { parts.append("第\(line)行") }
        var out = parts.joined(separator: " ")
        if let quote { out += (out.isEmpty ? "" : "：") + "“\(quote)”" }
        return out.isEmpty ? "\(location)" : out
    }
}

/// A documented exemption from one indicator, with its justification and expiry.
package struct Exemption: Sendable {
    package var justification: String
    package var expires: CalendarDate?
    package var approvedBy: String?
    package var location: SourceLocation
}

/// A creation application (创建申报) the unit filed: which creation type, when, for which projects.
/// Read from the evidence's `applications:` section; the region view checks it against the ruleset's
/// creation plan (type and deadline).
package struct CreationApplication: Sendable {
    /// A `creationTypes` id of the ruleset (`pass`, `comprehensive`, `single`).
    package var type: String
    package var date: CalendarDate
    /// Numbers of projects on the creation list, or project titles, as the evidence gives them.
    package var projects: [String]
    package var source: FactSource
}

/// One unit's evidence, laid out in a plan's slots.
public struct UnitEvidence: Sendable {
    package var unit: UnitInfo
    package var period: Int?
    package var asOf: CalendarDate
    /// True when the evidence is invented (for demos): every report made from it must say so.
    package var invented: Bool
    package var inventedNote: String?
    public var facts: UnitFacts
    package var sources: [Int: FactSource]
    package var exemptions: [String: Exemption]
    package var file: String
    package var location: SourceLocation?
    /// Where the unit's id is written (what a duplicate id points at); nil when the unit was not read from a document.
    package var idLocation: SourceLocation?
    package var warnings: [Diagnostic]
    /// Creation applications (only for rulesets with a creation plan).
    package var applications: [CreationApplication] = []

    package init(unit: UnitInfo, period: Int? = nil, asOf: CalendarDate, invented: Bool = false, inventedNote: String? = nil, facts: UnitFacts,
                sources: [Int: FactSource] = [:], exemptions: [String: Exemption] = [:], file: String, location: SourceLocation? = nil,
                warnings: [Diagnostic] = [], applications: [CreationApplication] = []) {
        self.unit = unit
        self.period = period
        self.asOf = asOf
        self.invented = invented
        self.inventedNote = inventedNote
        self.facts = facts
        self.sources = sources
        self.exemptions = exemptions
        self.file = file
        self.location = location
        self.warnings = warnings
        self.applications = applications
    }

    /// 是/true/True → "true", 否/false → "false"; anything else as written. (1 and 0 stay numbers
    /// here: they mean yes and no only for an attribute tested as true/false, `isYesNo`.)
    package static func normalizeAttribute(_ text: String) -> String {
        if text == "1" || text == "0" { return text }
        return YesNo.parse(text).map { $0 ? "true" : "false" } ?? text
    }

    /// Whether an attribute's values (a plan's `attributeCodes` keys) are all true/false, so that its
    /// cells must be a yes/no.
    package static func isYesNo(_ values: some Collection<String>) -> Bool {
        !values.isEmpty && values.allSatisfy { $0 == "true" || $0 == "false" }
    }
}

/// Reads evidence files (one unit per YAML document) against a plan. See docs/evidence-format.md.
public struct EvidenceReader: Sendable {
    package let plan: EvaluationPlan
    /// Overrides the evidence's own `asOf` (the CLI's `--as-of`).
    package var asOf: CalendarDate?
    /// What `verdicts:`, `events:` and `exemptions:` may name: indicator, adjustment and veto ids, and
    /// the keys of sub-checks (`nx-15#2`) that have verdicts or events of their own. Worked out once
    /// per reader, not per document (a batch import reads thousands).
    let entryIDs: [String]
    let entryIDSet: Set<String>

    public init(plan: EvaluationPlan, asOf: CalendarDate? = nil) {
        self.plan = plan
        self.asOf = asOf
        var known = plan.indicators.map(\.indicator.id) + plan.adjustments.map(\.spec.id) + plan.vetoes.map(\.spec.id)
        var set = Set(known)
        for key in plan.slots {
            switch key {
            case .verdict(let id), .event(let id): if set.insert(id).inserted { known.append(id) }
            default: break
            }
        }
        entryIDs = known
        entryIDSet = set
    }

    static let topKeys = ["fazhi", "unit", "period", "asOf", "invented", "sources", "facts", "verdicts", "events", "exemptions", "applications", "notes"]

    /// Every unit in a stream of documents (one file: a multi-document stream is a batch). `next`
    /// gives the documents in order and nil at the end; a syntax error ends the stream.
    package func read(stream source: SourceFile, next: () throws(Diagnostic) -> Document?) throws(DiagnosticList) -> [UnitEvidence] {
        var units: [UnitEvidence] = []
        var problems: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        while true {
            let document: Document?
            do { document = try next() } catch { problems.append(error); break }
            guard let document else { break }
            do {
                let unit = try read(document)
                if let first = seen[unit.unit.id] {
                    problems.append(Diagnostic(.error, "duplicate unit id \"\(unit.unit.id)\" in this batch; expected each unit once",
                                               at: unit.idLocation ?? unit.location, notes: [.init("first given here", at: first)]))
                } else {
                    seen[unit.unit.id] = unit.idLocation ?? unit.location
                    units.append(unit)
                }
            } catch {
                problems += error.diagnostics
            }
        }
        if units.isEmpty, problems.isEmpty {
            problems.append(Diagnostic.error("the file holds no evidence (it is empty or only comments); expected a unit's evidence",
                                             at: SourceLocation(source: source, start: Mark(line: 1, column: 1))))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return units
    }

    /// One unit from one document.
    package func read(_ document: Document) throws(DiagnosticList) -> UnitEvidence {
        let problems = Problems()
        let root = document.value
        guard root.isMapping else { throw DiagnosticList([root.expected("a mapping with unit, facts, verdicts, …")]) }
        problems.keys(root, Self.topKeys, "evidence")

        var unit = UnitInfo(id: "?", name: "?")
        var idLocation: SourceLocation?
        if let u = problems.attempt({ () throws(Diagnostic) in try root.required("unit", "the unit evaluated: { id, name, level, … }") }) {
            problems.keys(u, ["id", "name", "level", "parent", "attributes"], "the unit")
            unit.id = problems.requiredText(u, "id", "the unit's id") ?? "?"
            idLocation = u["id"]?.location
            unit.name = problems.requiredText(u, "name", "the unit's name") ?? "?"
            unit.parent = problems.text(u, "parent")
            if let written = problems.text(u, "level") {
                // 县, 部门, … name the same levels as county, department (UnitLevel).
                let level = UnitLevel.id(written) ?? written
                if UnitLevel.id(written) == nil {
                    problems.add(u["level"]!.expected(UnitLevel.accepted, hint: UnitLevel.suggestion(written)))
                }
                unit.level = level
                unit.attributes["level"] = level
            }
            if let a = u["attributes"], let entries = problems.attempt({ () throws(Diagnostic) in try a.entries() }) {
                for entry in entries {
                    guard let text = problems.attempt({ () throws(Diagnostic) in try entry.value.text() }) else { continue }
                    var value = UnitEvidence.normalizeAttribute(text)
                    // An attribute the ruleset tests as true/false must be true/false: `yes` would
                    // otherwise match neither and silently change what applies.
                    if let codes = plan.attributeCodes[entry.key], UnitEvidence.isYesNo(codes.keys) {
                        guard let yes = YesNo.parse(text) else {
                            problems.add(entry.value.expected("\(YesNo.accepted), since the ruleset's appliesTo tests it"))
                            continue
                        }
                        value = yes ? "true" : "false"
                    }
                    unit.attributes[entry.key] = value
                }
            }
        }
        var period = problems.int(root, "period")
        if let year = period, !(1949...2100).contains(year) {
            problems.add(root["period"]!.expected("a year such as 2023"))
            period = nil
        }
        let asOf = asOf ?? problems.date(root, "asOf") ?? period.flatMap { CalendarDate(year: $0, month: 12, day: 31) } ?? plan.ruleset.period.lastDay
        var invented = false
        if let inv = root["invented"] {
            if inv.isMapping || inv.node.scalar.map({ YesNo.parse($0.text) == nil }) == true {
                invented = true  // a note saying how it was invented
            } else {
                invented = problems.attempt { () throws(Diagnostic) in try inv.bool() } ?? false
            }
        }
        let inventedNote = root["invented"].flatMap { v in v.node.scalar.flatMap { YesNo.parse($0.text) != nil ? nil : $0.text } }

        var facts = UnitFacts(slotCount: plan.slots.count, asOfDay: asOf.daysSinceEpoch)
        var sources: [Int: FactSource] = [:]
        var documents: [String: String] = [:]
        for s in problems.list(root, "sources") {
            problems.keys(s, ["id", "title", "file", "url", "note"], "a source")
            if let id = problems.requiredText(s, "id", "an id facts can cite") {
                documents[id] = problems.text(s, "title") ?? problems.text(s, "file") ?? id
            }
        }

        // Unit attributes used by appliesTo.
        for (i, key) in plan.slots.enumerated() {
            if case .attribute(let name) = key, let value = unit.attributes[name] {
                facts[i] = plan.attributeCodes[name]?[value] ?? 0
            }
        }

        // Facts by metric id.
        // Where each fact was first given, as its key node: a location (a file and two marks, three
        // references) is made only for the note of a fact given twice.
        var givenFacts: [String: (key: String, node: NodeValue)] = [:]
        if let f = root["facts"], let entries = problems.attempt({ () throws(Diagnostic) in try f.entries() }) {
            for entry in entries {
                guard let metric = plan.catalog[entry.key] ?? plan.catalog.lookup(entry.key) else {
                    problems.add(entry.keyNode.error("unknown metric \"\(entry.key)\"; expected a metric id or Chinese name from the catalog",
                                                     hint: plan.catalog.didYouMean(entry.key)))
                    continue
                }
                var valueNode = entry.value
                var source = FactSource(location: FactSource.unplaced)
                if entry.value.isMapping {
                    problems.keys(entry.value, ["value", "source", "document", "page", "line", "quote", "note"], "a fact")
                    guard let v = problems.attempt({ () throws(Diagnostic) in try entry.value.required("value", "the fact's value") }) else { continue }
                    valueNode = v
                    if let cited = problems.text(entry.value, "source") {
                        if documents[cited] == nil, !documents.isEmpty {
                            problems.add(entry.value["source"]!.error("unknown source \"\(cited)\"; expected an id from \"sources\"",
                                                                      hint: Suggest.closest(to: cited, among: documents.keys).map { "did you mean \"\($0)\"?" }))
                        }
                        source.document = documents[cited] ?? cited
                    }
                    source.document = source.document ?? problems.text(entry.value, "document")
                    source.page = problems.text(entry.value, "page")
                    source.line = problems.int(entry.value, "line")
                    source.quote = problems.text(entry.value, "quote")
                    source.note = problems.text(entry.value, "note")
                }
                if let first = givenFacts[metric.id] {
                    // The same fact by id and by its Chinese name (or twice by name): which value wins
                    // would be an accident of order.
                    problems.add(Diagnostic(.error, "fact \"\(metric.id)\" is given twice (as \"\(first.key)\" and as \"\(entry.key)\"); expected it once",
                                            at: entry.keyNode.location, notes: [.init("first given here", at: first.node.location)]))
                    continue
                }
                givenFacts[metric.id] = (entry.key, entry.keyNode)
                guard let raw = Self.value(valueNode, unit: metric.unit, problems: problems) else { continue }
                if let slot = plan.slot(.metric(metric.id)) {
                    facts[slot] = raw
                    source.location = valueNode.location
                    sources[slot] = source
                }
            }
        }

        // Verdicts, events and exemptions by indicator id (optionally grouped by ruleset id).
        let rulesetIDs = [plan.ruleset.id] + plan.ruleset.ancestors
        // Per section, the key node each indicator was first given at (a location only for a note).
        var givenIndicators: [String: [String: NodeValue]] = [:]
        func givenTwice(_ entry: (key: String, keyNode: NodeValue, value: NodeValue), _ what: String) -> Bool {
            if let first = givenIndicators[what]?[entry.key] {
                problems.add(Diagnostic(.error, "\(what) for \"\(entry.key)\" is given twice; expected it once", at: entry.keyNode.location,
                                        notes: [.init("first given here", at: first.location)]))
                return true
            }
            givenIndicators[what, default: [:]][entry.key] = entry.keyNode
            return false
        }
        for (entry, _) in indicatorEntries(root["verdicts"], rulesetIDs: rulesetIDs, problems: problems, what: "verdicts") {
            if givenTwice(entry, "the verdict") { continue }
            var node = entry.value
            var source = FactSource(location: FactSource.unplaced)
            if entry.value.isMapping {
                problems.keys(entry.value, ["verdict", "by", "note", "source", "quote", "line"], "a verdict")
                guard let v = problems.attempt({ () throws(Diagnostic) in try entry.value.required("verdict", "met, partial or unmet") }) else { continue }
                node = v
                source.document = problems.text(entry.value, "by").map { "评估：\($0)" } ?? problems.text(entry.value, "source")
                source.note = problems.text(entry.value, "note")
                source.quote = problems.text(entry.value, "quote")
                source.line = problems.int(entry.value, "line")
            }
            guard let text = problems.attempt({ () throws(Diagnostic) in try node.text() }) else { continue }
            guard let verdict = Verdict(text: text) else {
                problems.add(node.expected("met, partial or unmet (达到 / 部分达到 / 未达到)"))
                continue
            }
            if let slot = plan.slot(.verdict(entry.key)) {
                facts[slot] = verdict.rawValue
                source.location = node.location
                sources[slot] = source
            }
        }
        for (entry, _) in indicatorEntries(root["events"], rulesetIDs: rulesetIDs, problems: problems, what: "events") {
            if givenTwice(entry, "the event") { continue }
            var node = entry.value
            var source = FactSource(location: FactSource.unplaced)
            if entry.value.isMapping {
                problems.keys(entry.value, ["done", "source", "quote", "line", "note"], "an event")
                guard let v = problems.attempt({ () throws(Diagnostic) in try entry.value.required("done", "the date it was done (YYYY-MM-DD)") }) else { continue }
                node = v
                source.document = problems.text(entry.value, "source")
                source.quote = problems.text(entry.value, "quote")
                source.line = problems.int(entry.value, "line")
                source.note = problems.text(entry.value, "note")
            }
            guard let date = problems.attempt({ () throws(Diagnostic) in try node.date() }) else { continue }
            if let slot = plan.slot(.event(entry.key)) {
                facts[slot] = Int64(date.daysSinceEpoch)
                source.location = node.location
                sources[slot] = source
            }
        }
        var exemptions: [String: Exemption] = [:]
        for (entry, _) in indicatorEntries(root["exemptions"], rulesetIDs: rulesetIDs, problems: problems, what: "exemptions") {
            problems.keys(entry.value, ["justification", "expires", "approvedBy"], "an exemption")
            guard let justification = problems.requiredText(entry.value, "justification", "why the indicator does not apply") else { continue }
            exemptions[entry.key] = Exemption(justification: justification, expires: problems.date(entry.value, "expires"),
                                              approvedBy: problems.text(entry.value, "approvedBy"), location: entry.value.location)
        }

        // Creation applications, for a ruleset with a creation plan (skipped for other rulesets).
        var applications: [CreationApplication] = []
        if !plan.ruleset.plan.types.isEmpty {
            let types = plan.ruleset.plan.types.map(\.id)
            for a in problems.list(root, "applications") {
                problems.keys(a, ["type", "date", "projects", "source", "quote", "line", "note"], "an application")
                guard let type = problems.requiredText(a, "type", "the creation type applied for (\(types.joined(separator: ", ")))") else { continue }
                if !types.contains(type) {
                    problems.add(a["type"]!.expected("a creation type of ruleset \"\(plan.ruleset.id)\" (\(types.joined(separator: ", ")))",
                                                     hint: Suggest.closest(to: type, among: types).map { "did you mean \"\($0)\"?" }))
                    continue
                }
                guard let dateNode = problems.attempt({ () throws(Diagnostic) in try a.required("date", "the date it was filed (YYYY-MM-DD)") }),
                      let date = problems.attempt({ () throws(Diagnostic) in try dateNode.date() }) else { continue }
                var source = FactSource(location: a.location)
                source.document = problems.text(a, "source")
                source.quote = problems.text(a, "quote")
                source.line = problems.int(a, "line")
                source.note = problems.text(a, "note")
                applications.append(CreationApplication(type: type, date: date, projects: problems.texts(a, "projects"), source: source))
            }
        }

        // Evidence a check refuses (a numerator above its denominator, …), located at the fact.
        if problems.list.isEmpty {
            // By index: `for planned in plan.indicators` copied each indicator (its texts retained and
            // released) for every document read, a tenth of reading a stored unit's evidence.
            for index in plan.indicators.indices {
                if let problem = plan.indicators[index].evaluator.evidenceProblem(facts) {
                    let location = sources[problem.slot]?.location
                    problems.add(Diagnostic.error("\(plan.indicators[index].indicator.id): \(problem.message)", at: location))
                }
            }
        }
        if !problems.list.isEmpty { throw DiagnosticList(problems.list) }
        // Evidence of a year the ruleset does not cover is scored (a ruleset may serve on), but never
        // silently: the report and standard error say so.
        var warnings: [Diagnostic] = []
        if let year = period, !plan.ruleset.period.contains(year) {
            warnings.append(Diagnostic(.warning, "佐证年度 \(year) 不在规则集 \(plan.ruleset.id) 的适用期间（\(plan.ruleset.period)年）内；"
                                       + "请核对是否用错了佐证或规则集（评估日期 \(asOf)）", at: root["period"]?.location ?? root.location))
        }
        var evidence = UnitEvidence(unit: unit, period: period, asOf: asOf, invented: invented, inventedNote: inventedNote, facts: facts,
                                    sources: sources, exemptions: exemptions, file: document.source.name, location: root.location, warnings: warnings,
                                    applications: applications)
        evidence.idLocation = idLocation
        return evidence
    }

    /// The entries of a section keyed by indicator id. Entries may be grouped under a ruleset id, so one
    /// evidence file can serve several rulesets; groups for other rulesets are skipped.
    func indicatorEntries(_ section: NodeValue?, rulesetIDs: [String], problems: Problems, what: String)
        -> [((key: String, keyNode: NodeValue, value: NodeValue), Void)]
    {
        guard let section, !section.isNull, let entries = problems.attempt({ () throws(Diagnostic) in try section.entries() }) else { return [] }
        var out: [((key: String, keyNode: NodeValue, value: NodeValue), Void)] = []
        let known = entryIDSet
        for entry in entries {
            if rulesetIDs.contains(entry.key) {
                guard let inner = problems.attempt({ () throws(Diagnostic) in try entry.value.entries() }) else { continue }
                for e in inner { check(e) }
            } else if !known.contains(entry.key), entry.value.isMapping, Self.isOtherRulesetGroup(entry.value) {
                continue  // entries for another ruleset this file also serves
            } else {
                check(entry)
            }
        }
        func check(_ e: (key: String, keyNode: NodeValue, value: NodeValue)) {
            if known.contains(e.key) { out.append((e, ())) } else {
                problems.add(e.keyNode.error("\(what) for unknown indicator \"\(e.key)\" of ruleset \"\(plan.ruleset.id)\"; expected an indicator id (or group entries under a ruleset id)",
                                             hint: Suggest.closest(to: e.key, among: entryIDs).map { "did you mean \"\($0)\"?" }))
            }
        }
        return out
    }

    /// A group of entries for another ruleset: a mapping whose own keys look like indicator ids and whose
    /// values are entries, not the fields of one entry (verdict, done, justification, …).
    static func isOtherRulesetGroup(_ value: NodeValue) -> Bool {
        guard let pairs = value.node.mapping, !pairs.isEmpty else { return false }
        let fields: Set<String> = ["verdict", "by", "note", "source", "quote", "line", "done", "justification", "expires", "approvedBy"]
        return pairs.allSatisfy { pair in
            guard let key = pair.key.scalar?.text else { return false }
            return !fields.contains(key)
        }
    }

    /// A fact's value as a slot integer, checked against the metric's unit.
    static func value(_ v: NodeValue, unit: MetricUnit, problems: Problems) -> Int64? {
        problems.attempt { () throws(Diagnostic) in try unit.read(v).raw }
    }
}
