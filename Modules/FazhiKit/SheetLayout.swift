import FazhiBase
import FazhiCore

/// The inputs of a plan in the order a unit fills them in: unit information first, then for each
/// indicator in document order the metrics it is the first to read, its assessor verdict and its
/// completion date; then adjustments and vetoes; then anything else the plan reads. Each input is one
/// row of the template's 填报 sheet, found again on reading by its key (`m:METRIC`, `v:ID`, `e:ID`,
/// `a:ATTRIBUTE`, `u:level`, …) in the hidden 字段 column.
struct SheetLayout {
    enum Kind: Equatable {
        case unitID, unitName, level, parent, period, asOf
        case attribute(String)
        case metric(Metric)
        case verdict(String)
        case event(String)
        /// An indicator whose figures are asked for on an earlier row: a row for its exemption only.
        case indicatorOnly

        static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case (.unitID, .unitID), (.unitName, .unitName), (.level, .level), (.parent, .parent), (.period, .period), (.asOf, .asOf),
                 (.indicatorOnly, .indicatorOnly): true
            case (.attribute(let x), .attribute(let y)), (.verdict(let x), .verdict(let y)), (.event(let x), .event(let y)): x == y
            case (.metric(let x), .metric(let y)): x.id == y.id
            default: false
            }
        }
    }

    struct Input {
        var kind: Kind
        /// The indicator (or adjustment / veto) the row belongs to, for 序号 and 指标 and exemptions.
        var owner: String?
        var number: String
        var text: String
        var asked: String
        var measure: String
        var target: String
        /// Whether this is the first row of its indicator (where an exemption is written).
        var firstOfOwner: Bool

        var key: String {
            switch kind {
            case .unitID: "u:id"
            case .unitName: "u:name"
            case .level: "u:level"
            case .parent: "u:parent"
            case .period: "u:period"
            case .asOf: "u:asOf"
            case .attribute(let a): "a:\(a)"
            case .metric(let m): "m:\(m.id)" + (owner.map { "@\($0)" } ?? "")
            case .verdict(let id): "v:\(id)"
            case .event(let id): "e:\(id)"
            case .indicatorOnly: "x:\(owner ?? "")"
            }
        }
    }

    /// Level words shown in the drop-down (Chinese) and the ids the evidence reader takes.
    static let levelWords: [(String, String)] = [
        ("国家", "nation"), ("省级", "region"), ("市级", "city"), ("县级", "county"), ("乡镇", "township"), ("部门", "department"),
    ]

    /// What the bundled rulesets' unit attributes mean, for the row's label.
    static let attributeLabels: [String: String] = [
        "has_legislative_power": "是否有地方立法权（设区的市）",
        "in_performance_assessment": "是否列入绩效考核",
        "position": "职务类别（team 领导班子 / principal 正职 / deputy 副职）",
        "named_regional_demonstration_area": "是否已命名为自治区法治政府建设示范地区",
    ]

    static func level(fromCell text: String) -> String? {
        if RulesetLoader.levels.contains(text) { return text }
        return levelWords.first { $0.0 == text }?.1
    }

    let plan: EvaluationPlan
    /// Unit information rows (id and name only when the template has no unit list).
    var unitInputs: [Input] = []
    var inputs: [Input] = []

    init(plan: EvaluationPlan, withIdentity: Bool) {
        self.plan = plan
        func info(_ kind: Kind, _ asked: String, _ measure: String, _ target: String) -> Input {
            Input(kind: kind, owner: nil, number: "—", text: "单位信息", asked: asked, measure: measure, target: target, firstOfOwner: false)
        }
        if withIdentity {
            unitInputs.append(info(.unitID, "单位编码", "文本", "必填：本单位在本次考核中的编码"))
            unitInputs.append(info(.unitName, "单位名称", "文本", "必填"))
        }
        unitInputs.append(info(.level, "单位层级", "下拉选择", "国家 / 省级 / 市级 / 县级 / 乡镇 / 部门"))
        unitInputs.append(info(.parent, "上级单位", "文本", "选填"))
        unitInputs.append(info(.period, "考核年度", "年份", "选填，如 2023：按该年 12 月 31 日判断完成时限（不填则按考核期末）"))
        unitInputs.append(info(.asOf, "评估日期", "日期", "选填：判断完成时限的日期（不填则按考核年度末）"))
        var attributes: [String] = []
        for key in plan.slots {
            if case .attribute(let name) = key, name != "level", !attributes.contains(name) { attributes.append(name) }
        }
        for name in attributes {
            let codes = plan.attributeCodes[name].map { Array($0.keys).sorted() } ?? []
            let yesNo = !codes.isEmpty && codes.allSatisfy { $0 == "true" || $0 == "false" }
            unitInputs.append(info(.attribute(name), "单位属性 \(name)" + (Self.attributeLabels[name].map { "：\($0)" } ?? ""), yesNo ? "是/否" : "文本",
                                   yesNo ? "是 / 否（决定哪些指标适用）" : "决定哪些指标适用：" + codes.joined(separator: " / ")))
        }

        var covered = Set<Int>()
        let empty = UnitFacts(slotCount: plan.slots.count, asOfDay: 0)
        func add(owner: String, number: String, text: String, evaluator: (any IndicatorEvaluator)?, deadline: String?) {
            var slots: [Int] = []
            if let evaluator {
                for s in evaluator.explain(empty).slots where s >= 0 && s < plan.slots.count && !slots.contains(s) { slots.append(s) }
                for t in evaluator.targets {
                    if let s = plan.slot(.metric(t.metric)), !slots.contains(s) { slots.append(s) }
                }
            }
            for key in [SlotKey.verdict(owner), .event(owner)] {
                if let s = plan.slot(key), !slots.contains(s) { slots.append(s) }
            }
            let requirement = evaluator?.requirement ?? ""
            var first = true
            for s in slots where !covered.contains(s) {
                let input: Input
                switch plan.slots[s] {
                case .metric(let id):
                    guard let metric = plan.catalog[id] else { continue }
                    let target = evaluator?.targets.first { $0.metric == id }?.text ?? requirement
                    input = Input(kind: .metric(metric), owner: owner, number: number, text: text, asked: metric.name, measure: Self.measure(metric.unit),
                                  target: target + (deadline.map { "（时限：\($0)）" } ?? ""), firstOfOwner: first)
                case .verdict(let id):
                    input = Input(kind: .verdict(id), owner: owner, number: number, text: text, asked: "评估结论（达到 / 部分达到 / 未达到）",
                                  measure: "下拉选择", target: requirement + (deadline.map { "（时限：\($0)）" } ?? ""), firstOfOwner: first)
                case .event(let id):
                    input = Input(kind: .event(id), owner: owner, number: number, text: text, asked: "完成日期", measure: "日期",
                                  target: deadline.map { "时限：\($0)" } ?? requirement, firstOfOwner: first)
                case .attribute:
                    continue
                }
                covered.insert(s)
                inputs.append(input)
                first = false
            }
            if first {
                inputs.append(Input(kind: .indicatorOnly, owner: owner, number: number, text: text, asked: "（所需数据已在前面的指标中填报）",
                                    measure: "", target: requirement, firstOfOwner: true))
            }
        }
        for planned in plan.indicators {
            let i = planned.indicator
            add(owner: i.id, number: i.number ?? i.id, text: i.text.isEmpty ? i.title : i.text, evaluator: planned.evaluator, deadline: i.deadlineText)
        }
        for a in plan.adjustments {
            add(owner: a.spec.id, number: a.spec.number.map { "附加 \($0)" } ?? a.spec.id, text: a.spec.text, evaluator: a.evaluator, deadline: nil)
        }
        for v in plan.vetoes {
            add(owner: v.spec.id, number: v.spec.number ?? v.spec.id, text: v.spec.text, evaluator: v.evaluator, deadline: nil)
        }
        for (s, key) in plan.slots.enumerated() where !covered.contains(s) {
            switch key {
            case .metric(let id):
                guard let metric = plan.catalog[id] else { continue }
                inputs.append(Input(kind: .metric(metric), owner: nil, number: "—", text: "其他数据", asked: metric.name, measure: Self.measure(metric.unit),
                                    target: "", firstOfOwner: false))
            case .verdict(let id):
                inputs.append(Input(kind: .verdict(id), owner: nil, number: id, text: "评估结论", asked: "评估结论", measure: "下拉选择", target: "", firstOfOwner: false))
            case .event(let id):
                inputs.append(Input(kind: .event(id), owner: nil, number: id, text: "完成日期", asked: "完成日期", measure: "日期", target: "", firstOfOwner: false))
            case .attribute:
                continue
            }
        }
    }

    static func measure(_ unit: MetricUnit) -> String {
        switch unit {
        case .percent: "百分比（如 95%）"
        case .count: "次/件（整数）"
        case .days: "日"
        case .working_days: "个工作日"
        case .hours: "小时"
        case .minutes: "分钟"
        case .score: "分（0–100）"
        case .boolean: "是/否"
        }
    }
}
