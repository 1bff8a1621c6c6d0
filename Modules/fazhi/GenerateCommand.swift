import ArgumentParser
import FazhiKit

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a reproducible synthetic region (invented units) for benchmarks and demos.",
        discussion: """
            One row (csv, jsonl) or document (yaml) per unit: id, name, level, has_legislative_power and \
            the attributes the ruleset's appliesTo reads, invented = true, then every metric, verdict and \
            completion date the ruleset reads. About 2% of cells are empty. The same seed gives the same bytes.

            --style export writes the batch as a statistics system exports it: the id column headed \
            unit_id, levels in Chinese (县, 区, 市, 部门, 乡镇), yes/no as 1/0 and rates as four-decimal \
            fractions (0.9312).

            EXAMPLES:
              fazhi generate -r ningxia-2023-eight-actions --units 1000 -o region.csv
              fazhi generate -r province-100.yaml --units 1000000 --style export -o w.csv
            """)

    @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
    var ruleset: String

    @Option(help: "How many units.")
    var units: Int

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(help: "csv, jsonl or yaml.")
    var format: String = "csv"

    @Option(help: "plain, or export: unit_id, Chinese levels, 1/0 and four-decimal rates.")
    var style: String = "plain"

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var options: RulesetOptions

    func run() throws {
        guard units >= 0 else {
            Output.error("--units \(units): expected 0 or more")
            throw ExitCode(2)
        }
        guard let f = RegionGenerator.Format(rawValue: format) else {
            Output.error("--format \(format): expected csv, jsonl or yaml")
            throw ExitCode(2)
        }
        guard let st = RegionGenerator.Style(rawValue: style) else {
            Output.error("--style \(style): expected plain or export")
            throw ExitCode(2)
        }
        let sink = try OutputStream(path: output, inputs: [ruleset])
        let plan = try loadPlan(ruleset, options)
        do {
            let progress = TerminalProgress()
            try options.workspace.generate(plan, units: units, seed: seed, format: f, style: st, progress: progress.update) { try sink.write($0) }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
    }
}
