import FazhiYAML
import ArgumentParser
import FazhiCore
import FazhiReports
import FazhiBase
import Foundation

/// Output options the comparison commands share.
struct ReportOptions: ParsableArguments {
    @Option(help: "table, json or csv (CSV is UTF-8 with a BOM, for Excel and WPS).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Also write a self-contained HTML report (one file, no network; prints on A4) to this file.")
    var html: String?

    /// Writes the chosen format, then the HTML report when asked. Everything is rendered before anything
    /// is written, so a failure leaves no half-written file.
    func emit(table: (Bool) -> String, json: () -> String, csv: () -> String, html page: () -> String) throws {
        let text: String
        switch format {
        case .table: text = table(output == nil && Output.color) + "\n"
        case .json: text = json()
        case .csv: text = csv()
        case .jsonl:
            Output.error("--format jsonl is for batch evaluation; this command prints table, json or csv")
            throw ExitCode(2)
        }
        let htmlText = html == nil ? nil : page()
        try Output.write(text, to: output)
        if let html, let htmlText { try Output.write(htmlText, to: html) }
    }
}

/// Progress on standard error while many units are read and scored: only on a terminal (or with
/// FAZHI_PROGRESS=always), only after half a second, at most five updates a second, erased at the end.
struct Progress {
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
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)".utf8))
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Evidence read and scored against one plan.
struct Scored {
    var evidence: [UnitEvidence]
    var results: [UnitResult]
}

/// Reads every file (a multi-document file is a batch) and scores its units; all problems in all files
/// are printed, located, and the run exits 2.
func scoreFiles(_ files: [String], plan: EvaluationPlan, asOf: CalendarDate?) throws -> Scored {
    let reader = EvidenceReader(plan: plan, asOf: asOf)
    var units: [UnitEvidence] = []
    var problems: [Diagnostic] = []
    var progress = Progress(total: files.count, label: "读取佐证文件")
    var seen: [String: SourceLocation?] = [:]
    for (i, file) in files.enumerated() {
        do {
            for unit in try reader.read(path: file) {
                // A batch file refuses a repeated unit id; across files it is refused here.
                if let first = seen[unit.unit.id] {
                    problems.append(Diagnostic(.error, "duplicate unit id \"\(unit.unit.id)\" across the evidence files; expected each unit once",
                                               at: unit.location, notes: [.init("first given here", at: first)]))
                    continue
                }
                seen[unit.unit.id] = unit.location
                units.append(unit)
            }
        } catch { problems += error.diagnostics }
        progress.update(i + 1)
    }
    progress.finish()
    if !problems.isEmpty {
        Output.diagnostics(problems)
        throw ExitCode(2)
    }
    let scorer = Scorer(plan: plan)
    var results: [UnitResult] = []
    results.reserveCapacity(units.count)
    progress = Progress(total: units.count, label: "评估单位")
    for (i, unit) in units.enumerated() {
        results.append(scorer.evaluate(unit))
        progress.update(i + 1)
    }
    progress.finish()
    return Scored(evidence: units, results: results)
}

/// `--fail-below GRADE` must name one of the ruleset's grades.
func checkFailBelow(_ grade: String?, _ plan: EvaluationPlan) throws {
    guard let grade, !plan.ruleset.scoring.grades.contains(where: { $0.name == grade }) else { return }
    Output.error("--fail-below \(grade): ruleset \(plan.ruleset.id) has grades \(plan.ruleset.scoring.grades.map(\.name).joined(separator: ", "))")
    throw ExitCode(2)
}

/// `--as-of YYYY-MM-DD`, or nil when not given; a bad date is a usage error (exit 2).
func parseAsOf(_ text: String?) throws -> CalendarDate? {
    guard let text else { return nil }
    switch CalendarDate.parse(text) {
    case .success(let d): return d
    case .failure(let p):
        Output.error("--as-of \(text): expected a date YYYY-MM-DD (\(p.message))")
        throw ExitCode(2)
    }
}
