@testable import FazhiKit
import Foundation
import Testing

/// `region` and `compare` keep every unit's full result in memory: a batch the memory cannot hold is
/// refused before it is read, naming the file, the units, the memory and what to run instead.
struct AnalysisMemoryTests {
    func batch(units: Int) throws -> (EvaluationPlan, String) {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        var bytes: [UInt8] = []
        try workspace.generate(plan, units: units, seed: 9, format: .csv) { bytes += $0 }
        return (plan, try temporaryFile("region.csv", bytes))
    }

    @Test func aBatchTooLargeForTheMemoryIsRefusedBeforeItIsRead() throws {
        let (plan, path) = try batch(units: 300)
        // 300 units × 50 indicators × 1 KB is about 15 MB.
        let found = problems { () throws(DiagnosticList) in try AnalysisMemory.check(plan, [.file(path)], available: 10_000_000) }
        #expect(found.count == 1)
        let message = found.first?.message ?? ""
        #expect(message.hasPrefix("\(path): about 300 units; this command keeps every unit's full result in memory"), "\(message)")
        #expect(message.hasSuffix("about 50 KB a unit under 50 indicators (15 MB), more than the 10 MB available"), "\(message)")
        #expect(found.first?.hint?.contains("fazhi evaluate") == true)
        // Enough memory: nothing to say; YAML evidence and in-memory sources are not counted.
        #expect(problems { () throws(DiagnosticList) in try AnalysisMemory.check(plan, [.file(path)], available: 100_000_000) }.isEmpty)
        #expect(problems { () throws(DiagnosticList) in try AnalysisMemory.check(plan, [.file(root + "/examples/ningcheng-2023.yaml")], available: 1) }.isEmpty)
    }

    /// Through `region`, with the memory to assume given as a user would (`FAZHI_MEMORY_BYTES`).
    @Test func regionCountsEveryBatchGiven() throws {
        let (plan, path) = try batch(units: 40)
        #expect(AnalysisMemory.lineCount(path) == 41)
        // A symbolic link to the batch counts as the batch; a named pipe is not read here.
        let link = path + ".link.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(AnalysisMemory.lineCount(link) == 41)
        let fifo = path + ".fifo.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(AnalysisMemory.lineCount(fifo) == nil)
        let found = problems { () throws(DiagnosticList) in try AnalysisMemory.check(plan, [.file(path), .file(path)], available: 3_000_000) }
        #expect(found.first?.message.contains("about 80 units (2 files; the largest") == true, "\(String(describing: found.first?.message))")
        #expect(try workspace.region(plan, evidence: [.file(path)]).units.count == 40)
    }
}
