import ArgumentParser
import FazhiBase
import FazhiYAML
import Foundation

struct CheckYAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-yaml",
        abstract: "Load YAML files (multi-document streams too) and report every syntax problem, located.")

    @OptionGroup var limitOptions: LimitOptions

    @Argument(help: "YAML files.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let limits = limitOptions.limits
                let parser = try YAMLParser(source: try SourceFile(contentsOfFile: file, limit: limits.maxFileBytes), limits: limits)
                var count = 0
                while try parser.nextDocument() != nil { count += 1 }
                print("\(file): ok (\(count) document\(count == 1 ? "" : "s"))")
            } catch {
                Output.diagnostics([error])
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
