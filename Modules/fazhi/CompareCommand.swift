import ArgumentParser
import FazhiKit
import FazhiReports

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare units under one ruleset, one unit under several rulesets, or two evaluations of the same units.",
        discussion: """
            fazhi compare --ruleset R EVIDENCE… gives units × first-level groups (completion), total, \
            grade and rank; the indicators where units differ; each unit's shortest list of indicators \
            to its next grade.

            fazhi compare --unit EVIDENCE R1 R2 … gives the same evidence under each ruleset, grades side \
            by side, and the indicators (by shared metric) that decide the difference.

            fazhi compare --ruleset R --before OLD… --after NEW… [--before-ruleset R0] gives newly met, \
            newly unmet and grade moves per unit (units matched by id, indicators by id); --before-ruleset \
            scores the old evidence under another version of the ruleset.

            EXAMPLES:
              fazhi compare -r guyuan-2023-2025-creation examples/guyuan-region-2023.yaml
              fazhi compare --unit examples/ningcheng-2023.yaml \\
                  ningxia-2023-eight-actions xixia-2020-demonstration
              fazhi compare -r guyuan-2023-2025-creation --before 旧.yaml --after 新.yaml
            """)

    @Option(name: .shortAndLong, help: "The ruleset the units are compared under.")
    var ruleset: String?

    @Option(name: .customLong("unit"), help: "One unit's evidence, scored under each ruleset given as arguments.")
    var unit: String?

    @Option(help: "Evidence of the earlier evaluation (repeatable).")
    var before: [String] = []

    @Option(help: "Evidence of the later evaluation (repeatable).")
    var after: [String] = []

    @Option(name: .customLong("before-ruleset"), help: "Score the --before evidence under this ruleset (default: --ruleset).")
    var beforeRuleset: String?

    @Option(name: .customLong("as-of"), help: "Evaluation date YYYY-MM-DD (not with --before/--after: each evidence keeps its own).")
    var asOf: String?

    @OptionGroup var report: ReportOptions
    @OptionGroup var documents: DocumentOptions
    @OptionGroup var options: RulesetOptions

    @Argument(help: "Evidence files, YAML or batches (.csv, .tsv, .jsonl; UTF-8 or GBK), with --ruleset; or rulesets, with --unit.")
    var inputs: [String] = []

    func validate() throws {
        let changes = !before.isEmpty || !after.isEmpty
        if unit != nil || changes, documents.docx != nil || documents.feedbackDir != nil {
            throw ValidationError("--docx and --feedback-dir go with --ruleset R and evidence files (units compared under one ruleset)")
        }
        if unit != nil {
            if ruleset != nil || changes { throw ValidationError("--unit compares one unit under the rulesets given as arguments; it takes no --ruleset, --before or --after") }
            if inputs.count < 2 { throw ValidationError("--unit EVIDENCE needs two or more rulesets as arguments") }
        } else if changes {
            if ruleset == nil { throw ValidationError("--before/--after need --ruleset") }
            if before.isEmpty || after.isEmpty { throw ValidationError("give both --before and --after evidence") }
            if !inputs.isEmpty { throw ValidationError("--before/--after take their files as options; unexpected arguments: \(inputs.joined(separator: " "))") }
            if asOf != nil { throw ValidationError("--as-of cannot be combined with --before/--after: each evaluation uses its evidence's own date") }
        } else {
            if ruleset == nil { throw ValidationError("give --ruleset R with evidence files, or --unit EVIDENCE with rulesets") }
            if inputs.isEmpty { throw ValidationError("give one or more evidence files to compare") }
            if beforeRuleset != nil { throw ValidationError("--before-ruleset goes with --before and --after") }
        }
    }

    func run() throws {
        let sinks = try report.open(inputs: inputs + before + after + [unit, ruleset, beforeRuleset].compactMap { $0 })
        let targets = try documents.open(inputs: inputs + [ruleset].compactMap { $0 })
        if let unit {
            try compareRulesets(unit, sinks)
        } else if !before.isEmpty {
            try compareChanges(sinks)
        } else {
            try compareUnits(sinks, targets)
        }
    }

    func compareUnits(_ sinks: ReportSinks, _ targets: DocumentOptions.Targets) throws {
        let plan = try loadPlan(ruleset!, options)
        let date = try parseAsOf(asOf)
        let progress = TerminalProgress()
        let comparison = try Output.orExit {
            try options.workspace.compareUnits(plan, evidence: inputs.map(EvidenceSource.file), asOf: date, progress: progress.update)
        }
        let r = ComparisonReport(comparison)
        try report.emit(sinks, table: r.text(color:width:), json: r.json, csv: r.csv,
                        pages: { try r.html(summaryName: $0, issue: report.issue(plan, comparison.rows.map(\.result))) },
                        xlsx: { ResultsWorkbook(comparison).build() })
        try documents.write(targets) { OfficialDocuments(comparison, issue: try report.issue(plan, comparison.rows.map(\.result))) }
    }

    func compareRulesets(_ evidence: String, _ sinks: ReportSinks) throws {
        let date = try parseAsOf(asOf)
        let progress = TerminalProgress()
        let comparison = try Output.orExit {
            try options.workspace.compareRulesets(inputs, unit: .file(evidence), asOf: date, progress: progress.update)
        }
        let r = RulesetsComparisonReport(comparison)
        try report.emit(sinks, table: { color, _ in r.text(color: color) }, json: r.json, csv: r.csv, html: r.html)
    }

    func compareChanges(_ sinks: ReportSinks) throws {
        let afterPlan = try loadPlan(ruleset!, options)
        let beforePlan = try beforeRuleset.map { try loadPlan($0, options) } ?? afterPlan
        let progress = TerminalProgress()
        let changes = try Output.orExit {
            try options.workspace.compareChanges(before: (beforePlan, before.map(EvidenceSource.file)),
                                                 after: (afterPlan, after.map(EvidenceSource.file)), progress: progress.update)
        }
        let r = ChangesReport(changes, beforeFiles: before, afterFiles: after)
        try report.emit(sinks, table: { color, _ in r.text(color: color) }, json: r.json, csv: r.csv, html: r.html)
    }
}
