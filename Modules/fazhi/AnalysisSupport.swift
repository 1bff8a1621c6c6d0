import ArgumentParser
import FazhiBase
import FazhiKit
import FazhiSheets
import FazhiReports
import Foundation

/// Output options the comparison commands share.
struct ReportOptions: ParsableArguments {
    @Option(help: "table, json, csv (UTF-8 with a BOM, for Excel and WPS) or xlsx (a workbook; needs --output FILE.xlsx).")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Also write an HTML report to this file (no network; prints on A4): for units, a summary and a page per unit in FILE_files/ beside it.")
    var html: String?

    @Option(help: "发文单位 printed at the end of the HTML report (default: the ruleset's issuer).")
    var issuer: String?

    @Option(help: "日期 printed at the end of the HTML report, YYYY-MM-DD (default: the evaluation date).")
    var date: String?

    /// Who issues the HTML report and when: `--issuer` and `--date`, else the ruleset's issuer and the
    /// latest evaluation date.
    func issue(_ plan: EvaluationPlan, _ results: [UnitResult]) throws -> ReportIssue {
        ReportIssue(plan: plan, results: results, issuer: issuer, date: try parseDate(date, option: "--date"))
    }

    /// Opens `--output` (or standard output) and `--html` before the command does its work, so that a
    /// path that cannot be written, or that names one of the command's `inputs`, fails before anything
    /// is printed.
    func open(inputs: [String]) throws -> ReportSinks {
        if let html, let output, html == output || (FileIdentity.of(html).map { $0 == FileIdentity.of(output) } ?? false) {
            Output.error("--html \(html) and --output \(output) name the same file; give two files")
            throw ExitCode(2)
        }
        if format == .xlsx { try checkWorkbookOutput(output, inputs: inputs) }
        let main = format == .xlsx ? nil : try OutputStream(path: output, inputs: inputs)
        _ = try parseDate(date, option: "--date")
        if let issuer, issuer.trimmingCharacters(in: .whitespaces).isEmpty {
            Output.error("--issuer: expected the name of the issuing office, found an empty text")
            throw ExitCode(2)
        }
        let page = try html.map { try OutputStream(path: $0, option: "--html", inputs: inputs) }
        let folder = try page.flatMap { $0.isRenamed ? try OutputFolder(summary: $0.path!) : nil }
        return ReportSinks(main: main, html: page, pages: folder, inputs: inputs)
    }

    /// `emit` for a report of one HTML page.
    /// `table` gets whether to colour and the columns to fit (nil for a file or a pipe).
    func emit(_ sinks: ReportSinks, table: (_ color: Bool, _ width: Int?) -> String, json: () -> String, csv: () -> String, html page: () -> String,
              xlsx: (() -> Workbook)? = nil) throws {
        try emit(sinks, table: table, json: json, csv: csv, pages: { _ in HTMLReport(summary: page(), pages: []) }, xlsx: xlsx)
    }

    /// Writes the chosen format, then the HTML report when asked: its unit pages into their folder, then
    /// the summary (`pages` is given the summary's file name, which names the folder). Everything is
    /// rendered before anything is written, so a failure leaves no half-written file.
    func emit(_ sinks: ReportSinks, table: (_ color: Bool, _ width: Int?) -> String, json: () -> String, csv: () -> String, pages: (String) throws -> HTMLReport,
              xlsx: (() -> Workbook)? = nil) throws {
        let summaryName = html.map { ($0 as NSString).lastPathComponent } ?? ""
        func writeHTML(_ report: HTMLReport?) throws {
            guard let sink = sinks.html, let report else { return }
            if let folder = sinks.pages, !report.pages.isEmpty { try folder.write(report.pages) }
            try sink.write(report.summary)
            try sink.finish()
        }
        let text: String
        switch format {
        case .table:
            let width = output == nil ? Output.width : nil
            // Reports that do not fit their tables themselves (compare --unit, --before/--after,
            // crosswalk) still keep every line within the terminal: a line too wide is broken under its indent.
            text = table(output == nil && Output.color, width).split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { DisplayWidth.of(ReportText.plain(String($0))) > (width ?? .max) ? ReportText.wrapLine(String($0), width: width) : [String($0)] }
                .joined(separator: "\n") + "\n"
        case .json: text = json()
        case .csv: text = csv()
        case .xlsx:
            guard let xlsx else {
                Output.error("--format xlsx: this report is not written as a workbook; use table, json or csv")
                throw ExitCode(2)
            }
            text = ""
            let report = sinks.html == nil ? nil : try pages(summaryName)
            try writeWorkbook(xlsx, to: output, inputs: sinks.inputs)
            try writeHTML(report)
            return
        }
        let report = sinks.html == nil ? nil : try pages(summaryName)
        try sinks.main!.write(text)
        try sinks.main!.finish()
        try writeHTML(report)
    }
}

