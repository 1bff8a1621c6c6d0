import ArgumentParser
import FazhiKit

struct CheckYAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-yaml",
        abstract: "Load YAML files (multi-document streams too) and report every syntax problem, located.")

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "YAML files.")
    var files: [String]

    func run() throws {
        let workspace = Workspace(limits: limitOptions.limits)
        var failed = false
        for file in files {
            do {
                let count = try workspace.checkYAML(.file(file))
                try Output.print("\(file): ok (\(count) document\(count == 1 ? "" : "s"))")
            } catch {
                Output.diagnostics(error.diagnostics)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
