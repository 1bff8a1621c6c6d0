public import FazhiCore
public import FazhiSheets
import FazhiBase

/// The fill-in workbook (`fazhi template`): a 填报说明 sheet, one long 填报 sheet and a hidden `_fazhi`
/// sheet that names the ruleset, its content hash and the column layout.
///
/// Why one long sheet rather than a sheet per unit: Excel and WPS slow down with thousands of sheets
/// and a sheet name holds at most 31 characters, so a sheet per unit breaks at 3,000 units; one sheet
/// with a unit column filters and sorts, prints per unit (the header repeats on every page) and is read
/// back in one stream.
enum SheetTemplate {
    static let dataSheet = "填报"
    static let guideSheet = "填报说明"
    static let metaSheet = "_fazhi"
    static let format = "fazhi-template 1"

    /// Column headers, in the order written. Reading finds them by name, so moved columns still read.
    enum Column: String, CaseIterable {
        case unitID = "单位编码", unitName = "单位名称", number = "序号", indicator = "指标", asked = "填报内容", measure = "计量单位",
             target = "目标/要求", value = "填报值", evidence = "佐证材料", note = "说明", exemption = "不适用/豁免理由", key = "字段"

        var width: Double {
            switch self {
            case .unitID: 12
            case .unitName: 18
            case .number: 8
            case .indicator: 48
            case .asked: 26
            case .measure: 12
            case .target: 24
            case .value: 14
            case .evidence: 30
            case .note: 24
            case .exemption: 22
            case .key: 20
            }
        }
    }

    static let inputFill = "FFF2CC"
    static let headerFill = "D9E1F2"
    static let infoFill = "E2EFDA"

