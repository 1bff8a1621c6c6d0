public import FazhiBase

/// Reads rulesets from a source, resolves `extends` and overrides, and compiles them into evaluation
/// plans. Every problem in a document is reported in one run.
public struct RulesetLoader: Sendable {
    package var catalog: MetricCatalog
    package var registry: EvaluatorRegistry
    /// Where rulesets named by path or id, and parents named by `extends`, come from.
    package var source: any RulesetSource

    public init(catalog: MetricCatalog, registry: EvaluatorRegistry, source: any RulesetSource) {
        self.catalog = catalog
        self.registry = registry
        self.source = source
    }

    static let topKeys = ["fazhi", "id", "title", "jurisdiction", "issuer", "documentNumber", "issued", "period", "source",
                          "extends", "notes", "gaps", "metrics", "scoring", "regionTargets", "creationTypes", "steps", "creationPlan", "groups", "overrides"]
    static let groupKeys = ["id", "number", "title", "text", "weight", "points", "notes", "groups", "indicators", "items"]
    /// Keys every indicator may carry besides its evaluator's parameters.
    package static let indicatorKeys = ["id", "number", "title", "text", "kind", "appliesTo", "deadline", "deadlineText",
                                       "lead", "responsible", "cooperating", "weight", "points", "notes"]
    package static let levels = UnitLevel.ids

    /// Loads and compiles a ruleset given by path or id.
    public func load(_ reference: String) throws(DiagnosticList) -> EvaluationPlan {
        let document: RulesetDocument
        do { document = try source.ruleset(reference, from: nil) } catch { throw DiagnosticList([error]) }
        return try load(document: document)
    }

    /// Loads and compiles a ruleset whose bytes are already in memory (`extends` resolves through the
    /// source). For tools, uploads and fuzzing.
    package func load(source file: SourceFile) throws(DiagnosticList) -> EvaluationPlan {
        let root: NodeValue
        do { root = try source.parse(file) } catch { throw DiagnosticList([error]) }
        return try load(document: RulesetDocument(key: file.name, root: root))
    }

    /// Loads and compiles one ruleset document.
    package func load(document: RulesetDocument) throws(DiagnosticList) -> EvaluationPlan {
        let problems = Problems()
        guard let ruleset = read(document, stack: [], problems: problems) else { throw DiagnosticList(problems.list) }
        // A parent that failed to load leaves nothing worth compiling: its error says why.
        if problems.unreadableParent { throw DiagnosticList(problems.list) }
        // Compile even when reading found problems, so an author sees the evaluator and metric problems
        // in the same run; items that could not be read were left out and report nothing more.
        // The ruleset's own metrics join the catalog for this plan only; a clash with the catalog is refused.
        var compiler = self
        if !ruleset.metricNodes.isEmpty {
            var own: [Diagnostic] = []
            compiler.catalog.readMetrics(ruleset.metricNodes, problems: &own)
            problems.add(own)
        }
        let plan: EvaluationPlan
        do throws(DiagnosticList) {
            plan = try compiler.compile(ruleset)
        } catch {
            throw DiagnosticList(problems.list + error.diagnostics)
        }
        if !problems.list.isEmpty { throw DiagnosticList(problems.list) }
        return plan
    }

