import ArgumentParser
import FazhiKit
import FazhiSheets
import FazhiReports
import Foundation

@main
struct Fazhi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fazhi",
        abstract: "Score governments and departments against their rule-of-law government indicator system (法治政府建设指标体系).",
        discussion: """
            Rulesets are YAML files, one per jurisdiction, beside the shared metric catalog metrics.yaml. \
            A ruleset id is looked up in --rulesets DIR (or $FAZHI_RULESETS), then in the installed \
            PREFIX/share/fazhi/rulesets, then in ./rulesets. Evidence is YAML per unit.

            Exit status: 0 when the job ran, 1 when --fail-below was given and a unit fell below it, \
            2 for bad input or usage.

            Version \(fazhiVersion).

            EXAMPLES:
              fazhi evaluate -r ningxia-2023-eight-actions examples/ningcheng-2023.yaml
              fazhi compare -r guyuan-2023-2025-creation examples/guyuan-region-2023.yaml
              fazhi help evaluate
            """,
        version: fazhiVersion,
        subcommands: [ValidateCommand.self, ShowCommand.self, ExplainCommand.self, EvaluateCommand.self, ExtractCommand.self, CompareCommand.self,
                      CrosswalkCommand.self, RegionCommand.self, GenerateCommand.self, TemplateCommand.self, CheckYAMLCommand.self,
                      // The stored assessment cycle (docs/store.md).
                      UnitsCommand.self, CampaignCommand.self, ImportCommand.self, AttachCommand.self, SubmissionCommand.self, VerdictCommand.self,
                      ResultsCommand.self, HistoryCommand.self, RectifyCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self,
                      CheckCommand.self,
                      // The web app over the store (docs/web.md).
                      ServeCommand.self, UserCommand.self]
    )

    /// Runs the command; a usage error exits 2 like every other bad input (ArgumentParser's default is 64).
    static func main() {
        refuseUnknownCommand(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let width = Output.width ?? 80
            if exitCode(for: error).rawValue == 64 {
                Output.standardError(HelpText.fitted(fullMessage(for: error), width: width, reflow: false) + "\n")
                Foundation.exit(2)
            }
            // Help (not a completion script or the JSON dump): fitted to the terminal by display width.
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success, message.hasPrefix("OVERVIEW: ") || message.hasPrefix("USAGE: ") {
                try? Output.print(HelpText.fitted(message, width: width))
                Foundation.exit(0)
            }
            exit(withError: error)
        }
    }
}

extension Fazhi {
    /// A first argument that is no command (`fazhi evaluat --ruleset …`) is named, with the nearest
    /// command, rather than left to the parser (which would complain about the first option).
    static func refuseUnknownCommand(_ arguments: [String]) {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(first) else { return }
        var message = "error: unknown command '\(String(first.prefix(100)))'"
        if let nearest = Suggest.closest(to: first, among: names) { message += "; did you mean '\(nearest)'?" }
        message += "\ncommands: \(names.joined(separator: ", ")) (fazhi --help)"
        Output.standardError(HelpText.fitted(message, width: Output.width ?? 80, reflow: false) + "\n")
        Foundation.exit(2)
    }
}

/// Limits on YAML input, which a user can see (`--help`) and change.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-file-size"), help: "Largest input file, in bytes.")
    var maxFileBytes: Int = YAMLLimits.default.maxFileBytes

    @Option(name: .customLong("max-depth"), help: "Deepest nesting of YAML lists and mappings.")
    var maxDepth: Int = YAMLLimits.default.maxDepth

    @Option(name: .customLong("alias-budget"), help: "Most nodes YAML aliases may add to one document.")
    var aliasBudget: Int = YAMLLimits.default.aliasBudget

    @Option(name: .customLong("max-scalar"), help: "Longest YAML scalar, in bytes.")
    var maxScalarBytes: Int = YAMLLimits.default.maxScalarBytes

    var limits: YAMLLimits {
        YAMLLimits(maxFileBytes: maxFileBytes, maxDepth: maxDepth, aliasBudget: aliasBudget, maxScalarBytes: maxScalarBytes)
    }

    func validate() throws {
        for (name, value) in [("--max-file-size", maxFileBytes), ("--max-depth", maxDepth), ("--alias-budget", aliasBudget), ("--max-scalar", maxScalarBytes)] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
    }
}

