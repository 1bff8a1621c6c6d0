import FazhiKit
import Testing

/// The syntax check and the generator, which a front end may offer on their own.
struct CheckYAMLTests {
    @Test func countsDocuments() throws {
        #expect(try workspace.checkYAML(example("guyuan-region-2023.yaml")) == 6)
        #expect(try workspace.checkYAML(.source(SourceFile(name: "two.yaml", text: "a: 1\n---\nb: 2\n"))) == 2)
    }

    /// An in-memory source is named in its diagnostics as it was named when handed over.
    @Test func syntaxProblemIsLocatedInMemoryToo() {
        let source = SourceFile(name: "upload.yaml", text: "groups:\n\t- id: g1\n")
        let found = problems { () throws(DiagnosticList) in try workspace.checkYAML(.source(source)) }
        #expect(found.map { $0.location?.description } == ["upload.yaml:2:1"])
    }

    /// The limits a front end sets apply to what it hands over.
    @Test func limitsApply() {
        let strict = Workspace(rulesets: root + "/rulesets", limits: YAMLLimits(maxFileBytes: 100))
        let found = problems { () throws(DiagnosticList) in try strict.checkYAML(example("ningcheng-2023.yaml")) }
        #expect(found.first?.message.contains("larger than the limit of 100 bytes") == true)
    }

    @Test func generatorRepeatsItselfForTheSameSeed() throws {
        let plan = try workspace.plan("zhongwei-2022-points")
        func bytes(seed: UInt64) throws -> [UInt8] {
            var out: [UInt8] = []
            try workspace.generate(plan, units: 25, seed: seed, format: .jsonl) { out += $0 }
            return out
        }
        #expect(try bytes(seed: 9) == bytes(seed: 9))
        #expect(try bytes(seed: 9) != bytes(seed: 10))
    }
}