    func read(_ document: RulesetDocument, stack: [String], problems: Problems) -> Ruleset? {
        let path = document.root.source.name
        let root = document.root
        guard root.isMapping else {
            problems.add(root.expected("a mapping with the ruleset's keys (fazhi, id, title, …)"))
            return nil
        }
        problems.keys(root, Self.topKeys, "a ruleset")
        if let version = root["fazhi"] {
            if problems.attempt({ () throws(Diagnostic) in try version.int() }) != 1 {
                problems.add(version.error("unsupported format version; expected 1"))
            }
        } else {
            problems.add(Diagnostic.error("(top level): missing \"fazhi\"; expected the format version (fazhi: 1)", at: SourceLocation(source: root.source, start: root.node.start)))
        }

        // The parent, when this ruleset extends one.
        var parent: Ruleset?
        // A parent that cannot be read leaves the child's own fields to be checked, but not what it
        // would inherit (title, groups, …) or override: those would only repeat the parent's error.
        var parentFailed = false
        if let extendsValue = root["extends"], !extendsValue.isNull {
            if let name = problems.attempt({ () throws(Diagnostic) in try extendsValue.text() }) {
                do throws(Diagnostic) {
                    let parentDocument = try source.ruleset(name, from: root.source)
                    if let cycleStart = stack.firstIndex(of: parentDocument.key) {
                        let chain = (stack[cycleStart...] + [document.key, parentDocument.key]).map(Self.shortName)
                        problems.add(extendsValue.error("extends cycle: \(chain.joined(separator: " → ")); expected a chain that ends"))
                    } else {
                        parent = read(parentDocument, stack: stack + [document.key], problems: problems)
                    }
                    parentFailed = parent == nil
                } catch {
                    parentFailed = true
                    if error.location != nil {
                        // Found but unreadable: the problem is in the parent, at its own line.
                        var located = error
                        located.notes.append(.init("in the ruleset extended here", at: extendsValue.location))
                        problems.add(located)
                    } else {
                        let verb = error.message.hasPrefix("no ruleset") ? "find" : "load"
                        problems.add(extendsValue.error("cannot \(verb) the extended ruleset: \(error.message)"))
                    }
                }
            }
        }

        let id = problems.requiredText(root, "id", "the ruleset's id") ?? "?"
        if id != "?", !RulesetLoader.isRulesetID(id) {
            problems.add(root["id"]!.error("ruleset id \"\(id)\" must be lower-case ASCII letters, digits and -"))
        }
        let inherited = parent != nil || parentFailed
        if parentFailed { problems.unreadableParent = true }
        func metaText(_ key: String, _ what: String, _ fallback: String?) -> String? {
            if inherited, root[key] == nil { return fallback }
            return problems.requiredText(root, key, what)
        }
        let title = metaText("title", "the document's title", parent?.title) ?? ""
        let issuer = metaText("issuer", "the issuing body", parent?.issuer) ?? ""

        var jurisdiction = parent?.jurisdiction ?? Ruleset.Jurisdiction(name: "", level: "")
        if let j = root["jurisdiction"] {
            problems.keys(j, ["name", "level"], "jurisdiction")
            jurisdiction.name = problems.requiredText(j, "name", "the jurisdiction's name") ?? ""
            if let level = problems.requiredText(j, "level", "the level (\(Self.levels.joined(separator: ", ")))") {
                if !Self.levels.contains(level) {
                    let hint = Suggest.closest(to: level, among: Self.levels).map { "did you mean \"\($0)\"?" }
                    problems.add(j["level"]!.expected("one of \(Self.levels.joined(separator: ", "))", hint: hint))
                }
                jurisdiction.level = level
            }
        } else if !inherited {
            problems.add(Diagnostic.error("(top level): missing \"jurisdiction\"; expected { name: …, level: … }", at: SourceLocation(source: root.source, start: root.node.start)))
        }

        var period = parent?.period ?? Ruleset.Period(from: 0, to: 0)
        if let p = root["period"] {
            if p.isMapping {
                problems.keys(p, ["from", "to"], "period")
                if let from = problems.int(p, "from"), let to = problems.int(p, "to") {
                    if from > to { problems.add(p.error("period starts (\(from)) after it ends (\(to))")) }
                    period = Ruleset.Period(from: from, to: to)
                } else if p["from"] == nil || p["to"] == nil {
                    problems.add(p.error("expected both \"from\" and \"to\" years"))
                }
            } else if let year = problems.attempt({ () throws(Diagnostic) in try p.int() }) {
                period = Ruleset.Period(from: year, to: year)
            }
        } else if !inherited {
            problems.add(Diagnostic.error("(top level): missing \"period\"; expected a year or { from: YEAR, to: YEAR }", at: SourceLocation(source: root.source, start: root.node.start)))
        }
        if period.from != 0, !(1949...2100).contains(period.from) || !(1949...2100).contains(period.to) {
            problems.add(root["period"]!.error("period \(period) is not a plausible year; expected years such as 2023"))
        }

        var sourceFile = parent?.sourceFile ?? ""
        var sourceNote = parent?.sourceNote
        var sourceURL = parent?.sourceURL
        var sourceRetrieved = parent?.sourceRetrieved
        if let s = root["source"] {
            problems.keys(s, ["file", "url", "retrieved", "note"], "source")
            // A file, a web address, or both; a web address with the day it was read.
            sourceURL = problems.text(s, "url")
            sourceRetrieved = problems.date(s, "retrieved")
            if let url = sourceURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")), let u = s["url"] {
                problems.add(u.expected("a web address (http:// or https://)"))
            }
            if sourceURL != nil, s["retrieved"] == nil {
                problems.add(s["url"]!.error("a source url needs \"retrieved\"; expected the day it was read (retrieved: YYYY-MM-DD)"))
            }
            sourceFile = sourceURL != nil && s["file"] == nil ? "" : problems.requiredText(s, "file", "the source document's file name (or url:)") ?? ""
            sourceNote = problems.text(s, "note")
        } else if !inherited {
            problems.add(Diagnostic.error("(top level): missing \"source\"; expected { file: … } naming the document transcribed", at: SourceLocation(source: root.source, start: root.node.start)))
        }

        var metricNodes = parent?.metricNodes ?? []
        metricNodes += problems.list(root, "metrics")

