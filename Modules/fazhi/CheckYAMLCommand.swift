import ArgumentParser
import FazhiKit

struct CheckYAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-yaml",
        abstract: "Load YAML files (multi-document streams too) and report every syntax problem, located.",
        discussion: "EXAMPLES:\n  fazhi check-yaml examples/*.yaml")

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "YAML files.")
    var files: [String]

    func run() throws {
        let workspace = Workspace(limits: limitOptions.limits)
        var failed = false
        for file in files {
            let count: Int
            do {
                count = try workspace.checkYAML(.file(file))
            } catch {
                Output.diagnostics(error.diagnostics)
                failed = true
                continue
            }
            try Output.print("\(file): ok (\(count) document\(count == 1 ? "" : "s"))")
        }
        if failed { throw ExitCode(2) }
    }
}