    static func build(plan: EvaluationPlan, units: [UnitInfo], evidence: [UnitEvidence] = [], deadline: String? = nil) -> Workbook {
        let units = evidence.isEmpty ? units : evidence.map(\.unit)
        var prefill: [String: UnitEvidence] = [:]
        for e in evidence { prefill[e.unit.id] = e }
        let layout = SheetLayout(plan: plan, withIdentity: units.isEmpty)
        let book = Workbook()
        guide(book.addSheet(guideSheet), plan: plan, units: units, deadline: deadline)
        let sheet = book.addSheet(dataSheet)
        let columns = Column.allCases
        sheet.columnWidths = columns.map(\.width)
        sheet.hiddenColumns = [columns.count]
        sheet.frozenRows = 1
        sheet.frozenColumns = 3
        sheet.autoFilter = true
        sheet.printTitleRows = 1...1
        sheet.protected = true
        let header = CellStyle(bold: true, wrap: true, fill: headerFill, border: true)
        sheet.addRow(columns.map { Cell.text($0.rawValue, header) }, height: 30)

        let locked = CellStyle(wrap: true, border: true)
        let lockedInfo = CellStyle(wrap: true, fill: infoFill, border: true)
        let open = CellStyle(wrap: true, format: .text, locked: false, fill: inputFill, border: true)
        var ranges: [String: [Int]] = [:]  // validation name → rows
        func inputStyle(_ kind: SheetLayout.Kind) -> CellStyle {
            var s = CellStyle(wrap: false, locked: false, fill: inputFill, border: true)
            switch kind {
            case .metric(let m):
                switch m.unit {
                case .percent: s.format = .percent2
                case .count: s.format = .integer
                case .boolean: s.format = .text
                default: s.format = .general
                }
            case .event: s.format = .date
            case .period: s.format = .integer
            case .asOf: s.format = .date
            case .indicatorOnly: return CellStyle(border: true, top: true)
            default: s.format = .text
            }
            return s
        }
        func validation(_ kind: SheetLayout.Kind) -> String? {
            switch kind {
            case .level: "level"
            case .period: "year"
            case .asOf: "date"
            case .attribute(let a):
                if let codes = plan.attributeCodes[a], !codes.isEmpty, codes.keys.allSatisfy({ $0 == "true" || $0 == "false" }) { "yesno" } else { nil }
            case .metric(let m):
                switch m.unit {
                case .percent: "percent"
                case .count: "count"
                case .boolean: "yesno"
                case .score: "score"
                default: "duration"
                }
            case .verdict: "verdict"
            case .event: "date"
            default: nil
            }
        }

        let blocks: [UnitInfo?] = units.isEmpty ? [nil] : units
        for unit in blocks {
            let id = unit?.id ?? ""
            let name = unit?.name ?? ""
            let rows = layout.unitInputs + layout.inputs
            for input in rows {
                let info = input.owner == nil && input.number == "—" && input.text == "单位信息"
                let base = info ? lockedInfo : locked
                var value: Cell = .blank(inputStyle(input.kind))
                if let unit {
                    switch input.kind {
                    case .level:
                        if let level = unit.level { value = Cell(.text(SheetLayout.levelWords.first { $0.1 == level }?.0 ?? level), inputStyle(input.kind)) }
                    case .parent:
                        if let parent = unit.parent { value = Cell(.text(parent), inputStyle(input.kind)) }
                    case .attribute(let a):
                        if let v = unit.attributes[a] { value = Cell(.text(v == "true" ? "是" : v == "false" ? "否" : v), inputStyle(input.kind)) }
                    default: break
                    }
                    if let e = prefill[unit.id] { value = prefilled(e, input, style: inputStyle(input.kind)) ?? value }
                }
                var exemption: Cell = input.firstOfOwner ? .blank(open) : .blank(locked)
                var document: String?
                if let unit, let e = prefill[unit.id] {
                    if input.firstOfOwner, let owner = input.owner, let x = e.exemptions[owner] { exemption = .text(x.justification, open) }
                    document = slot(input.kind).flatMap { e.sources[$0] }.flatMap { $0.document ?? $0.quote }
                }
                let row = sheet.rows + 1
                if let v = validation(input.kind) { ranges[v, default: []].append(row) }
                if input.firstOfOwner { ranges["exemption", default: []].append(row) }
                let noValue = input.kind == .indicatorOnly
                let height = Worksheet.height(wrapping: [(input.text, Column.indicator.width), (input.asked, Column.asked.width),
                                                         (input.target, Column.target.width)], lineHeight: 14)
                sheet.addRow([
                    .text(id, base), .text(name, base), .text(input.number, base), .text(input.text, base), .text(input.asked, base),
                    .text(input.measure, base), .text(input.target, base), value,
                    noValue ? .blank(locked) : document.map { .text($0, open) } ?? .blank(open), noValue ? .blank(locked) : .blank(open), exemption, .text(input.key, base),
                ], height: height)
            }
        }
        func slot(_ kind: SheetLayout.Kind) -> Int? {
            switch kind {
            case .metric(let m): plan.slot(.metric(m.id))
            case .verdict(let id): plan.slot(.verdict(id))
            case .event(let id): plan.slot(.event(id))
            default: nil
            }
        }
        func prefilled(_ e: UnitEvidence, _ input: SheetLayout.Input, style: CellStyle) -> Cell? {
            if input.kind == .period { return e.period.map { Cell(.number(Double($0)), style) } }
            if input.kind == .asOf { return Cell(.date(e.asOf), style) }
            guard let s = slot(input.kind), e.facts.has(s) else { return nil }
            let raw = e.facts[s]
            switch input.kind {
            case .metric(let m):
                let value = FixedPoint(raw: raw)
                switch m.unit {
                case .boolean: return Cell(.text(value == .zero ? "否" : "是"), style)
                default: return Cell(.decimal(value.description), style)
                }
            case .verdict:
                switch Verdict(rawValue: raw) {
                case .met: return Cell(.text("达到"), style)
                case .partial: return Cell(.text("部分达到"), style)
                default: return Cell(.text("未达到"), style)
                }
            case .event:
                return Cell(.date(CalendarDate(daysSinceEpoch: Int(raw))), style)
            default:
                return nil
            }
        }
        let value = SourceLocation.columnName(Column.allCases.firstIndex(of: .value)! + 1)
        func sqref(_ rows: [Int], _ column: String) -> String {
            var parts: [String] = []
            var i = 0
            while i < rows.count {
                var j = i
                while j + 1 < rows.count, rows[j + 1] == rows[j] + 1 { j += 1 }
                parts.append(i == j ? "\(column)\(rows[i])" : "\(column)\(rows[i]):\(column)\(rows[j])")
                i = j + 1
            }
            return parts.joined(separator: " ")
        }
        let levels = SheetLayout.levelWords.map(\.0)
        let rules: [(String, DataValidation.Rule, String, String)] = [
            ("level", .list(levels), "单位层级", "请从下拉列表中选择：" + levels.joined(separator: "、")),
            ("yesno", .list(["是", "否"]), "是/否", "请选择“是”或“否”"),
            ("percent", .decimal(0, 1), "百分比", "请填写 0% 到 100% 之间的百分比（如 95%）"),
            ("count", .whole(0, 999_999_999), "次/件", "请填写 0 或正整数"),
            ("score", .decimal(0, 100), "分", "请填写 0 到 100 之间的分数"),
            ("duration", .decimal(0, 1_000_000), "时长", "请填写 0 或正数"),
            ("verdict", .list(["达到", "部分达到", "未达到"]), "评估结论", "请从下拉列表中选择：达到、部分达到、未达到"),
            ("year", .whole(1949, 2100), "考核年度", "请填写年份，如 2023"),
            ("date", .date(CalendarDate(year: 1990, month: 1, day: 1)!, CalendarDate(year: 2100, month: 12, day: 31)!), "完成日期", "请填写日期，如 2023-06-30"),
        ]
        for (name, rule, title, message) in rules {
            guard let rows = ranges[name], !rows.isEmpty else { continue }
            sheet.validations.append(DataValidation(rule, ranges: sqref(rows, value), title: title, message: message, prompt: message))
        }

        let meta = book.addSheet(metaSheet)
        meta.hidden = true
        meta.addRow([.text("format"), .text(format)])
        meta.addRow([.text("ruleset"), .text(plan.ruleset.id)])
        meta.addRow([.text("hash"), .text(plan.ruleset.contentHash)])
        meta.addRow([.text("sheet"), .text(dataSheet)])
        meta.addRow([.text("columns")] + Column.allCases.map { .text($0.rawValue) })
        for unit in units { meta.addRow([.text("unit"), .text(unit.id), .text(unit.name)]) }
        return book
    }

