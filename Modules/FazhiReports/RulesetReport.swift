package import FazhiCore
import FazhiBase


/// The resolved ruleset as text or as stable JSON (docs/ruleset-json.md), with a content hash.
package struct RulesetReport: Sendable {
    package let plan: EvaluationPlan
    package init(plan: EvaluationPlan) { self.plan = plan }

    var ruleset: Ruleset { plan.ruleset }

    /// The ruleset's content hash, computed in the core from the model (see `Ruleset.contentHash`).
    package var contentHash: String { ruleset.contentHash }

    package func json() -> String { json(includeHash: true, indent: 2) + "\n" }

    func json(includeHash: Bool, indent: Int?) -> String {
        var fields: [(String, JSONValue)] = [("fazhi", .int(1))]
        if includeHash { fields.append(("contentHash", .string(contentHash))) }
        fields += [
            ("id", .string(ruleset.id)),
            ("title", .string(ruleset.title)),
            ("jurisdiction", .object([("name", .string(ruleset.jurisdiction.name)), ("level", .string(ruleset.jurisdiction.level))])),
            ("issuer", .string(ruleset.issuer)),
            ("documentNumber", .text(ruleset.documentNumber)),
            ("issued", .text(ruleset.issued?.description)),
            ("period", .object([("from", .int(ruleset.period.from)), ("to", .int(ruleset.period.to))])),
            ("source", .object([("file", .string(ruleset.sourceFile)), ("note", .text(ruleset.sourceNote))]
                               + (ruleset.sourceURL == nil && ruleset.sourceRetrieved == nil ? []
                                  : [("url", .text(ruleset.sourceURL)), ("retrieved", .text(ruleset.sourceRetrieved?.description))]))),
            ("extends", .strings(ruleset.ancestors)),
            ("notes", .strings(ruleset.notes)),
        ]
        if !ruleset.gaps.isEmpty { fields.append(("gaps", .strings(ruleset.gaps))) }
        // The ruleset's own metrics, when it declares any.
        if !ruleset.metricNodes.isEmpty {
            fields.append(("metrics", .array(ruleset.metricNodes.compactMap { node in
                guard let id = node["id"]?.node.scalar?.text, let m = plan.catalog[id] else { return nil }
                return .object([("id", .string(m.id)), ("name", .string(m.name)), ("unit", .string(m.unit.rawValue)),
                                ("direction", .string(m.direction.rawValue)), ("aliases", .strings(m.aliases)), ("notes", .strings(m.notes))])
            })))
        }
        fields += [
            ("scoring", scoringJSON),
            ("regionTargets", .array(ruleset.regionTargets.map(targetJSON))),
            ("plan", planJSON),
            ("groups", .array(plan.groups.enumerated().filter { $0.element.parent == nil }.map { groupJSON($0.offset) })),
            ("counts", .object([("groups", .int(plan.groups.count)), ("indicators", .int(plan.indicators.count)),
                                ("adjustments", .int(plan.adjustments.count)), ("vetoes", .int(plan.vetoes.count))])),
        ]
        return JSONValue.object(fields).render(indent: indent)
    }

    var scoringJSON: JSONValue {
        let s = ruleset.scoring
        let points = s.model == .points
        return .object([
            ("model", .string(s.model.rawValue)),
            ("noEvidence", .string(s.noEvidence.rawValue)),
            ("partial", .string(s.partial.rawValue))] + (points ? [("notApplicable", .string(s.notApplicable.rawValue))] : []) + [
            ("grades", .array(s.grades.map { .object([("name", .string($0.name)), ("min", .number($0.min.doubleValue)),
                                                      ("minText", .string(points ? $0.min.description : $0.min.percentText))]) })),
            ("bonusCap", s.bonusCap.map { .number($0.doubleValue) } ?? .null),
            ("penaltyCap", s.penaltyCap.map { .number($0.doubleValue) } ?? .null),
            ("adjustments", .array(plan.adjustments.map { a in
                .object([("id", .string(a.spec.id)), ("number", .text(a.spec.number)), ("type", .string(a.spec.type.rawValue)),
                         ("text", .string(a.spec.text)), ("points", a.spec.points.map { .number($0.doubleValue) } ?? .null),
                         ("kind", .string(a.spec.kind)), ("requirement", .string(a.evaluator.requirement)), ("notes", .strings(a.spec.notes))]
                         + (a.spec.each.map { each in [("each", .number(each.doubleValue)), ("metric", .text(a.spec.metric)),
                                                       ("cap", a.spec.cap.map { .number($0.doubleValue) } ?? .null)] } ?? []))
            })),
            ("vetoes", .array(plan.vetoes.map { v in
                var trigger: JSONValue
                switch v.spec.trigger {
                case .gradeBelow(let g): trigger = .object([("gradeBelow", .string(g))])
                case .when: trigger = .object([("when", .string(v.evaluator?.requirement ?? ""))])
                case .unless: trigger = .object([("unless", .string(v.evaluator?.requirement ?? ""))])
                }
                return .object([("id", .string(v.spec.id)), ("number", .text(v.spec.number)), ("text", .string(v.spec.text)), ("trigger", trigger),
                                ("effect", .string(v.spec.effect.rawValue)), ("grade", .string(v.spec.grade)), ("notes", .strings(v.spec.notes))])
            })),
        ])
    }

    func targetJSON(_ t: RegionTarget) -> JSONValue {
        .object([("id", .string(t.id)), ("year", t.year.map { .int($0) } ?? .null), ("text", .string(t.text)), ("grade", .text(t.grade)),
                 ("min", t.min.map { .number($0.doubleValue) } ?? .null), ("max", t.max.map { .number($0.doubleValue) } ?? .null),
                 ("scope", .array(t.scope.map { .object([("attribute", .string($0.attribute)), ("values", .strings($0.values))]) })),
                 ("assessed", .bool(t.assessed)), ("notes", .strings(t.notes))] + (t.minUnits.map { [("units", JSONValue.int($0))] } ?? []))
    }

    var planJSON: JSONValue {
        let p = ruleset.plan
        return .object([
            ("creationTypes", .array(p.types.map { .object([("id", .string($0.id)), ("name", .string($0.name)),
                                                          ("min", $0.min.map { .number($0.doubleValue) } ?? .null), ("text", .text($0.text)),
                                                          ("notes", .strings($0.notes))]) })),
            ("steps", .array(p.steps.map { .object([("number", .text($0.number)), ("name", .string($0.name)), ("from", .text($0.from?.description)),
                                                   ("to", .text($0.to?.description)), ("text", .text($0.text)), ("notes", .strings($0.notes))]) })),
            ("creationPlan", .array(p.entries.map { e in
                .object([("year", .int(e.year)), ("unit", .string(e.unitName)), ("level", .text(e.unitLevel)), ("types", .strings(e.types)),
                         ("projects", .array(e.projects.map { .object([("number", .text($0.number)), ("title", .string($0.title))]) })),
                         ("applyBy", .text(e.applyBy?.description)), ("applyByText", .text(e.applyByText)), ("notes", .strings(e.notes))])
            })),
        ])
    }

    func groupJSON(_ index: Int) -> JSONValue {
        let g = plan.groups[index]
        return .object([
            ("id", .string(g.group.id)), ("number", .text(g.group.number)), ("title", .string(g.group.title)),
            ("weight", g.group.weight.map { .number($0.doubleValue) } ?? .null)] + (g.group.text.map { [("text", .string($0))] } ?? []) + [
            ("notes", .strings(g.group.notes)),
            ("groups", .array(g.childGroups.map(groupJSON))),
            ("indicators", .array(g.childIndicators.map { indicatorJSON(plan.indicators[$0]) })),
        ] + (g.group.order.isEmpty ? [] : [("items", .strings(g.children.map { child in
            switch child {
            case .indicator(let i): plan.indicators[i].indicator.id
            case .group(let sub): plan.groups[sub].group.id
            }
        }))]))
    }

    package func indicatorJSON(_ p: PlannedIndicator) -> JSONValue {
        let i = p.indicator
        var applies: JSONValue
        switch i.appliesTo {
        case .always: applies = .string("always")
        case .never: applies = .string("never")
        case .when(let c): applies = .array(c.map { .object([("attribute", .string($0.attribute)), ("values", .strings($0.values))]) })
        }
        return .object([
            ("id", .string(i.id)), ("number", .text(i.number)), ("title", .string(i.title)), ("text", .string(i.text)),
            ("kind", .string(i.kind)), ("requirement", .string(p.evaluator.requirement)),
            ("targets", .array(p.evaluator.targets.map { t in
                .object([("metric", .string(t.metric)), ("comparison", .string(t.comparison.rawValue)), ("value", .number(t.value.doubleValue)),
                         ("unit", .string(t.unit.rawValue)), ("per", .text(t.per)), ("text", .string(t.text))])
            })),
            ("appliesTo", applies), ("notApplicable", .text(i.notApplicableReason)),
            ("deadline", .text(i.deadline?.description)), ("deadlineText", .text(i.deadlineText)),
            ("lead", .strings(i.lead)), ("responsible", .strings(i.responsible)), ("cooperating", .strings(i.cooperating)),
            ("weight", i.weight.map { .number($0.doubleValue) } ?? .null), ("notes", .strings(i.notes)), ("origin", .string(i.origin)),
        ] + (i.unobtained.isEmpty ? [] : [("unobtained", .object(i.unobtained.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]))
    }

    // MARK: Text

    /// `width`: the terminal's columns (the table's text columns wrapped, other lines broken); nil: whole lines.
    package func text(width: Int? = nil) -> String {
        var out: [String] = []
        out.append("\(ruleset.title)")
        out.append("\(ruleset.id) · \(ruleset.jurisdiction.name)（\(ruleset.jurisdiction.level)）· \(ruleset.issuer)\(ruleset.documentNumber.map { " · \($0)" } ?? "")\(ruleset.issued.map { " · \($0)" } ?? "") · 期间 \(ruleset.period)")
        if !ruleset.ancestors.isEmpty { out.append("继承：\(ruleset.ancestors.joined(separator: " → "))") }
        out.append("来源：" + [ruleset.sourceFile.isEmpty ? nil : ruleset.sourceFile, ruleset.sourceURL,
                              ruleset.sourceRetrieved.map { "\($0) 获取" }].compactMap { $0 }.joined(separator: " · "))
        for gap in ruleset.gaps { out.append("未能转录：\(gap)") }
        // Printed fields the transcriber could not obtain.
        for p in plan.indicators where !p.indicator.unobtained.isEmpty {
            out.append("原文未取得：\(p.indicator.id) " + p.indicator.unobtained.sorted { $0.key < $1.key }.map { "\($0.key)（\($0.value)）" }.joined(separator: "，"))
        }
        for g in plan.groups where !g.group.unobtained.isEmpty {
            out.append("原文未取得：\(g.group.id) " + g.group.unobtained.sorted { $0.key < $1.key }.map { "\($0.key)（\($0.value)）" }.joined(separator: "，"))
        }
        out.append("内容哈希：\(contentHash)")
        let s = ruleset.scoring
        out.append("计分：\(ReportText.modelName(s.model))；等级：" + s.grades.map { "\($0.name) ≥ \(s.model == .points ? $0.min.description : $0.min.percentText)" }.joined(separator: "，"))
        if s.model == .points {
            // What each item is worth, and what a not applicable one earns.
            func possible(_ g: Int) -> Double {
                let group = plan.groups[g]
                if let w = group.group.weight { return w.doubleValue }
                return group.childIndicators.reduce(0.0) { $0 + (plan.indicators[$1].indicator.weight?.doubleValue ?? 1) }
                    + group.childGroups.reduce(0.0) { $0 + possible($1) }
            }
            let total = plan.groups.indices.filter { plan.groups[$0].parent == nil }.reduce(0.0) { $0 + possible($1) }
            let na: String
            switch s.notApplicable {
            case .excluded: na = "不计分（不计入满分）"
            case .full: na = "按满分计（不适用项目不扣分）"
            case .prorata: na = "按比例折算（适用项得分 × 满分 ÷ 适用项分值）"
            }
            out.append("满分：\(UnitReport.points(total)) 分（未写分值的指标按1分）；不适用的指标\(na)")
        }
        out.append("指标 \(plan.indicators.count) 项，分组 \(plan.groups.count) 个，附加项 \(plan.adjustments.count) 项，否决项 \(plan.vetoes.count) 项")
        if !ruleset.metricNodes.isEmpty {
            out.append("自带指标数据：" + ruleset.metricNodes.compactMap { $0["id"]?.node.scalar?.text }.compactMap { plan.catalog[$0] }
                .map { "\($0.id)（\($0.name)，\($0.unit.rawValue)）" }.joined(separator: "，"))
        }
        for a in plan.adjustments {
            let sign = a.spec.type == .bonus ? "加分" : "减分"
            let amount = a.spec.each.map { "每个\($0)分" + (a.spec.cap.map { "，最多\($0)分" } ?? "") } ?? a.spec.points.map { "\($0)分" } ?? "原文未规定分值"
            out.append("\(sign) \(a.spec.number ?? a.spec.id)：\(a.evaluator.requirement)；\(amount)")
        }
        out.append("")
        let points = s.model == .points
        var table = TextTable(["编号", "指标"] + (points ? ["分值"] : []) + ["检查", "要求", "适用", "时限", "牵头单位"], maxWidth: 40)
        // Each group, then its children in document order (an item that is itself a group keeps its place).
        func addGroup(_ gi: Int) {
            let g = plan.groups[gi]
            table.add([String(repeating: "  ", count: g.depth) + (g.group.number ?? g.group.id), g.group.title + (g.group.text.map { "：\($0)" } ?? "")]
                      + (points ? [""] : []) + ["", "", "", "", ""])
            for child in g.children {
                guard case .indicator(let i) = child else {
                    if case .group(let sub) = child { addGroup(sub) }
                    continue
                }
                let p = plan.indicators[i]
                let applies: String
                switch p.applicability {
                case .always: applies = ""
                case .never: applies = "不适用"
                case .when: applies = p.indicator.appliesTo.text
                }
                table.add([String(repeating: "  ", count: g.depth + 1) + (p.indicator.number ?? p.indicator.id), p.indicator.title]
                          + (points ? [UnitReport.points(p.indicator.weight?.doubleValue ?? 1)] : []) + [p.indicator.kind,
                           p.evaluator.requirement, applies, p.indicator.deadlineText ?? p.indicator.deadline?.description ?? "",
                           p.indicator.lead.joined(separator: "、")])
            }
        }
        for gi in plan.groups.indices where plan.groups[gi].parent == nil { addGroup(gi) }
        let textColumns: Set<Int> = points ? [1, 4, 5, 6, 7] : [1, 3, 4, 5, 6]
        return (out.flatMap { ReportText.wrapLine($0, width: width) } + [table.render(width: width, wrapping: textColumns)]).joined(separator: "\n")
    }

    /// One indicator in full, for `fazhi explain`.
    package func explain(_ p: PlannedIndicator, width: Int? = nil) -> String {
        let i = p.indicator
        var out: [String] = []
        out.append("\(i.number.map { "\($0) " } ?? "")\(i.title)（\(i.id)）")
        out.append("规则集：\(ruleset.id)\(i.origin != ruleset.id ? "（继承自 \(i.origin)）" : "")")
        out.append("分组：" + groupPath(p.group))
        out.append("原文：\(i.text)")
        let type = plan.catalog.metrics.isEmpty ? nil : registryKindSummary(p)
        out.append("检查：\(i.kind)\(type.map { " — \($0)" } ?? "")")
        out.append("要求：\(p.evaluator.requirement)")
        for t in p.evaluator.targets {
            let m = plan.catalog[t.metric]
            out.append("指标数据：\(t.metric)\(m.map { "（\($0.name)，单位 \($0.unit.rawValue)）" } ?? "") \(t.text)\(t.per.map { " 每\($0)" } ?? "")")
        }
        out.append("适用：\(i.notApplicableReason.map { "不适用：\($0)" } ?? i.appliesTo.text)")
        out.append("时限：\(i.deadlineText ?? i.deadline?.description ?? "未规定")\(i.deadline.map { i.deadlineText != nil ? "（\($0)）" : "" } ?? "")")
        out.append("牵头单位：\(i.lead.isEmpty ? "未列明" : i.lead.joined(separator: "、"))")
        if !i.responsible.isEmpty { out.append("责任单位：\(i.responsible.joined(separator: "、"))") }
        if !i.cooperating.isEmpty { out.append("配合单位：\(i.cooperating.joined(separator: "、"))") }
        if let w = i.weight { out.append(ruleset.scoring.model == .points ? "分值：\(w) 分" : "权重：\(w)") }
        for n in i.notes { out.append("注：\(n)") }
        out.append("位置：\(i.location)")
        return out.flatMap { ReportText.wrapLine($0, width: width) }.joined(separator: "\n")
    }

    func registryKindSummary(_ p: PlannedIndicator) -> String? {
        type(of: p.evaluator).summary
    }

    func groupPath(_ index: Int) -> String {
        var parts: [String] = []
        var g: Int? = index
        while let i = g {
            let group = plan.groups[i].group
            parts.insert([group.number, group.title].compactMap { $0 }.joined(separator: " "), at: 0)
            g = plan.groups[i].parent
        }
        return parts.joined(separator: " › ")
    }
}
