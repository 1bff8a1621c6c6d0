import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "A campaign's published results (a version, by default the latest), what changed between versions, or today's scores before publishing.",
        discussion: "EXAMPLES:\n  fazhi results --campaign guyuan-2023\n  fazhi results --campaign guyuan-2023 --current\n  fazhi results --campaign guyuan-2023 --format csv --output 通报.csv")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "The campaign's id.")
    var campaign: String
    @Option(help: "The publication version (default: the latest).")
    var version: Int?
    @Option(name: .customLong("changes-from"), help: "List what changed from this publication version to --version (or the latest).")
    var changesFrom: Int?
    @Flag(help: "Score the current submissions and verdicts now (not published): the full report, as fazhi evaluate prints it.")
    var current = false
    @Flag(help: "The publication's full report (every indicator's reason and evidence), scored again and checked against the frozen results.")
    var full = false
    @Option(help: "Also write the HTML region report to this file: a summary (distribution, ranking per level, goals, units furthest behind) and a page per unit in FILE_files/ beside it.")
    var html: String?
    @OptionGroup var documents: DocumentOptions
    @Option(help: "发文单位 of the HTML report and the documents (default: the ruleset's issuer).")
    var issuer: String?
    @Option(help: "日期 of the HTML report and the documents, YYYY-MM-DD (default: the evaluation date).")
    var date: String?

    func run() throws {
        let writesDocuments = documents.docx != nil || documents.feedbackDir != nil
        if current || full || html != nil || writesDocuments {
            // Opened (and checked) before the scoring; written whole at the end or not at all.
            let day = try parseDate(date, option: "--date")
            let sink = try html.map { try OutputStream(path: $0, option: "--html") }
            let folder = try sink.flatMap { $0.isRenamed ? try OutputFolder(summary: $0.path!) : nil }
            let targets = try documents.open(inputs: [])
            let scoring = try store.run { current ? try $0.score(campaign: campaign) : try $0.rescore(campaign: campaign, version: version) }
            // The region view and the issue serve the HTML report and the documents only (at 10,000 units
            // the region view alone is a few tenths of a second).
            if html != nil || writesDocuments {
                let units = zip(scoring.evidence, scoring.results).map { RegionView.Unit(evidence: $0, result: $1) }
                let region = RegionView(plan: scoring.plan, units: units)
                let issue = ReportIssue(plan: scoring.plan, results: scoring.results, issuer: issuer, date: day)
                if let html, let sink {
                    let report = RegionReport(region).html(summaryName: (html as NSString).lastPathComponent, issue: issue)
                    try folder?.write(report.pages)
                    try sink.write(report.summary)
                    try sink.finish()
                }
                try documents.write(targets) { OfficialDocuments(UnitsComparison(plan: scoring.plan, results: scoring.results), issue: issue, year: region.period) }
            }
            if !current && !full { return }
            let report = UnitReport(plan: scoring.plan, results: scoring.results)
            let text: String
            switch listing.format {
            case .table: text = report.text(color: listing.output == nil && Output.color, width: listing.output == nil ? Output.width : nil) + "\n"
            case .json: text = report.json()
            case .csv: text = report.csv()
            case .xlsx:
                try writeWorkbook({ ResultsWorkbook(plan: scoring.plan, results: scoring.results).build() }, to: listing.output, inputs: [])
                return
            }
            try Output.write(text, to: listing.output)
            if !scoring.missing.isEmpty { FileHandle.standardError.write(Data("未报送：\(scoring.missing.joined(separator: "、"))\n".utf8)) }
            return
        }
        if let changesFrom {
            let changes = try store.run { store in
                try store.resultChanges(campaign: campaign, from: changesFrom, to: try version ?? store.campaign(campaign).published)
            }
            try listing.emit(changes, headers: ["单位", "等次", "得分", "指标变化"], rows: changes.map { c in
                [c.unitID, c.gradeBefore == c.gradeAfter ? (c.gradeAfter ?? "") : "\(c.gradeBefore ?? "—") → \(c.gradeAfter ?? "—")",
                 "\(percent(c.scoreBefore)) → \(percent(c.scoreAfter))",
                 c.indicators.map { "\($0.indicatorID) \($0.before ?? "—")→\($0.after ?? "—")" }.joined(separator: ", ")]
            })
            return
        }
        let results = try store.run { try $0.results(campaign: campaign, version: version) }
        let groups = results.first?.groups ?? []
        var rank = 0, previous: (String, Double)?
        var rows: [[String]] = []
        for (i, r) in results.enumerated() {
            if previous.map({ $0 != (r.grade, r.score) }) ?? true { rank = i + 1 }
            previous = (r.grade, r.score)
            rows.append(["\(rank)", r.unitID, r.unitName, r.grade, percent(r.score), "\(r.met)/\(r.counted)"]
                        + r.groups.map { percent($0.completion) } + [r.unmet.joined(separator: " ")])
        }
        try listing.emit(results, headers: ["名次", "单位编号", "名称", "等次", "得分", "达到"] + groups.map(\.title) + ["未达到"], rows: rows,
                         right: Set([0, 4, 5] + groups.indices.map { $0 + 6 }),
                         title: "\(campaign) 通报 v\(results.first?.version ?? 0)\n")
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A unit's grade and score year by year (per first-level group, newly met and unmet), or a region's grade distribution by year.",
        discussion: "EXAMPLES:\n  fazhi history xiji\n  fazhi history --region guyuan")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Argument(help: "The unit's id.")
    var unit: String?
    @Option(help: "Instead: units per grade per year, for this unit and the units under it.")
    var region: String?

    func validate() throws {
        if (unit == nil) == (region == nil) { throw ValidationError("give a unit id, or --region ID") }
    }

    func run() throws {
        if let region {
            let counts = try store.run { try $0.distribution(region: region) }
            try listing.emit(counts, headers: ["年度", "考核", "等次", "单位数"], rows: counts.map { ["\($0.year)", $0.campaign, $0.grade, "\($0.units)"] }, right: [3])
            return
        }
        let entries = try store.run { try $0.history(unit: unit!) }
        try listing.emit(entries, headers: ["年度", "考核", "版本", "等次", "得分", "各一级指标", "新达到", "新未达到"], rows: entries.map { e in
            ["\(e.year)", e.campaign, "v\(e.version)", e.grade, percent(e.score),
             e.groups.map { "\($0.title) \(percent($0.completion))" }.joined(separator: "；"), e.newlyMet.joined(separator: " "), e.newlyUnmet.joined(separator: " ")]
        })
    }
}

