import ArgumentParser
import FazhiKit
import FazhiReports
import Foundation

enum DraftFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read the figures out of a narrative annual report (法治政府建设情况报告) into a draft evidence file.",
        discussion: """
            The report is plain text in UTF-8 or GB18030/GBK. Figures are attached to metrics by the \
            recognition patterns in the metric catalog (docs/ruleset-format.md, "Recognition patterns"). \
            The draft cites each figure's line and sentence and gives a confidence in its note; figures \
            attached to no metric are listed under notes. Check every figure against the report before \
            using the draft.

            EXAMPLES:
              fazhi extract 报告.txt --unit-id ningcheng --unit-name 宁城县 -o 草稿.yaml
            """)

    @Option(help: "yaml or json (both are evidence files fazhi evaluate reads).")
    var format: DraftFormat = .yaml

    @Option(name: .shortAndLong, help: "Write the draft to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("unit-id"), help: "The unit's id (default: a placeholder to fill in).")
    var unitID: String?

    @Option(name: .customLong("unit-name"), help: "The unit's name (default: a placeholder to fill in).")
    var unitName: String?

    @Option(name: .customLong("unit-level"), help: "nation, region, city, county, township or department.")
    var unitLevel: String?

    @Option(help: "The year the report covers (default: the year in its title).")
    var period: Int?

    @OptionGroup var options: RulesetOptions

    @Argument(help: "The report, a text file.")
    var report: String

    func run() throws {
        let sink = try OutputStream(path: output, inputs: [report])
        if let unitLevel, UnitLevel.id(unitLevel) == nil {
            Output.error("--unit-level \(unitLevel): expected \(UnitLevel.accepted)")
            throw ExitCode(2)
        }
        let draft = try makeDraft(report, workspace: options.workspace, unitID: unitID, unitName: unitName, unitLevel: unitLevel, period: period)
        let text = format == .yaml ? draft.yaml() : draft.json().render() + "\n"
        try sink.write(text)
        try sink.finish()
        if let output {
            let e = draft.extraction
            Output.standardError("\(report): \(e.facts.count) metrics, \(e.alternatives.count) other figures for them, \(e.unattached.count) unattached figures → \(output)\n")
        }
    }
}

/// Reads a report and extracts its figures (printing the extractor's warning), or prints the problem
/// and exits 2.
func makeDraft(_ path: String, workspace: Workspace, unitID: String?, unitName: String?, unitLevel: String?, period: Int?) throws -> DraftEvidence {
    let unitLevel = unitLevel.map { UnitLevel.id($0) ?? $0 }  // 县 → county
    let draft = try Output.orExit {
        try workspace.extract(.file(path), unitID: unitID, unitName: unitName, unitLevel: unitLevel, period: period)
    }
    if let warning = draft.extraction.warning { Output.standardError("\(path): warning: \(warning)\n") }
    return draft
}

extension DraftEvidence {
    /// The draft as JSON, with the same keys as the YAML (JSON is YAML, so `fazhi evaluate` reads it).
    func json() -> JSONValue {
        let e = extraction
        var unit: [(String, JSONValue)] = [("id", .string(unitID)), ("name", .string(unitName))]
        if let unitLevel { unit.append(("level", .string(unitLevel))) }
        var top: [(String, JSONValue)] = [("fazhi", .int(1)), ("unit", .object(unit))]
        if let period { top.append(("period", .int(period))) }
        top.append(("invented", .bool(false)))
        top.append(("sources", .array([.object([("id", .string(sourceID)), ("title", .string(e.title ?? e.report.name)),
                                                 ("file", .string(e.report.name)), ("note", .string(sourceNote))])])))
        top.append(("facts", .object(facts.map { f in
            (f.metric.id, .object([("value", .string(f.valueText)), ("source", .string(sourceID)), ("line", .int(f.line)),
                                   ("quote", .string(f.quote)), ("note", .string(note(f)))]))
        })))
        top.append(("notes", .strings(notes + e.alternatives.map { a in
            "同一指标的其他数字：\(a.metric.id) = \(a.valueText)，第\(a.line)行，置信度 \(a.confidenceText)，“\(a.quote)”"
        })))
        return .object(top)
    }
}
