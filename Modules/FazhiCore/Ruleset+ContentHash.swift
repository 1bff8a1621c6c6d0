import FazhiBase

extension Ruleset {
    /// SHA-256 of the resolved rules, as `sha256:` and 64 hex digits.
    ///
    /// Computed from the model, not from any file: every field that decides or shows a result (ids,
    /// printed numbers, original text, checks with their parameters, applicability, deadlines, scoring,
    /// grades, adjustments, vetoes, region goals and the creation plan) goes in, in a fixed order, with
    /// mapping keys of check parameters sorted. Where a value was written (file, line, key order,
    /// comments, flow or block style) does not, so a reformatted copy of a ruleset has the same hash and
    /// a changed threshold a different one. A campaign stores it to stay reproducible.
    public var contentHash: String {
        var hasher = CanonicalHasher()
        hasher.field("fazhi", 1)
        hasher.field("id", id)
        hasher.field("title", title)
        hasher.field("jurisdiction", jurisdiction.name, jurisdiction.level)
        hasher.field("issuer", issuer)
        hasher.field("documentNumber", documentNumber)
        hasher.field("issued", issued?.description)
        hasher.field("period", period.from, period.to)
        hasher.field("source", sourceFile, sourceNote)
        hasher.field("extends", ancestors)
        hasher.field("notes", notes)
        // Forms added later go in only when used, so that the hashes of rulesets without them stay.
        if sourceURL != nil || sourceRetrieved != nil { hasher.field("sourceURL", sourceURL, sourceRetrieved?.description) }
        if !gaps.isEmpty { hasher.field("gaps", gaps) }
        if !metricNodes.isEmpty {
            hasher.count("metrics", metricNodes.count)
            for m in metricNodes { hasher.node(m.node, skipping: []) }
        }
        scoring.hash(into: &hasher)
        hasher.count("regionTargets", regionTargets.count)
        for t in regionTargets {
            hasher.field("target", t.id, t.year, t.text, t.grade, t.min?.raw, t.max?.raw, t.assessed)
            hasher.field("scope", t.scope.map { "\($0.attribute)=\($0.values.joined(separator: ","))" })
            hasher.field("notes", t.notes)
            if let n = t.minUnits { hasher.field("units", n) }
        }
        hasher.count("types", plan.types.count)
        for t in plan.types { hasher.field("type", t.id, t.number, t.name, t.min?.raw, t.text) }
        hasher.count("steps", plan.steps.count)
        for s in plan.steps { hasher.field("step", s.number, s.name, s.from?.description, s.to?.description, s.text) }
        hasher.count("entries", plan.entries.count)
        for e in plan.entries {
            hasher.field("entry", e.year, e.unitName, e.unitLevel, e.applyBy?.description, e.applyByText)
            hasher.field("types", e.types)
            hasher.field("projects", e.projects.map { "\($0.number ?? "")|\($0.title)" })
            hasher.field("notes", e.notes)
        }
        hasher.count("groups", groups.count)
        for group in groups { group.hash(into: &hasher) }
        return "sha256:" + hasher.finish()
    }
}

extension IndicatorGroup {
    fileprivate func hash(into hasher: inout CanonicalHasher) {
        hasher.field("group", id, number, title, weight?.raw)
        if let text { hasher.field("text", text) }
        hasher.field("notes", notes)
        hasher.count("indicators", indicators.count)
        for i in indicators {
            hasher.field("indicator", i.id, i.number, i.title, i.text, i.kind)
            hasher.node(i.check.node, skipping: RulesetLoader.indicatorKeys)
            switch i.appliesTo {
            case .always: hasher.field("appliesTo", "always")
            case .never: hasher.field("appliesTo", "never")
            case .when(let conditions):
                hasher.field("appliesTo", conditions.map { "\($0.attribute)=\($0.values.joined(separator: ","))" })
            }
            hasher.field("notApplicable", i.notApplicableReason)
            hasher.field("deadline", i.deadline?.description, i.deadlineText)
            hasher.field("units", i.lead, i.responsible, i.cooperating)
            hasher.field("weight", i.weight?.raw)
            hasher.field("notes", i.notes)
        }
        hasher.count("groups", groups.count)
        for group in groups { group.hash(into: &hasher) }
        if !order.isEmpty {
            hasher.field("order", order.map { child in
                switch child {
                case .indicator(let id): "i:\(id)"
                case .group(let id): "g:\(id)"
                }
            })
        }
    }
}