/// A report command's outputs, opened.
struct ReportSinks {
    /// Nil for a workbook, which is written whole at the end.
    let main: OutputStream?
    let html: OutputStream?
    /// The folder for the HTML report's unit pages (nil when `--html` is not a regular file).
    var pages: OutputFolder?
    var inputs: [String] = []
}

/// The operations' progress on standard error while many units are read and scored: only on a
/// terminal (or with FAZHI_PROGRESS=always), only after half a second, at most five updates a second,
/// erased at the end of each stage.
final class TerminalProgress {
    private var stage: Display?

    func update(_ progress: FazhiKit.Progress) {
        if progress.done == 0 {
            let label = switch progress.stage {
            case .reading: "读取佐证文件"
            case .scoring: "评估单位"
            case .generating: "生成单位"
            }
            stage = Display(total: progress.total, label: label)
            return
        }
        stage?.update(progress.done)
        if progress.done == progress.total { stage?.finish() }
    }

    struct Display {
        let total: Int
        let label: String
        let enabled: Bool
        let start = Date()
        var last = Date.distantPast
        var shown = false

        init(total: Int, label: String) {
            self.total = total
            self.label = label
            let env = ProcessInfo.processInfo.environment["FAZHI_PROGRESS"]
            enabled = env == "always" || (env != "never" && isatty(STDERR_FILENO) != 0)
        }

        mutating func update(_ done: Int) {
            guard enabled else { return }
            let now = Date()
            guard now.timeIntervalSince(start) >= (ProcessInfo.processInfo.environment["FAZHI_PROGRESS"] == "always" ? 0 : 0.5),
                  now.timeIntervalSince(last) >= 0.2 || done == total else { return }
            last = now
            shown = true
            Output.standardError("\r\(label) \(done)/\(total)")
        }

        func finish() {
            guard shown else { return }
            Output.standardError("\r\u{1B}[K")
        }
    }
}

/// `--fail-below GRADE` must name one of the ruleset's grades.
func checkFailBelow(_ grade: String?, _ plan: EvaluationPlan) throws {
    guard let grade, !plan.ruleset.scoring.grades.contains(where: { $0.name == grade }) else { return }
    Output.error("--fail-below \(grade): ruleset \(plan.ruleset.id) has grades \(plan.ruleset.scoring.grades.map(\.name).joined(separator: ", "))")
    throw ExitCode(2)
}

/// `--as-of YYYY-MM-DD`, or nil when not given; a bad date is a usage error (exit 2).
func parseAsOf(_ text: String?) throws -> CalendarDate? { try parseDate(text, option: "--as-of") }

/// A date option's value (nil when not given); a malformed one is an error and exit 2.
func parseDate(_ text: String?, option: String) throws -> CalendarDate? {
    guard let text else { return nil }
    switch CalendarDate.parse(text) {
    case .success(let d): return d
    case .failure(let p):
        Output.error("\(option) \(text): expected a date YYYY-MM-DD (\(p.message))")
        throw ExitCode(2)
    }
}