        var scoring = parent?.scoring ?? ScoringSpec()
        if let s = root["scoring"] { scoring = readScoring(s, problems: problems) }

        var groups = parent?.groups ?? []
        for g in problems.list(root, "groups") {
            if let group = readGroup(g, origin: id, problems: problems) { groups.append(group) }
        }
        if root["groups"] == nil, !inherited {
            problems.add(Diagnostic.error("(top level): missing \"groups\"; expected the tree of groups and indicators", at: SourceLocation(source: root.source, start: root.node.start)))
        }

        if let overrides = root["overrides"], !parentFailed {
            if !inherited {
                problems.add(overrides.error("overrides need \"extends\"; expected a ruleset to override"))
            } else {
                applyOverrides(overrides, to: &groups, origin: id, problems: problems)
            }
        }

        var regionTargets = parent?.regionTargets ?? []
        if let targets = root["regionTargets"] {
            regionTargets = (problems.attempt { () throws(Diagnostic) in try targets.list() } ?? []).compactMap { readRegionTarget($0, problems: problems) }
        }
        var plan = parent?.plan ?? CreationPlan()
        if root["creationTypes"] != nil || root["steps"] != nil || root["creationPlan"] != nil {
            plan = readPlan(root, problems: problems)
        }

        var ancestors: [String] = []
        if let parent { ancestors = [parent.id] + parent.ancestors }
        var notes = problems.texts(root, "notes")
        if let parent, !parent.notes.isEmpty, root["notes"] == nil { notes = parent.notes }