extension ScoringSpec {
    fileprivate func hash(into hasher: inout CanonicalHasher) {
        hasher.field("scoring", model.rawValue, noEvidence.rawValue, partial.rawValue, bonusCap?.raw, penaltyCap?.raw)
        hasher.field("grades", grades.map { "\($0.name)≥\($0.min.raw)" })
        if notApplicable != .excluded { hasher.field("notApplicable", notApplicable.rawValue) }
        hasher.count("adjustments", adjustments.count)
        for a in adjustments {
            hasher.field("adjustment", a.id, a.number, a.type.rawValue, a.text, a.points?.raw, a.kind)
            hasher.node(a.check.node, skipping: ["id", "number", "type", "text", "points", "kind", "notes"])
            hasher.field("notes", a.notes)
        }
        hasher.count("vetoes", vetoes.count)
        for v in vetoes {
            hasher.field("veto", v.id, v.number, v.text, v.effect.rawValue, v.grade)
            switch v.trigger {
            case .gradeBelow(let grade): hasher.field("gradeBelow", grade)
            case .when(let check): hasher.field("when"); hasher.node(check.node, skipping: [])
            case .unless(let check): hasher.field("unless"); hasher.node(check.node, skipping: [])
            }
            hasher.field("notes", v.notes)
        }
    }
}

/// Feeds values to SHA-256 so that no two different sequences of values give the same bytes: each
/// value is tagged with its type and prefixed with its length.
struct CanonicalHasher {
    private var sha = SHA256()

    mutating func finish() -> String {
        let digits = Array("0123456789abcdef".utf8)
        let digest = sha.finalize()
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    private mutating func text(_ tag: UInt8, _ s: String) {
        let bytes = Array(s.utf8)
        sha.update([tag])
        integer(Int64(bytes.count))
        sha.update(bytes)
    }

    private mutating func integer(_ v: Int64) {
        sha.update((0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) })
    }

    mutating func field(_ name: String, _ values: any CanonicalValue...) {
        text(6, name)
        integer(Int64(values.count))
        for v in values { v.feed(into: &self) }
    }

    fileprivate mutating func feed(_ s: String) { text(1, s) }
    fileprivate mutating func feed(_ n: Int64) { sha.update([2]); integer(n) }
    fileprivate mutating func feed(_ b: Bool) { sha.update([3, b ? 1 : 0]) }
    fileprivate mutating func feedNil() { sha.update([0]) }
    fileprivate mutating func feedList(_ count: Int) { sha.update([4]); integer(Int64(count)) }

    mutating func count(_ name: String, _ n: Int) { field(name, n) }

    /// A check's parameters: scalars by text (null apart), lists in order, mappings by sorted key.
    mutating func node(_ node: Node, skipping: [String]) {
        switch node.content {
        case .scalar(let s):
            if node.isNull { sha.update([7]) } else { text(8, s.text) }
        case .sequence(let items):
            sha.update([9]); integer(Int64(items.count))
            for item in items { self.node(item, skipping: []) }
        case .mapping(let pairs):
            let kept = pairs.compactMap { pair -> (String, Node)? in
                guard let key = pair.key.scalar?.text, !skipping.contains(key) else { return nil }
                return (key, pair.value)
            }.sorted { $0.0 < $1.0 }
            sha.update([10]); integer(Int64(kept.count))
            for (key, value) in kept {
                text(1, key)
                self.node(value, skipping: [])
            }
        }
    }
}

/// A value the content hash takes, each kind with its own tag.
protocol CanonicalValue {
    func feed(into hasher: inout CanonicalHasher)
}

extension String: CanonicalValue { func feed(into h: inout CanonicalHasher) { h.feed(self) } }
extension Int: CanonicalValue { func feed(into h: inout CanonicalHasher) { h.feed(Int64(self)) } }
extension Int64: CanonicalValue { func feed(into h: inout CanonicalHasher) { h.feed(self) } }
extension Bool: CanonicalValue { func feed(into h: inout CanonicalHasher) { h.feed(self) } }
extension Array: CanonicalValue where Element: CanonicalValue {
    func feed(into h: inout CanonicalHasher) {
        h.feedList(count)
        for e in self { e.feed(into: &h) }
    }
}
extension Optional: CanonicalValue where Wrapped: CanonicalValue {
    func feed(into h: inout CanonicalHasher) {
        if let self { self.feed(into: &h) } else { h.feedNil() }
    }
}
