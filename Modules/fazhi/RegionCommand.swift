import ArgumentParser
import FazhiKit
import FazhiReports

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "A region's units under one ruleset: grade shares against its region goals and quotas, its creation plan checked, lead units' shortfalls.",
        discussion: "EXAMPLES:\n  fazhi region -r guyuan-2023-2025-creation examples/guyuan-region-2023.yaml\n  fazhi region -r guyuan-2023-2025-creation --html 区域.html 区县.csv")

    @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
    var ruleset: String

    @Option(name: .customLong("as-of"), help: "Evaluation date YYYY-MM-DD (default: each evidence's asOf).")
    var asOf: String?

    @Option(help: "How many lead units to list in the table and HTML (JSON lists all).")
    var top: Int = 10

    @OptionGroup var report: ReportOptions
    @OptionGroup var documents: DocumentOptions
    @OptionGroup var options: RulesetOptions

    @Argument(help: "Evidence: YAML (one unit per document) or batches (.csv, .tsv, .jsonl; UTF-8 or GBK), one unit per row.")
    var batches: [String]

    func validate() throws {
        if batches.isEmpty { throw ValidationError("give one or more evidence batches") }
        if top < 1 { throw ValidationError("--top must be 1 or more") }
    }

    func run() throws {
        let sinks = try report.open(inputs: batches + [ruleset])
        let targets = try documents.open(inputs: batches + [ruleset])
        let plan = try loadPlan(ruleset, options)
        let date = try parseAsOf(asOf)
        let progress = TerminalProgress()
        let region = try Output.orExit {
            try options.workspace.region(plan, evidence: batches.map(EvidenceSource.file), asOf: date, progress: progress.update)
        }
        let r = RegionReport(region, top: top)
        try report.emit(sinks, table: r.text(color:width:), json: r.json, csv: r.csv,
                        pages: { try r.html(summaryName: $0, issue: report.issue(plan, region.units.map(\.result))) },
                        xlsx: { ResultsWorkbook(plan: plan, results: region.units.map(\.result)).build() })
        try documents.write(targets) {
            OfficialDocuments(UnitsComparison(plan: plan, results: region.units.map(\.result)),
                              issue: try report.issue(plan, region.units.map(\.result)), year: region.period)
        }
    }
}