        return Ruleset(
            id: id, title: title, jurisdiction: jurisdiction, issuer: issuer,
            documentNumber: root["documentNumber"] != nil ? problems.text(root, "documentNumber") : (inherited ? parent?.documentNumber : nil),
            issued: root["issued"] != nil ? problems.date(root, "issued") : (inherited ? parent?.issued : nil),
            period: period, sourceFile: sourceFile, sourceNote: sourceNote, sourceURL: sourceURL, sourceRetrieved: sourceRetrieved,
            gaps: root["gaps"] != nil ? problems.texts(root, "gaps") : parent?.gaps ?? [], ancestors: ancestors, notes: notes,
            metricNodes: metricNodes, scoring: scoring, regionTargets: regionTargets, plan: plan, groups: groups, file: path)
    }

    /// The last path component of a document key, for the cycle message.
    static func shortName(_ key: String) -> String {
        guard let slash = key.lastIndex(of: "/") else { return key }
        return String(key[key.index(after: slash)...])
    }

    static func isRulesetID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    func readGroup(_ g: NodeValue, origin: String, problems: Problems) -> IndicatorGroup? {
        guard g.isMapping else { problems.add(g.expected("a group (a mapping with id, title, indicators or groups)")); return nil }
        problems.keys(g, Self.groupKeys, "a group")
        let id = problems.requiredText(g, "id", "the group's id") ?? "?"
        var unobtained: [String: String] = [:]
        let title = problems.unobtainable(g, "title", into: &unobtained) { problems.requiredText(g, "title", "the group's title as printed") } ?? ""
        let number = problems.unobtainable(g, "number", into: &unobtained) { problems.text(g, "number") }
        var weight: FixedPoint?
        if let w = g["weight"] ?? g["points"] {
            if g["weight"] != nil, let p = g["points"] {
                problems.add(p.error("a group has \"weight\" or \"points\", not both; expected one (points is the weight of the points model)"))
            }
            weight = problems.number(g, g["weight"] != nil ? "weight" : "points")
            if let v = weight, v <= .zero { problems.add(w.expected("a positive weight")) }
        }
        var subgroups = problems.list(g, "groups").compactMap { readGroup($0, origin: origin, problems: problems) }
        var indicators = problems.list(g, "indicators").compactMap { readIndicator($0, origin: origin, problems: problems) }
        var order: [IndicatorGroup.ChildID] = []
        if let items = g["items"] {
            // One ordered list of indicators and subgroups, as the document prints them: an entry with
            // indicators, groups or items of its own is a group.
            if g["groups"] != nil || g["indicators"] != nil {
                problems.add(items.error("a group lists its children in \"items\" or in \"indicators\"/\"groups\", not both"))
            }
            for item in problems.list(g, "items") {
                if item.isMapping, item["indicators"] != nil || item["groups"] != nil || item["items"] != nil {
                    if let sub = readGroup(item, origin: origin, problems: problems) { subgroups.append(sub); order.append(.group(sub.id)) }
                } else if let indicator = readIndicator(item, origin: origin, problems: problems) {
                    indicators.append(indicator)
                    order.append(.indicator(indicator.id))
                }
            }
        }
        if g["groups"] == nil, g["indicators"] == nil, g["items"] == nil {
            problems.add(Diagnostic.error("\(g.path): group \"\(id)\" has neither \"indicators\" nor \"groups\" (nor \"items\"); expected at least one", at: g.location))
        }
        var group = IndicatorGroup(id: id, number: number, title: title, weight: weight, text: problems.text(g, "text"),
                                   notes: problems.texts(g, "notes"), groups: subgroups, indicators: indicators,
                                   location: g.location, order: order)
        group.unobtained = unobtained
        return group
    }

    func readIndicator(_ v: NodeValue, origin: String, problems: Problems) -> Indicator? {
        guard v.isMapping else { problems.add(v.expected("an indicator (a mapping with id, text, kind, …)")); return nil }
        let id = problems.requiredText(v, "id", "the indicator's id") ?? "?"
        var unobtained: [String: String] = [:]
        let text = problems.unobtainable(v, "text", into: &unobtained) { problems.requiredText(v, "text", "the original Chinese text of the item") } ?? ""
        let title = problems.unobtainable(v, "title", into: &unobtained) { problems.text(v, "title") } ?? String(text.prefix(20))
        let number = problems.unobtainable(v, "number", into: &unobtained) { problems.text(v, "number") }
        let kind = problems.text(v, "kind") ?? ""  // a missing or unknown kind is reported when the check is built
        var weight: FixedPoint?
        if let w = v["weight"] ?? v["points"] {
            // `points` is the item's value (分值), the weight of the points model under its own name.
            if v["weight"] != nil, let p = v["points"] {
                problems.add(p.error("an indicator has \"weight\" or \"points\", not both; expected one (points is the weight of the points model)"))
            }
            weight = problems.number(v, v["weight"] != nil ? "weight" : "points")
            if let x = weight, x < .zero { problems.add(w.expected("a weight of zero or more")) }
        }
        var deadline: Deadline?
        if let d = v["deadline"], !d.isNull {
            if d.node.scalar?.text == "ongoing" { deadline = .ongoing }
            else if let date = problems.attempt({ () throws(Diagnostic) in try d.date() }) { deadline = .date(date) }
        }
        return Indicator(
            id: id, number: number, title: title, text: text, kind: kind, check: v,
            appliesTo: readApplicability(v["appliesTo"], problems: problems), notApplicableReason: nil,
            deadline: deadline, deadlineText: problems.text(v, "deadlineText"),
            lead: problems.texts(v, "lead"), responsible: problems.texts(v, "responsible"),
            cooperating: problems.texts(v, "cooperating"), weight: weight, notes: problems.texts(v, "notes"),
            location: v.location, origin: origin, unobtained: unobtained)
    }

    func readApplicability(_ value: NodeValue?, problems: Problems) -> Applicability {
        guard let value, !value.isNull else { return .always }
        if let text = value.node.scalar?.text {
            if text == "never" { return .never }
            if text == "always" { return .always }
            problems.add(value.expected("never, always, or a mapping of unit attributes (e.g. { has_legislative_power: true })"))
            return .always
        }
        guard let entries = problems.attempt({ () throws(Diagnostic) in try value.entries() }) else { return .always }
        var conditions: [Applicability.Condition] = []
        for entry in entries {
            guard let values = problems.attempt({ () throws(Diagnostic) in try entry.value.listOrSingle().map { x throws(Diagnostic) in try x.text() } }) else { continue }
            if values.isEmpty { problems.add(entry.value.expected("one or more values")); continue }
            var normalized = values.map(UnitEvidence.normalizeAttribute)
            if entry.key == "level" {
                for level in values where UnitLevel.id(level) == nil {
                    problems.add(entry.value.error("unknown level \"\(level)\"; expected \(UnitLevel.accepted)", hint: UnitLevel.suggestion(level)))
                }
                normalized = values.map { UnitLevel.id($0) ?? $0 }
            }
            conditions.append(.init(attribute: entry.key, values: normalized))
        }
        return .when(conditions)
    }

    // MARK: Scoring

    func readScoring(_ s: NodeValue, problems: Problems) -> ScoringSpec {
        var spec = ScoringSpec()
        problems.keys(s, ["model", "noEvidence", "partial", "notApplicable", "grades", "adjustments", "vetoes"], "scoring")
        if let m = s["model"], let text = problems.attempt({ () throws(Diagnostic) in try m.text() }) {
            if let model = ScoringSpec.Model(rawValue: text) { spec.model = model }
            else { problems.add(m.expected("completion, weighted or points", hint: Suggest.closest(to: text, among: ScoringSpec.Model.allCases.map(\.rawValue)).map { "did you mean \"\($0)\"?" })) }
        }
        if let v = s["noEvidence"], let text = problems.attempt({ () throws(Diagnostic) in try v.text() }) {
            if let p = ScoringSpec.NoEvidencePolicy(rawValue: text) { spec.noEvidence = p } else { problems.add(v.expected("unmet or excluded")) }
        }
        if let v = s["partial"], let text = problems.attempt({ () throws(Diagnostic) in try v.text() }) {
            if let p = ScoringSpec.PartialPolicy(rawValue: text) { spec.partial = p } else { problems.add(v.expected("unmet or half")) }
        }
        if let v = s["notApplicable"], let text = problems.attempt({ () throws(Diagnostic) in try v.text() }) {
            let names = ScoringSpec.NotApplicablePolicy.allCases.map(\.rawValue)
            if let p = ScoringSpec.NotApplicablePolicy(rawValue: text) {
                spec.notApplicable = p
                if spec.model != .points, p != .excluded {
                    problems.add(v.error("notApplicable: \(text) is for the points model; expected excluded (the \(spec.model.rawValue) model leaves not applicable items out of the score)"))
                }
            } else {
                problems.add(v.expected(names.joined(separator: ", "), hint: Suggest.closest(to: text, among: names).map { "did you mean \"\($0)\"?" }))
            }
        }
        if let g = s["grades"] {
            spec.grades = readGrades(g, model: spec.model, problems: problems)
            spec.gradesGiven = true
        } else if spec.model == .points {
            // The default bands are rates (90%, 60%); read as points they would grade 0.9 points 示范.
            let at = s["model"] ?? s
            problems.add(at.error("a points ruleset needs its own grades in points; expected scoring.grades, e.g. [{ name: 优秀, min: 90 }, { name: 合格, min: 60 }, { name: 不合格, min: 0 }]"))
        }
        if let a = s["adjustments"] {
            problems.keys(a, ["bonusCap", "penaltyCap", "items"], "adjustments")
            spec.bonusCap = problems.number(a, "bonusCap")
            spec.penaltyCap = problems.number(a, "penaltyCap")
            // A negative cap would turn a bonus into a deduction (and apply it to every unit).
            for (key, cap) in [("bonusCap", spec.bonusCap), ("penaltyCap", spec.penaltyCap)] {
                if let cap, cap < .zero, let node = a[key] {
                    problems.add(node.expected("a cap of zero or more points (the most the \(key == "bonusCap" ? "bonuses add" : "penalties take away"))"))
                }
            }
            for item in problems.list(a, "items") {
                guard item.isMapping else { problems.add(item.expected("an adjustment item")); continue }
                let id = problems.requiredText(item, "id", "the item's id") ?? "?"
                let typeText = problems.requiredText(item, "type", "bonus or penalty") ?? "bonus"
                guard let type = AdjustmentSpec.Kind(rawValue: typeText) else {
                    problems.add(item["type"]!.expected("bonus or penalty"))
                    continue
                }
                var points: FixedPoint?
                if let p = item["points"] {
                    points = problems.number(item, "points")
                    if let x = points, x < .zero { problems.add(p.expected("points of zero or more (the type says bonus or penalty)")) }
                }
                if let eachValue = item["each"] {
                    // Per count: `each` points for every one the count metric gives, at most `cap`.
                    problems.keys(item, ["id", "number", "type", "text", "each", "metric", "cap", "notes"], "a per-count adjustment")
                    let each = problems.number(item, "each")
                    if let x = each, x <= .zero { problems.add(eachValue.expected("points per count above zero (the type says bonus or penalty)")) }
                    let cap = problems.number(item, "cap")
                    if let x = cap, x < .zero, let c = item["cap"] { problems.add(c.expected("a cap of zero or more points")) }
                    let metric = problems.requiredText(item, "metric", "the count metric whose every one earns `each` points")
                    var adjustment = AdjustmentSpec(
                        id: id, number: problems.text(item, "number"), type: type,
                        text: problems.requiredText(item, "text", "the item's original text") ?? "", points: nil,
                        kind: "", check: item, notes: problems.texts(item, "notes"))
                    (adjustment.each, adjustment.metric, adjustment.cap) = (each ?? .zero, metric ?? "", cap)
                    spec.adjustments.append(adjustment)
                    continue
                }
                spec.adjustments.append(AdjustmentSpec(
                    id: id, number: problems.text(item, "number"), type: type,
                    text: problems.requiredText(item, "text", "the item's original text") ?? "", points: points,
                    kind: problems.requiredText(item, "kind", "an evaluator kind deciding when it applies") ?? "",
                    check: item, notes: problems.texts(item, "notes")))
            }
        }
        var vetoIDs: [String: SourceLocation?] = [:]
        for v in problems.list(s, "vetoes") {
            guard v.isMapping else { problems.add(v.expected("a veto")); continue }
            problems.keys(v, ["id", "number", "text", "when", "unless", "effect", "grade", "notes"], "a veto")
            let id = problems.requiredText(v, "id", "the veto's id") ?? "?"
            if id != "?", let idNode = v["id"] {
                if let first = vetoIDs[id] {
                    problems.add(Diagnostic(.error, "duplicate veto id \"\(id)\"; expected each veto once", at: idNode.location,
                                            notes: [.init("first defined here", at: first)]))
                } else {
                    vetoIDs[id] = idNode.location
                }
            }
            var trigger: VetoSpec.Trigger?
            if let when = v["when"] {
                if let below = when["gradeBelow"] {
                    if let g = problems.attempt({ () throws(Diagnostic) in try below.text() }) {
                        if !spec.grades.contains(where: { $0.name == g }) {
                            problems.add(below.error("unknown grade \"\(g)\"; expected one of \(spec.grades.map(\.name).joined(separator: ", "))"))
                        }
                        trigger = .gradeBelow(g)
                    }
                } else {
                    trigger = .when(when)
                }
            } else if let unless = v["unless"] {
                trigger = .unless(unless)
            } else {
                problems.add(Diagnostic.error("\(v.path): missing \"when\" or \"unless\"; expected the condition that triggers the veto", at: v.location))
            }
            let effectNames = VetoSpec.Effect.allCases.map(\.rawValue)
            let effectText = problems.requiredText(v, "effect", "cap or revoke (or notify, ungraded)") ?? "cap"
            let effect = VetoSpec.Effect(rawValue: effectText)
            if effect == nil {
                problems.add(v["effect"]!.expected("cap or revoke (or notify, ungraded)", hint: Suggest.closest(to: effectText, among: effectNames).map { "did you mean \"\($0)\"?" }))
            }
            var grade: String
            switch effect {
            case .notify:
                // 通报: nothing to cap or revoke.
                if let g = v["grade"] { problems.add(g.error("a notify veto changes no grade; expected no \"grade\"")) }
                grade = ""
            case .ungraded:
                // 不予评定: the label the unit gets instead of a band (not a band itself).
                grade = problems.text(v, "grade") ?? "不予评定"
                if spec.grades.contains(where: { $0.name == grade }), let g = v["grade"] {
                    problems.add(g.error("\"\(grade)\" is a band; expected the label of units left ungraded (default 不予评定), or effect: cap"))
                }
            default:
                grade = problems.requiredText(v, "grade", "the grade capped at or the title revoked") ?? ""
            }
            if effect == .cap || effect == .revoke || effect == nil, !grade.isEmpty, !spec.grades.contains(where: { $0.name == grade }) {
                problems.add(v["grade"]!.error("unknown grade \"\(grade)\"; expected one of \(spec.grades.map(\.name).joined(separator: ", "))"))
            }
            if let trigger, let effect {
                spec.vetoes.append(VetoSpec(id: id, number: problems.text(v, "number"), text: problems.requiredText(v, "text", "the rule's original text") ?? "",
                                            trigger: trigger, effect: effect, grade: grade, notes: problems.texts(v, "notes")))
            }
        }
        return spec
    }

    /// Grade bands from the highest. `min` is inclusive; an optional `max` must meet the band above,
    /// so that bands neither overlap nor leave a gap; the lowest band must start at zero.
    func readGrades(_ g: NodeValue, model: ScoringSpec.Model, problems: Problems) -> [GradeBand] {
        guard let list = problems.attempt({ () throws(Diagnostic) in try g.list() }), !list.isEmpty else {
            if g.isSequence { problems.add(g.expected("at least one grade band")) }
            return GradeBand.defaults
        }
        var bands: [GradeBand] = []
        var previousMin: FixedPoint?
        var names: [String: SourceLocation] = [:]
        for band in list {
            problems.keys(band, ["name", "min", "max"], "a grade band")
            guard let name = problems.requiredText(band, "name", "the grade's name (示范, 达标, …)") else { continue }
            if name.allSatisfy(\.isWhitespace), let node = band["name"] {
                // Units in this band would get a blank grade.
                problems.add(node.expected("the grade's name (示范, 达标, …); it is empty"))
                continue
            }
            guard let minValue = problems.attempt({ () throws(Diagnostic) in try band.required("min", "the lowest score of the band") }) else { continue }
            let min: FixedPoint?
            if model == .points {
                min = problems.attempt { () throws(Diagnostic) in try minValue.number() }
            } else {
                min = problems.attempt { () throws(Diagnostic) in try minValue.rate() }
            }
            guard let min else { continue }
            if let place = names[name] {
                problems.add(Diagnostic(.error, "\(band.path): grade \"\(name)\" is listed twice", at: band.location, notes: [.init("first listed here", at: place)]))
            }
            names[name] = band.location
            if let previousMin, min >= previousMin {
                problems.add(minValue.error("grade bands overlap: \"\(name)\" starts at \(format(min, model)), not below the band above it (\(format(previousMin, model))); expected bands from the highest down"))
            }
            if let maxValue = band["max"] {
                let max = model == .points ? problems.attempt({ () throws(Diagnostic) in try maxValue.number() }) : problems.attempt({ () throws(Diagnostic) in try maxValue.rate() })
                if let max, let previousMin, max != previousMin {
                    let what = max < previousMin ? "leave a gap" : "overlap"
                    problems.add(maxValue.error("grade bands \(what): \"\(name)\" ends at \(format(max, model)) but the band above starts at \(format(previousMin, model)); expected them to meet"))
                }
            }
            previousMin = min
            bands.append(GradeBand(name: name, min: min))
        }
        if let last = bands.last, last.min != .zero, let lastValue = list.last {
            problems.add(lastValue.error("grade bands leave a gap: scores below \(format(last.min, model)) get no grade; expected the lowest band to start at 0"))
        }
        return bands.isEmpty ? GradeBand.defaults : bands
    }

    func format(_ v: FixedPoint, _ model: ScoringSpec.Model) -> String { model == .points ? v.description : v.percentText }

    // MARK: Region targets and plans

    func readRegionTarget(_ t: NodeValue, problems: Problems) -> RegionTarget? {
        guard t.isMapping else { problems.add(t.expected("a region target")); return nil }
        problems.keys(t, ["id", "year", "text", "grade", "min", "max", "units", "of", "kind", "notes"], "a region target")
        let id = problems.requiredText(t, "id", "the target's id") ?? "?"
        var scope: [Applicability.Condition] = []
        if case .when(let conditions) = readApplicability(t["of"], problems: problems) { scope = conditions }
        let assessed = problems.text(t, "kind") == "assessed"
        if let k = t["kind"], !assessed { problems.add(k.expected("assessed (or no kind: a share of units at a grade)")) }
        if !assessed, t["grade"] == nil {
            problems.add(Diagnostic.error("\(t.path): missing \"grade\"; expected the grade whose share is the target (or kind: assessed)", at: t.location))
        }
        var target = RegionTarget(id: id, year: problems.int(t, "year"), text: problems.requiredText(t, "text", "the goal as printed") ?? "",
                                  grade: problems.text(t, "grade"), min: problems.rate(t, "min"), max: problems.rate(t, "max"),
                                  scope: scope, assessed: assessed, notes: problems.texts(t, "notes"))
        if let u = t["units"] {
            // A count of units (2个县（区）), not a share.
            if let n = problems.int(t, "units") {
                if n < 1 { problems.add(u.expected("a number of units, 1 or more")) }
                target.minUnits = n
            }
            if let m = t["min"] { problems.add(m.error("a region target has \"min\" (a share) or \"units\" (a number of units), not both")) }
        }
        return target
    }

    func readPlan(_ root: NodeValue, problems: Problems) -> CreationPlan {
        var plan = CreationPlan()
        for t in problems.list(root, "creationTypes") {
            problems.keys(t, ["id", "number", "name", "min", "text", "notes"], "a creation type")
            plan.types.append(.init(id: problems.requiredText(t, "id", "the type's id") ?? "?", number: problems.text(t, "number"), name: problems.requiredText(t, "name", "the type's name") ?? "",
                                    min: problems.rate(t, "min"), text: problems.text(t, "text"), notes: problems.texts(t, "notes")))
        }
        for s in problems.list(root, "steps") {
            problems.keys(s, ["number", "name", "from", "to", "text", "notes", "toText", "fromText"], "a step")
            let step = CreationPlan.Step(number: problems.text(s, "number"), name: problems.requiredText(s, "name", "the step's name") ?? "",
                                         from: problems.date(s, "from"), to: problems.date(s, "to"), text: problems.text(s, "text"),
                                         notes: problems.texts(s, "notes"))
            if let from = step.from, let to = step.to, to < from { problems.add(s["to"]!.error("the step ends (\(to)) before it starts (\(from))")) }
            plan.steps.append(step)
        }
        let typeIDs = plan.types.map(\.id)
        for e in problems.list(root, "creationPlan") {
            problems.keys(e, ["year", "unit", "types", "projects", "applyBy", "applyByText", "notes"], "a creation-plan entry")
            var unitName = "", unitLevel: String?
            if let u = e["unit"] {
                problems.keys(u, ["name", "level", "id"], "the unit")
                unitName = problems.requiredText(u, "name", "the unit's name") ?? ""
                unitLevel = problems.text(u, "level")
            } else {
                problems.add(Diagnostic.error("\(e.path): missing \"unit\"; expected { name: …, level: … }", at: e.location))
            }
            let types = problems.texts(e, "types")
            if let tv = e["types"] {
                for t in types where !typeIDs.isEmpty && !typeIDs.contains(t) {
                    problems.add(tv.error("unknown creation type \"\(t)\"; expected one of \(typeIDs.joined(separator: ", "))",
                                          hint: Suggest.closest(to: t, among: typeIDs).map { "did you mean \"\($0)\"?" }))
                }
            }
            let projects = problems.list(e, "projects").map { p in
                CreationPlan.Project(number: problems.text(p, "number"), title: problems.requiredText(p, "title", "the project's title") ?? "")
            }
            plan.entries.append(.init(year: problems.int(e, "year") ?? 0, unitName: unitName, unitLevel: unitLevel, types: types,
                                      projects: projects, applyBy: problems.date(e, "applyBy"), applyByText: problems.text(e, "applyByText"),
                                      notes: problems.texts(e, "notes")))
        }
        return plan
    }

    // MARK: Overrides

    func applyOverrides(_ overrides: NodeValue, to groups: inout [IndicatorGroup], origin: String, problems: Problems) {
        let all = groups.flatMap(Self.indicators)
        let ids = all.map(\.id)
        for o in (problems.attempt { () throws(Diagnostic) in try overrides.list() }) ?? [] {
            problems.keys(o, ["id", "set", "notApplicable", "drop", "notes"], "an override")
            guard let idValue = o["id"], let id = problems.attempt({ () throws(Diagnostic) in try idValue.text() }) else {
                problems.add(Diagnostic.error("\(o.path): missing \"id\"; expected the id of an inherited indicator", at: o.location))
                continue
            }
            guard ids.contains(id) else {
                problems.add(idValue.error("override of unknown indicator \"\(id)\"; expected an id of the extended ruleset",
                                           hint: Suggest.closest(to: id, among: ids).map { "did you mean \"\($0)\"?" }))
                continue
            }
            let actions = ["set", "notApplicable", "drop"].filter { o[$0] != nil }
            if actions.count != 1 {
                problems.add(o.error("an override needs exactly one of set, notApplicable, drop; found \(actions.isEmpty ? "none" : actions.joined(separator: ", "))"))
                continue
            }
            let extraNotes = problems.texts(o, "notes")
            switch actions[0] {
            case "drop":
                if problems.attempt({ () throws(Diagnostic) in try o["drop"]!.bool() }) == true {
                    Self.mutate(&groups) { list in list.removeAll { $0.id == id } }
                }
            case "notApplicable":
                let reason = problems.text(o, "notApplicable") ?? ""
                Self.mutate(&groups) { list in
                    for i in list.indices where list[i].id == id {
                        list[i].notApplicableReason = reason
                        list[i].notes += extraNotes
                    }
                }
            default:
                let set = o["set"]!
                guard let setPairs = set.node.mapping else { problems.add(set.expected("a mapping of fields to replace")); continue }
                let replacesKind = setPairs.contains { $0.key.scalar?.text == "kind" }
                guard let old = all.first(where: { $0.id == id }), let oldPairs = old.check.node.mapping else { continue }
                // Merge the override into the inherited mapping. Replaced values keep the override's
                // location; inherited ones were checked when the parent loaded.
                var pairs = replacesKind ? oldPairs.filter { Self.indicatorKeys.contains($0.key.scalar?.text ?? "") && $0.key.scalar?.text != "kind" } : oldPairs
                // Inherited values keep their own file and path: a problem in one names the parent.
                for i in pairs.indices {
                    let path = old.check.path.appending(pairs[i].key.scalar?.text ?? "")
                    let origin = pairs[i].value.origin ?? Node.Origin(source: old.check.source, path: path)
                    pairs[i].value.origin = origin
                    pairs[i].key.origin = pairs[i].key.origin ?? Node.Origin(source: origin.source, path: origin.path)
                }
                for pair in setPairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if key == "id" { problems.add(NodeValue(pair.key, path: set.path, source: set.source).error("an override cannot change an indicator's id")); continue }
                    if let i = pairs.firstIndex(where: { $0.key.scalar?.text == key }) { pairs[i] = pair } else { pairs.append(pair) }
                }
                let merged = NodeValue(Node(.mapping(pairs), start: set.node.start, end: set.node.end), path: set.path, source: set.source)
                if var indicator = readIndicator(merged, origin: old.origin, problems: problems) {
                    indicator.notes += extraNotes
                    Self.mutate(&groups) { list in
                        for i in list.indices where list[i].id == id { list[i] = indicator }
                    }
                }
            }
        }
    }

    static func indicators(_ group: IndicatorGroup) -> [Indicator] {
        group.indicators + group.groups.flatMap(indicators)
    }

    static func mutate(_ groups: inout [IndicatorGroup], _ body: (inout [Indicator]) -> Void) {
        for i in groups.indices {
            body(&groups[i].indicators)
            mutate(&groups[i].groups, body)
        }
    }
}
