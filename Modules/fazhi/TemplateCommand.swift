import ArgumentParser
import FazhiKit
import FazhiSheets
import FazhiStore
import Foundation

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the fill-in workbook (填报模板.xlsx) for a ruleset or a campaign: what to fill, with drop-downs and checks.",
        discussion: """
            Sheets: 填报说明 (what to fill, units of measure, N/A and exemptions, 佐证材料, the deadline), \
            填报 (one row per input: the indicators in document order with printed number, original text, \
            what is asked and the target; yellow cells to fill, the rest locked; header frozen; A4 \
            landscape with the header on every page) and a hidden _fazhi sheet (ruleset id, content hash, \
            layout). With --units: one block of rows per unit (ids, names, levels and attributes filled \
            in); without: one blank block. --campaign takes the ruleset, the units and the submission \
            deadline from the store. --from fills the values in from evidence files. The filled \
            workbook is read by evaluate, compare, region and import (docs/spreadsheets.md).

            EXAMPLES:
              fazhi template --ruleset ningxia-2023-eight-actions --output 填报模板.xlsx
              fazhi template --campaign guyuan-2023 --output 填报.xlsx
            """)

    @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
    var ruleset: String?

    @Option(help: "A campaign of the store (--db or $FAZHI_DB): its ruleset, units and submission deadline.")
    var campaign: String?

    @OptionGroup var store: StoreOptions

    @Option(help: "Units to make blocks for (unit files or evidence files: YAML, or a CSV/TSV unit table); repeatable.")
    var units: [String] = []

    @Option(name: .customLong("from"), help: "Evidence files whose values fill the workbook in (one block per unit); repeatable.")
    var from: [String] = []

    @Option(help: "The submission deadline to print in 填报说明 (e.g. 2024-01-31).")
    var deadline: String?

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx), atomically.")
    var output: String

    @OptionGroup var options: RulesetOptions

    func validate() throws {
        if (ruleset == nil) == (campaign == nil) { throw ValidationError("give --ruleset R, or --campaign C") }
        if campaign != nil, !units.isEmpty || !from.isEmpty { throw ValidationError("--campaign takes its units from the store: leave out --units and --from") }
        if !units.isEmpty, !from.isEmpty { throw ValidationError("give --units or --from, not both (--from takes the units from the evidence)") }
    }

    func run() throws {
        try checkWorkbookOutput(output, inputs: units + from + [ruleset].compactMap { $0 } + (campaign == nil ? [] : [store.path]))
        let workspace = options.workspace
        let book: Workbook
        let plan: EvaluationPlan
        var blocks: String
        if let campaign {
            let (p, info, list) = try store.run { s in (try s.plan(ofCampaign: campaign), try s.campaign(campaign), try s.units(ofCampaign: campaign)) }
            plan = p
            let infos = list.map { UnitInfo(id: $0.id, name: $0.name, level: $0.level, parent: $0.parentID ?? $0.parentName, attributes: $0.attributes) }
            book = workspace.template(plan, units: infos, deadline: deadline ?? info.submissionDeadline)
            blocks = "campaign \(campaign), \(infos.count) units"
        } else if !from.isEmpty {
            plan = try loadPlan(ruleset!, options)
            book = try Output.orExit { try workspace.template(plan, filledFrom: from.map(EvidenceSource.file), deadline: deadline) }
            blocks = "filled from \(from.count) file(s)"
        } else {
            plan = try loadPlan(ruleset!, options)
            let list = try Output.orExit { try SQLiteStore.readUnits(units.map(EvidenceSource.file)) }
            book = workspace.template(plan, units: list, deadline: deadline)
            blocks = units.isEmpty ? "one blank unit block" : "\(list.count) units"
        }
        do { try book.write(to: output) } catch {
            Output.diagnostics([error])
            throw ExitCode(2)
        }
        Output.standardError("wrote \(output): ruleset \(plan.ruleset.id), \(blocks)\n")
    }
}
