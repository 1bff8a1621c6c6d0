import FazhiKit
import Testing

/// Bulk scoring, as `fazhi generate` and `fazhi evaluate` on .csv/.jsonl batches do, with the bytes
/// going to sinks the test holds.
struct BatchTests {
    /// Bytes collected in memory: the sink a server would hand over to stream a response.
    final class Collected {
        var bytes: [UInt8] = []
        func write(_ piece: UnsafeRawBufferPointer) { bytes += piece }
        var text: String { String(decoding: bytes, as: UTF8.self) }
        /// Lines, counted as newline bytes (CSV rows end in CRLF, which Swift reads as one character).
        var lines: Int { bytes.count { $0 == 0x0A } }
    }

    func generated(_ plan: EvaluationPlan, units: Int, format: RegionGenerator.Format) throws -> Collected {
        let out = Collected()
        try workspace.generate(plan, units: units, seed: 4, format: format) { out.write($0) }
        return out
    }

    @Test func generatedRegionScoresOneRowPerUnit() throws {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        let input = try temporaryFile("region.csv", generated(plan, units: 120, format: .csv).bytes)
        let batch = try workspace.batch(plan, inputs: [input], format: .jsonl, jobs: 2)
        let out = Collected()
        let summary = try batch.run { out.write($0) }
        #expect(summary.units == 120)
        #expect(summary.invented == 120)
        #expect(summary.byGrade.map(\.units).reduce(0, +) == 120)
        #expect(out.lines == 120)
    }

    /// Several inputs stream as one: one header, every row, counts added up.
    @Test func severalInputsShareOneHeader() throws {
        let plan = try workspace.plan("zhongwei-2022-points")
        let first = try temporaryFile("a.csv", generated(plan, units: 30, format: .csv).bytes)
        let second = try temporaryFile("b.jsonl", generated(plan, units: 20, format: .jsonl).bytes)
        let out = Collected()
        let summary = try workspace.batch(plan, inputs: [first, second], format: .csv, jobs: 1).run { out.write($0) }
        #expect(summary.units == 50)
        #expect(out.lines == 51)
    }

    @Test func unknownInputKindIsAProblem() throws {
        let plan = try workspace.plan("zhongwei-2022-points")
        let found = problems { () throws(DiagnosticList) in try workspace.batch(plan, inputs: ["region.txt"]) }
        #expect(found.map(\.message) == ["region.txt: expected a .csv, .tsv, .jsonl or .yaml file"])
    }

    /// A bad row is thrown as a diagnostic located at its row and column.
    @Test func badRowIsLocated() throws {
        let plan = try workspace.plan("zhongwei-2022-points")
        var text = try generated(plan, units: 3, format: .csv).text
        text += "\u{FEFF}broken,\"unclosed\n"
        let input = try temporaryFile("bad.csv", Array(text.utf8))
        do {
            _ = try workspace.batch(plan, inputs: [input], jobs: 1).run { _ in }
            Issue.record("a broken row was accepted")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.first?.location?.file == input)
        }
    }

    /// The sink's own failure comes back as it was thrown, not as an input problem.
    @Test func sinkFailurePassesThrough() throws {
        struct Full: Error {}
        let plan = try workspace.plan("zhongwei-2022-points")
        let input = try temporaryFile("r.csv", generated(plan, units: 10, format: .csv).bytes)
        #expect(throws: Full.self) { try workspace.batch(plan, inputs: [input], jobs: 1).run { _ in throw Full() } }
    }
}