/// Where rulesets and the metric catalog are found: a search path of folders.
struct RulesetOptions: ParsableArguments {
    @Option(name: .customLong("rulesets"),
            help: ArgumentHelp("A folder of rulesets and metrics.yaml to look in first (repeatable, or DIR:DIR; default: $FAZHI_RULESETS), before the installed share/fazhi/rulesets and ./rulesets.",
                               valueName: "dir"),
            completion: .directory)
    var directories: [String] = []

    @Option(name: .customLong("catalog"), help: "The metric catalog (default: metrics.yaml beside the ruleset, else the first on the search path).",
            completion: .file(extensions: ["yaml"]))
    var catalog: String?

    @OptionGroup var limitOptions: LimitOptions

    /// The folders ruleset ids and the catalog are looked up in, in order.
    var searchPath: [String] {
        Workspace.searchPath(given: directories, environment: ProcessInfo.processInfo.environment["FAZHI_RULESETS"],
                             executable: Workspace.currentExecutable)
    }

    /// What the operations share: the rulesets, the catalog and the limits given here.
    var workspace: Workspace {
        Workspace(searchPath: searchPath, catalog: catalog, limits: limitOptions.limits,
                  hint: "to look in other folders, give --rulesets DIR or set FAZHI_RULESETS=DIR (folders separated by ':')")
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, jsonl, xlsx
}

/// What `show` prints a ruleset as.
enum RulesetFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// What the analysis reports (compare, crosswalk, region) are written as.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, xlsx
}

/// Writes a workbook to `--output FILE.xlsx` (atomically); a workbook is never written to a terminal.
func writeWorkbook(_ book: () -> Workbook, to output: String?, inputs: [String]) throws {
    guard let output else {
        Output.error("--format xlsx writes a binary workbook: give --output FILE.xlsx")
        throw ExitCode(2)
    }
    try checkWorkbookOutput(output, inputs: inputs)
    do { try book().write(to: output) } catch {
        Output.diagnostics([error])
        throw ExitCode(2)
    }
}

