import ArgumentParser
import FazhiKit
import FazhiSheets
import FazhiStore
import Foundation

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the fill-in workbook (填报模板.xlsx) for a ruleset: what to fill, with drop-downs and checks.",
        discussion: """
            Sheets: 填报说明 (what to fill, units of measure, N/A and exemptions, 佐证材料), 填报 (one row per \
            input: the indicators in document order with printed number, original text, what is asked and \
            the target; yellow cells to fill, the rest locked; header frozen; A4 landscape with the header \
            on every page) and a hidden _fazhi sheet (ruleset id, content hash, layout). \
            With --units: one block of rows per unit (ids, names, levels and attributes filled in); \
            without: one blank block. --from fills the values in from evidence files. \
            The filled workbook is read by evaluate, compare, region and import (docs/spreadsheets.md).
            """)

    @OptionGroup var options: RulesetOptions

    @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
    var ruleset: String

    @Option(help: "Units to make blocks for (unit files or evidence files: YAML, or a CSV/TSV unit table); repeatable.")
    var units: [String] = []

    @Option(name: .customLong("from"), help: "Evidence files whose values fill the workbook in (one block per unit); repeatable.")
    var from: [String] = []

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx), atomically.")
    var output: String

    func run() throws {
        guard output.lowercased().hasSuffix(".xlsx") else {
            Output.error("--output \(output): expected a file name ending in .xlsx")
            throw ExitCode(2)
        }
        if !units.isEmpty, !from.isEmpty {
            Output.error("--units and --from: give one of them (--from takes the units from the evidence)")
            throw ExitCode(2)
        }
        let inputs = units + from + [ruleset]
        if let out = FileIdentity.of(output), let same = inputs.first(where: { FileIdentity.of($0) == out }) {
            Output.error("--output \(output) is the same file as the input \(same); writing it would destroy the input: choose another file")
            throw ExitCode(2)
        }
        let plan = try loadPlan(ruleset, options)
        let workspace = options.workspace
        let book: Workbook
        var blocks = "filled from \(from.count) file(s)"
        if !from.isEmpty {
            book = try Output.orExit { try workspace.template(plan, filledFrom: from.map(EvidenceSource.file)) }
        } else {
            let list = try Output.orExit { try SQLiteStore.readUnits(units.map(EvidenceSource.file)) }
            book = workspace.template(plan, units: list)
            blocks = units.isEmpty ? "one blank unit block" : "\(list.count) units"
        }
        do { try book.write(to: output) } catch {
            Output.diagnostics([error])
            throw ExitCode(2)
        }
        Output.standardError("wrote \(output): ruleset \(plan.ruleset.id), \(blocks)\n")
    }
}
