import ArgumentParser
import FazhiKit
import FazhiReports

struct CrosswalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosswalk",
        abstract: "Line rulesets up by metric: each one's target, which is stricter, what only one asks for, coverage by group.",
        discussion: "EXAMPLES:\n  fazhi crosswalk zhongwei-2022-points xixia-2020-demonstration")

    @OptionGroup var report: ReportOptions

    @OptionGroup var options: RulesetOptions

    @Argument(help: "Two or more rulesets (files or ids).")
    var rulesets: [String]

    func validate() throws {
        if rulesets.count < 2 { throw ValidationError("crosswalk needs two or more rulesets") }
    }

    func run() throws {
        let sinks = try report.open(inputs: rulesets)
        let crosswalk = try Output.orExit { try options.workspace.crosswalk(rulesets) }
        let r = CrosswalkReport(crosswalk)
        try report.emit(sinks, table: { color, _ in r.text(color: color) }, json: r.json, csv: r.csv, html: r.html)
    }
}
