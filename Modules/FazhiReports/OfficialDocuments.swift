import FazhiCore
package import FazhiAnalysis
import FazhiBase

/// The documents an office sends after an assessment, as .docx in the 公文 layout (`WordDocument`):
/// the 通报 to all units (results by grade, the common shortfalls, what is required, and the ranking of
/// each level as its 附件) and a 反馈意见 to each unit (its grade, score and rank, each item not met with the reason,
/// what to rectify and who leads it).
package struct OfficialDocuments: Sendable {
    package let comparison: UnitsComparison
    package let issue: ReportIssue
    /// The year assessed: the evidence's period, else the year of the latest evaluation date.
    package let year: Int
    let levels: LevelRanking

    package init(_ comparison: UnitsComparison, issue: ReportIssue, year: Int? = nil) {
        self.comparison = comparison
        self.issue = issue
        self.year = year ?? comparison.rows.map(\.result.asOf.year).max() ?? issue.date.year
        levels = LevelRanking(comparison)
    }

    var plan: EvaluationPlan { comparison.plan }
    var ruleset: Ruleset { plan.ruleset }
    var spec: ScoringSpec { ruleset.scoring }
    var results: [UnitResult] { comparison.rows.map(\.result) }

    /// 1 → 一, 12 → 十二, 35 → 三十五 (headings count no higher).
    static func numeral(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        return String(n)
    }

    /// "《关于…工作方案》（固政办发〔2023〕9号）"
    var basis: String { "《\(ruleset.title)》" + (ruleset.documentNumber.map { "（\($0)）" } ?? "") }

    /// The outcome of an item and why, as one sentence: "未达到：出庭应诉率 95% < 100%"; the reason
    /// alone when it already says the outcome ("评估人认定：未达到").
    func finding(_ ir: IndicatorResult) -> String {
        ir.reason.contains(ir.outcome.state.chinese) ? ir.reason : "\(ir.outcome.state.chinese)：\(ir.reason)"
    }

    /// What rectifying an item means: its targets with their metrics ("行政许可事项清单公布率 ≥ 100%"),
    /// else the indicator's own words to be assessed again, else the requirement in words.
    func rectification(_ p: PlannedIndicator) -> String {
        let targets = p.evaluator.targets
        if !targets.isEmpty {
            return "整改目标：" + targets.map { t in
                "\(plan.catalog[t.metric]?.name ?? t.metric) \(t.text)\(t.per.map { $0 == "none" ? "" : "（每\(CrosswalkReport.perText($0))）" } ?? "")"
            }.joined(separator: "；")
        }
        let text = p.indicator.text
        if !text.allSatisfy(\.isWhitespace), text != p.indicator.title { return "按“\(text)”的要求落实，经评估认定达到" }
        return "整改目标：\(p.evaluator.requirement)"
    }

    // MARK: 通报

    package var noticeTitle: String { "关于\(year)年度法治政府建设考核结果的通报" }

    package func notice() -> WordDocument {
        var d = WordDocument()
        d.title(noticeTitle)
        d.addressee("各有关单位：")
        let invented = ReportText.inventedWarning(results)
        d.body("根据\(basis)，\(issue.issuer)对\(results.count)个单位\(year)年度法治政府建设情况进行了考核。现将考核结果通报如下。")
        if let invented { d.body(invented) }

        d.heading("一、考核结果")
        for g in spec.grades {
            let names = levels.levels.flatMap { level in level.rows.filter { comparison.rows[$0].result.grade == g.name }.map { comparison.rows[$0].result.unit.name } }
            let share = Fraction(names.count, results.count).percentText
            let list = names.isEmpty ? "。" : names.count <= Self.namesListed ? "：\(names.joined(separator: "、"))。" : "，名单见附件。"
            d.body("评定为“\(g.name)”的单位\(names.count)个（占\(share)）" + list)
        }
        if levels.levels.count > 1 {
            d.body("按层级：" + levels.levels.map { level in
                let members = level.rows.map { comparison.rows[$0].result }
                return "\(level.name)\(members.count)个，其中" + spec.grades.map { g in "“\(g.name)”\(members.filter { $0.grade == g.name }.count)个" }.joined(separator: "、")
            }.joined(separator: "；") + "。各层级分别排名，排名见附件。")
        }

        d.heading("二、存在的主要问题")
        let common = BatchHTML.commonShortfalls(plan, results, limit: 5)
        if common.isEmpty { d.body("各单位全部指标均已达到。") }
        for (k, s) in common.enumerated() {
            let i = plan.indicators[s.position].indicator
            let lead = ReportText.leadText(i)
            d.body("（\(Self.numeral(k + 1))）\(i.title)。\(s.units)个单位未达到（占\(Fraction(s.units, results.count).percentText)）"
                   + (lead == "—" ? "。" : "，牵头单位：\(lead)。"))
        }

        d.heading("三、工作要求")
        d.body("各单位要对照考核反馈意见，逐项制定整改措施，明确责任单位和完成时限，自本通报印发之日起30日内将整改情况书面报送\(issue.issuer)。")
        d.body("各牵头单位要加强对本领域指标的指导和督促，推动问题整改到位。")
        d.add(WordDocument.Paragraph("", indent: 0))
        d.body("附件：各层级考核排名")
        d.signature(issuer: issue.issuer, date: issue.dateText)

        // 附件: the ranking of each level, on its own pages.
        d.add(WordDocument.Paragraph("附件", font: .heading1, alignment: .left, indent: 0, newPage: true))
        d.title("各层级考核排名")
        d.body("各层级分别排名，先比等级，再比得分，得分相同者名次相同。")
        for (k, level) in levels.levels.enumerated() {
            d.heading("（\(Self.numeral(k + 1))）\(level.name)（\(level.rows.count)个）", level: 2)
            d.add(WordDocument.Table(headers: ["名次", "单位", "得分", "等级"],
                                     rows: level.rows.map { row in
                                         let r = comparison.rows[row].result
                                         return ["\(level.ranks[row]!)", r.unit.name, Standing.shortScore(r, spec), r.grade]
                                     }, widths: [4, 12, 6, 6]))
        }
        return d
    }

    /// Up to this many units, the 通报 names the units of each grade in its text; beyond, the 附件 does.
    static let namesListed = 30

    // MARK: 反馈意见

    /// A unit's file name: "固原市反馈意见.docx", with the id when two units share a name.
    package func feedbackFileName(_ row: Int) -> String {
        let unit = comparison.rows[row].result.unit
        let shared = comparison.rows.filter { $0.result.unit.name == unit.name }.count > 1
        let name = (shared ? "\(unit.name)-\(unit.id)" : unit.name).map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 }
        return String(name) + "反馈意见.docx"
    }

    package func feedbackTitle(_ row: Int) -> String {
        "关于\(comparison.rows[row].result.unit.name)\(year)年度法治政府建设考核情况的反馈意见"
    }

    package func feedback(_ row: Int) -> WordDocument {
        let r = comparison.rows[row].result
        var d = WordDocument()
        d.title(feedbackTitle(row))
        d.addressee("\(r.unit.name)：")
        var standing = "经考核，你单位得分\(Standing.shortScore(r, spec))，等级为“\(r.grade)”"
        if let place = levels.place(of: row) { standing += "，在\(place.level.name)\(place.level.rows.count)个单位中排第\(place.rank)名" }
        d.body("根据\(basis)，\(issue.issuer)对你单位\(year)年度法治政府建设情况进行了考核。\(standing)。现将考核发现的问题反馈如下，请认真整改。")
        if r.invented { d.body("【注意】本单位的佐证材料为虚构示例数据，评估结果不反映真实情况。") }

        let short = r.indicators.filter(Standing.isShortfall)
        d.heading("一、存在的问题")
        if short.isEmpty { d.body("你单位各项指标均已达到。") }
        for (k, ir) in short.enumerated() {
            let i = plan.indicators[ir.position].indicator
            d.body("\(k + 1). \(i.number.map { "第\($0)项 " } ?? "")\(i.title)（\(i.id)）。\(finding(ir))。")
        }

        d.heading("二、整改要求")
        if let gap = comparison.rows[row].gap { d.body("距上一等级：\(gap.summary)。") }
        for (k, ir) in short.enumerated() {
            let p = plan.indicators[ir.position]
            let i = p.indicator
            let lead = ReportText.leadText(i)
            let deadline = i.deadlineText ?? i.deadline?.description
            d.body("\(k + 1). \(i.title)：\(rectification(p))"
                   + (ir.outcome.state == .noEvidence ? "，并补齐佐证材料" : "")
                   + (deadline.map { "，时限：\($0)" } ?? "") + (lead == "—" ? "。" : "；牵头单位：\(lead)。"))
        }
        d.body("请于收到本反馈意见之日起30日内将整改情况书面报送\(issue.issuer)。")
        d.signature(issuer: issue.issuer, date: issue.dateText)
        return d
    }
}