/// `--output` for a workbook: a name ending in .xlsx that is none of the inputs.
func checkWorkbookOutput(_ output: String?, inputs: [String]) throws {
    guard let output else {
        Output.error("--format xlsx writes a binary workbook: give --output FILE.xlsx")
        throw ExitCode(2)
    }
    guard output.lowercased().hasSuffix(".xlsx") else {
        Output.error("--output \(output): expected a file name ending in .xlsx for --format xlsx")
        throw ExitCode(2)
    }
    if let out = FileIdentity.of(output), let same = inputs.first(where: { FileIdentity.of($0) == out }) {
        Output.error("--output \(output) is the same file as the input \(same); writing it would destroy the input: choose another file")
        throw ExitCode(2)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rulesets: every problem in one run, each at FILE:LINE:COL.",
        discussion: "EXAMPLES:\n  fazhi validate rulesets/*.yaml\n  fazhi validate 本县2024.yaml --rulesets ./rulesets")

    @OptionGroup var options: RulesetOptions

    @Argument(help: "Ruleset files or ids. metrics.yaml is checked as the catalog.")
    var rulesets: [String]

    func run() throws {
        let workspace = options.workspace
        var failed = false
        for name in rulesets {
            switch try Output.orExit({ try workspace.validate(name) }) {
            case .catalog(let catalog):
                try Output.print("\(name): ok (metric catalog, \(catalog.metrics.count) metrics)")
            case .ruleset(let plan):
                try Output.print("\(name): ok (\(plan.ruleset.id): \(plan.groups.count) groups, \(plan.indicators.count) indicators, \(plan.adjustments.count) adjustments, \(plan.vetoes.count) vetoes)")
                // What the newer forms do, in a line of their own (only when the ruleset uses them).
                let forms = Self.forms(plan)
                if !forms.isEmpty { try Output.print("  " + forms.joined(separator: "; ")) }
                // Warnings do not fail the check: the ruleset loads and scores as written.
                Output.diagnostics(workspace.warnings(plan))
            case .catalogProblems(let problems):
                Output.diagnostics(problems.diagnostics)
                failed = true
            case .rulesetProblems(let problems):
                Output.diagnostics(problems.diagnostics)
                Output.standardError("\(name): \(problems.diagnostics.count) problem\(problems.diagnostics.count == 1 ? "" : "s")\n")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }

    /// The newer forms a ruleset uses, each in words: deduction items, the N/A policy of the points
    /// model, per-count adjustments, vetoes that notify or leave ungraded, its own metrics, gaps.
    static func forms(_ plan: EvaluationPlan) -> [String] {
        var out: [String] = []
        let r = plan.ruleset, s = r.scoring
        let deductions = plan.indicators.filter(\.evaluator.earnsPoints).map(\.indicator.id)
        if !deductions.isEmpty { out.append("deduction items \(deductions.joined(separator: ", ")) (points less deductions)") }
        if s.model == .points {
            switch s.notApplicable {
            case .excluded: out.append("not applicable items earn nothing and leave the full marks")
            case .full: out.append("not applicable items earn full marks")
            case .prorata: out.append("points scaled to the full marks when items do not apply")
            }
        }
        let perCount = s.adjustments.filter { $0.each != nil }.map(\.id)
        if !perCount.isEmpty { out.append("per-count adjustments \(perCount.joined(separator: ", "))") }
        for v in s.vetoes where v.effect == .notify || v.effect == .ungraded {
            out.append(v.effect == .notify ? "veto \(v.id) notifies (通报) only" : "veto \(v.id) leaves a unit ungraded (\(v.grade))")
        }
        let own = r.metricNodes.compactMap { $0["id"]?.node.scalar?.text }
        if !own.isEmpty { out.append("own metrics \(own.joined(separator: ", "))") }
        if !r.gaps.isEmpty { out.append("\(r.gaps.count) gap\(r.gaps.count == 1 ? "" : "s") in the transcription") }
        let unobtained = plan.indicators.filter { !$0.indicator.unobtained.isEmpty }.map(\.indicator.id)
        if !unobtained.isEmpty { out.append("printed fields not obtained on \(unobtained.joined(separator: ", "))") }
        return out
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a resolved ruleset (after extends) with its content hash.",
        discussion: "EXAMPLES:\n  fazhi show ningxia-2023-eight-actions\n  fazhi show ningxia-2023-eight-actions --format json > ningxia.json")

    @Option(help: "table or json (json: docs/ruleset-json.md).")
    var format: RulesetFormat = .table

    @OptionGroup var options: RulesetOptions

    @Argument(help: "A ruleset file or id.")
    var ruleset: String

    func run() throws {
        let plan = try loadPlan(ruleset, options)
        let report = RulesetReport(plan: plan)
        switch format {
        case .json: try Output.standardOutput(report.json())
        case .table: try Output.print(report.text(width: Output.width))
        }
    }
}

/// The ruleset, or its problems printed and exit 2.
func loadPlan(_ name: String, _ options: RulesetOptions) throws -> EvaluationPlan {
    let workspace = options.workspace
    return try Output.orExit { try workspace.plan(name) }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print one indicator in full: text, evaluator, parameters, metric, applicability, deadline, units.",
        discussion: "EXAMPLES:\n  fazhi explain zhongwei-2022-points zw-4\n  fazhi explain xixia-2020-demonstration 74      # its printed number （74）")

    @OptionGroup var options: RulesetOptions

    @Argument(help: "A ruleset file or id.")
    var ruleset: String

    @Argument(help: "An indicator id (or its printed number).")
    var indicator: String

    func run() throws {
        let plan = try loadPlan(ruleset, options)
        let planned = try Output.orExit { try options.workspace.indicator(indicator, of: plan) }
        try Output.print(RulesetReport(plan: plan).explain(planned, width: Output.width))
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate units' evidence against a ruleset: every indicator with its reason, the totals and the grade.",
        discussion: "EXAMPLES:\n  fazhi evaluate -r ningxia-2023-eight-actions examples/ningcheng-2023.yaml\n  fazhi evaluate -r guyuan-2023-2025-creation --format csv -o 结果.csv 区县.yaml\n  fazhi evaluate -r ningxia-2023-eight-actions --report 年度报告.txt\n  fazhi evaluate -r ningxia-2023-eight-actions region.csv -o results.csv")

    @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
    var ruleset: String

    @Option(name: .customLong("as-of"), help: "Evaluation date YYYY-MM-DD (decides deadlines; default: the evidence's asOf, else the end of its period).")
    var asOf: String?

    @Option(help: "table, json, csv or xlsx (default table; xlsx needs --output FILE.xlsx); for batches csv or jsonl (default csv).")
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-below"), help: "Exit 1 when a unit's grade is below this grade.")
    var failBelow: String?

    @Option(help: "Batches: worker threads (default: every core).")
    var jobs: Int?

    @Flag(help: "Batches: write only the region summary (units per grade), to standard output or --output, without a row per unit.")
    var summary = false

    @Option(name: .customLong("report"), help: "A narrative report (text, UTF-8 or GB18030) to read the figures from instead of an evidence file (repeatable).")
    var reports: [String] = []

    @Option(name: .customLong("unit-id"), help: "With one --report: the unit's id (default: the report's file name).")
    var unitID: String?

    @Option(name: .customLong("unit-name"), help: "With one --report: the unit's name (default: the report's file name).")
    var unitName: String?

    @Option(name: .customLong("unit-level"), help: "With --report: the units' level (nation, region, city, county, township, department).")
    var unitLevel: String?

    @OptionGroup var options: RulesetOptions

    @Argument(help: "Evidence files (YAML; a multi-document file is a batch), or batches (.csv, .tsv, .jsonl).")
    var evidence: [String] = []

    func validate() throws {
        if evidence.isEmpty && reports.isEmpty {
            throw ValidationError("give evidence files, or a report with --report REPORT.txt")
        }
        if reports.count != 1, unitID != nil || unitName != nil {
            throw ValidationError("--unit-id and --unit-name go with exactly one --report")
        }
        if let unitLevel, UnitLevel.id(unitLevel) == nil {
            throw ValidationError("--unit-level \(unitLevel): expected \(UnitLevel.accepted)")
        }
        if isBatch, !reports.isEmpty {
            throw ValidationError("--report goes with YAML evidence, not with a batch")
        }
        if summary, !isBatch {
            throw ValidationError("--summary goes with a batch (.csv, .tsv, .jsonl); for YAML evidence the report is per unit")
        }
        if summary, let format, format != .csv {
            throw ValidationError("--summary writes the summary table; --format \(format.rawValue) goes with a row per unit")
        }
    }

    /// The files the command reads, which `--output` must not name.
    var inputFiles: [String] {
        evidence + reports + [ruleset] + options.searchPath.map { $0 + "/" + ruleset + ".yaml" } + (options.catalog.map { [$0] } ?? [])
    }

    var isBatch: Bool {
        format == .jsonl || evidence.contains { BatchFormat(path: $0).map { $0 != .yaml } ?? false }
    }

    func run() throws {
        if isBatch { return try runBatch() }
        if format == .xlsx { try checkWorkbookOutput(output, inputs: inputFiles) }
        let sink = try OutputStream(path: format == .xlsx ? nil : output, inputs: inputFiles)
        let workspace = options.workspace
        let plan = try loadPlan(ruleset, options)
        let date = try parseAsOf(asOf)
        try checkFailBelow(failBelow, plan)
        // Reports: a draft each, read as evidence (the same checks as a file).
        var drafts: [DraftEvidence] = []
        for path in reports {
            let name = FileNames.stem(path)
            drafts.append(try makeDraft(path, workspace: workspace, unitID: unitID ?? FileNames.identifier(name), unitName: unitName ?? name,
                                        unitLevel: unitLevel, period: nil))
        }
        let evaluation = try Output.orExit {
            try workspace.evaluate(plan, evidence: evidence.map(EvidenceSource.file), reports: drafts, asOf: date)
        }
        // Warnings on the evidence (a year outside the ruleset's period, …), located, on standard
        // error whenever the report itself is not the table on the terminal that shows them.
        if format != nil && format != .table || output != nil { Output.diagnostics(evaluation.evidence.flatMap(\.warnings)) }
        var report = UnitReport(plan: plan, results: evaluation.results)
        // For units read from a report: the indicators it gives no evidence for, as questions.
        var questions: [(String, [EvidenceQuestion])] = []
        for (unit, result) in zip(evaluation.evidence, evaluation.results) where evaluation.fromReports.contains(unit.unit.id) {
            let list = EvidenceQuestions.questions(plan: plan, evidence: unit, result: result)
            questions.append((unit.unit.name, list))
            report.unitExtras[unit.unit.id] = [("questions", EvidenceQuestions.json(list))]
        }
        var text: String
        switch format ?? .table {
        case .jsonl: text = ""
        case .xlsx:
            try writeWorkbook({ ResultsWorkbook(plan: plan, results: evaluation.results).build() }, to: output, inputs: inputFiles)
            if let failBelow, evaluation.anyUnit(below: failBelow) { throw ExitCode(1) }
            return
        case .table:
            report.workingDirectory = FileManager.default.currentDirectoryPath
            let width = output == nil ? Output.width : nil
            text = report.text(color: output == nil && Output.color, width: width) + "\n"
            for (name, list) in questions { text += "\n" + EvidenceQuestions.text(list, unit: name, width: width) + "\n" }
        case .json: text = report.json()
        case .csv: text = report.csv()
        }
        try sink.write(text)
        try sink.finish()
        if let failBelow, evaluation.anyUnit(below: failBelow) { throw ExitCode(1) }
    }
}
