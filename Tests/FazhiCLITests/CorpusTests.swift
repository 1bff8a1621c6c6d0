import Foundation
import Testing

/// One broken (or deliberately odd) input from Tests/Corpus: the command it is given to, and the exit
/// status it must produce. What the binary prints is compared word for word with expected/NAME.out.
struct CorpusCase: CustomTestStringConvertible, Sendable {
    var name: String
    var command: String
    var exit: Int32
    var testDescription: String { name }

    var input: String { command == "batch" ? "Tests/Corpus/batches/\(name)" : "Tests/Corpus/inputs/\(name).yaml" }

    var arguments: [String] {
        switch command {
        case "batch": ["evaluate", "--ruleset", "Tests/Corpus/inputs/corpus.yaml", "--jobs", "1", input]
        case "validate": ["validate", input]
        case "evaluate": ["evaluate", "--ruleset", "Tests/Corpus/inputs/corpus.yaml", input]
        default: [command, input]
        }
    }
}

/// The manifest, read line by line (`  - { name: …, command: …, exit: … }`).
let corpusCases: [CorpusCase] = {
    let text = (try? String(contentsOfFile: root + "/Tests/Corpus/cases.yaml", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line -> CorpusCase? in
        guard line.hasPrefix("  - {") else { return nil }
        var fields: [String: String] = [:]
        for part in line.dropFirst(5).dropLast().split(separator: ",") {
            let kv = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard let name = fields["name"], let command = fields["command"], command != "none",
              let exit = fields["exit"].flatMap({ Int32($0) }) else { return nil }
        return CorpusCase(name: name, command: command, exit: exit)
    }
}()

struct CorpusTests {
    @Test func theCorpusIsLargeEnough() {
        #expect(corpusCases.count >= 60)
        #expect(corpusCases.filter { $0.command == "batch" }.count >= 20)
    }

    /// Every case: its exit status, no signal, and exactly the recorded message.
    /// `FAZHI_RECORD=1 swift test --filter CorpusTests` rewrites the expected files, to be read before committing.
    @Test(arguments: corpusCases)
    func brokenInput(_ c: CorpusCase) throws {
        let run = try fazhi(c.arguments)
        #expect(run.terminatedNormally, "\(c.name) ended in a signal")
        #expect(run.status == c.exit, "\(c.name): exit \(run.status)\n\(run.stderr)")
        // A successful evaluation prints a whole report; its totals are what the case is about.
        let stdout = c.command == "evaluate" && run.status == 0
            ? run.stdout.split(separator: "\n").filter { $0.hasPrefix("合计") || $0.hasPrefix("等级") }.joined(separator: "\n") + "\n"
            : run.stdout
        let actual = "exit: \(run.status)\n--- stdout\n\(stdout)--- stderr\n\(run.stderr)"
        let expectedPath = root + "/Tests/Corpus/expected/\(c.name).out"
        if ProcessInfo.processInfo.environment["FAZHI_RECORD"] == "1" {
            try? FileManager.default.createDirectory(atPath: root + "/Tests/Corpus/expected", withIntermediateDirectories: true)
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected)
    }

    /// A 100 MB scalar is refused at its start, without a crash (generated here: too large to commit).
    @Test func aHundredMegabyteScalar() throws {
        var data = Data("title: ".utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: 100 << 20))
        data.append(Data("\n".utf8))
        let path = temporaryFile("huge.yaml", "")
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try fazhi("check-yaml", path)
        #expect(run.terminatedNormally)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(path):1:8: error: a scalar of 104857600 bytes is longer than the limit of 1048576 bytes"))
    }
}

struct LimitTests {
    /// The YAML limits are options a user can change; the message names the limit in force.
    @Test func limitsAreOptions() throws {
        let path = temporaryFile("deep.yaml", "a: [[[[1]]]]\n")
        let strict = try fazhi("check-yaml", "--max-depth", "3", path)
        #expect(strict.status == 2)
        #expect(strict.stderr == "\(path):1:6: error: nesting deeper than 3 levels; expected a flatter document\na: [[[[1]]]]\n     ^\n")
        let relaxed = try fazhi("check-yaml", "--max-depth", "10", path)
        #expect(relaxed.status == 0)
        let bomb = temporaryFile("aliases.yaml", "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n")
        #expect(try fazhi("check-yaml", "--alias-budget", "8", bomb).status == 2)
        #expect(try fazhi("check-yaml", bomb).status == 0)
        #expect(try fazhi("check-yaml", "--max-depth", "0", bomb).status == 2)
    }
}

struct FuzzReplayTests {
    /// Each fuzz target, built normally, replays the seeds and every saved regression without a crash.
    @Test(arguments: ["FuzzYAML", "FuzzRuleset", "FuzzEvidence", "FuzzBatch", "FuzzExtract"])
    func replay(_ target: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: root + "/.build/debug/" + target)
        let saved = "Tests/Fuzz/regressions/" + target
        let seeds = switch target {
        case "FuzzBatch": ["rulesets", "examples", "Tests/Corpus/inputs", "Tests/Corpus/batches"]
        case "FuzzExtract": ["Tests/FazhiExtractTests/Fixtures", "Tests/FazhiExtractTests/Fixtures/labelled", "Tests/Corpus/inputs"]
        default: ["rulesets", "examples", "Tests/Corpus/inputs"]
        }
        process.arguments = seeds
            + (FileManager.default.fileExists(atPath: root + "/" + saved) ? [saved] : [])
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(output.hasPrefix("ran "))
    }
}