    static func guide(_ sheet: Worksheet, plan: EvaluationPlan, units: [UnitInfo], deadline: String?) {
        sheet.columnWidths = [90]
        sheet.fitToWidth = true
        sheet.landscape = false
        let title = CellStyle(bold: true, wrap: true)
        let body = CellStyle(wrap: true)
        let r = plan.ruleset
        sheet.addRow([.text("\(r.title) 填报模板", title)], height: 24)
        var lines: [(String, Bool)] = [
            ("依据：\(r.issuer)\(r.documentNumber.map { "（\($0)）" } ?? "")，考核期 \(r.period)。规则集 \(r.id)，内容校验码 \(String(r.contentHash.prefix(16)))。", false),
            ("", false),
            ("一、填什么", true),
            ("在“\(dataSheet)”工作表中，每一行是一项需要填报的数据。只填黄色单元格：“填报值”“佐证材料”“说明”，以及每个指标第一行的“不适用/豁免理由”。其他单元格已锁定（工作表保护未设密码，只为防止误改模板结构；请勿删除、插入或移动行，不要改“字段”列）。", false),
            (units.isEmpty
                ? "先在最上面的“单位信息”行填写单位编码、单位名称、单位层级和单位属性，再逐行填写各指标的数据。"
                : "每个单位一组行（“单位编码”“单位名称”列已填好，共 \(units.count) 个单位），可用表头的筛选按钮只显示本单位的行；单位层级和属性已按单位名单填好，如有不符请改正。", false),
            ("", false),
            ("二、怎么填（计量单位）", true),
            ("百分比：填 95% 或 0.95（单元格已设为百分比格式，直接输入 95% 即可）；填 95 会被当作 9500%，读取时报错。", false),
            ("次/件：0 或正整数。日、个工作日、小时、分钟：0 或正数，最多六位小数。分：0–100。", false),
            ("是/否、评估结论（达到 / 部分达到 / 未达到）、单位层级：从下拉列表中选择。", false),
            ("完成日期：填日期，如 2023-06-30；未完成的留空。", false),
            ("没有数据的留空（读取为“无佐证”），不要填 0 或“无”：0 表示确实为零。", false),
            ("", false),
            ("三、不适用与豁免", true),
            ("某项指标是否适用，由单位层级和单位属性（如是否有地方立法权）决定，程序自动判断，无需填写。", false),
            ("确因特殊情况不适用的，在该指标第一行“不适用/豁免理由”中写明理由（如批准文件），该指标即按豁免处理，不计入分母；无理由的不予豁免。", false),
            ("", false),
            ("四、佐证材料", true),
            ("“佐证材料”列写明支撑该数据的文件：文件名称、文号、页码（如“××县2023年法治政府建设年度报告 第5页”）。材料本身按考核办要求另行报送或上传，本表只登记名称。", false),
            ("", false),
            ("五、时限与报送", true),
            ("各指标的完成时限见“目标/要求”列。" + (deadline.map { "填报截止日期：\($0)。" } ?? "填报截止时间以考核办通知为准。") + "填好后直接保存为 .xlsx（不要另存为 .xls 或启用宏的 .xlsm），报送考核办。", false),
            ("读取时，每个有问题的单元格都会报出位置（如 \(dataSheet)!H12）、应填什么和实际填了什么；有任何错误时整份表格都不导入，改正后重新报送即可。", false),
        ]
        if !plan.ruleset.scoring.grades.isEmpty {
            lines.append(("", false))
            lines.append(("六、等级", true))
            lines.append((plan.ruleset.scoring.grades.map { $0.name }.joined(separator: " / "), false))
        }
        for (text, bold) in lines { sheet.addRow([.text(text, bold ? title : body)], height: Worksheet.height(wrapping: [(text, 90)])) }
    }
}

extension Workspace {
    /// The fill-in workbook for a ruleset: one block of rows per unit given (their ids, names, levels
    /// and attributes filled in), or one blank block when none is given.
    public func template(_ plan: EvaluationPlan, units: [UnitInfo] = [], deadline: String? = nil) -> Workbook {
        SheetTemplate.build(plan: plan, units: units, deadline: deadline)
    }

    /// The template filled in with units' evidence read from files (last year's values to start from,
    /// or a YAML submission turned into a workbook): one block per unit, every value in its cell.
    public func template(_ plan: EvaluationPlan, filledFrom sources: [EvidenceSource], asOf: CalendarDate? = nil,
                         deadline: String? = nil) throws(DiagnosticList) -> Workbook {
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        var units: [UnitEvidence] = []
        var problems: [Diagnostic] = []
        for source in sources {
            do { units += try source.units(reader, limits: limits) } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return SheetTemplate.build(plan: plan, units: [], evidence: units, deadline: deadline)
    }
}
