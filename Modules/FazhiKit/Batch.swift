public import FazhiBatch
public import FazhiCore
import FazhiYAML

/// Where streamed bytes go (a file, standard output, a socket): called with each piece in order. The
/// caller opened it and decides what a failure leaves behind.
public typealias ByteSink = (UnsafeRawBufferPointer) throws -> Void

/// A batch checked and compiled, ready to stream: one result row per unit, in input order, with a
/// memory footprint independent of the number of units.
public struct Batch: Sendable {
    public let plan: EvaluationPlan
    let inputs: [(path: String, format: BatchFormat)]
    let runner: BatchRunner

    /// The forms of the ruleset the bulk scorer's compiled loop does not know (deduction items,
    /// per-count adjustments, an N/A policy of the points model), for which each unit goes through
    /// `Scorer`, or nil.
    public var generalReason: String? { runner.compiled.generalReason }

    /// Streams every input's rows to `sink` (one header, at the start) and returns the counts over
    /// all of them. Input problems are thrown as a `DiagnosticList`, located at their row and column;
    /// the sink's own errors are rethrown as they are.
    public func run(into sink: ByteSink) throws -> BatchSummary {
        var runner = runner
        var total: BatchSummary?
        var sinkError: (any Error)?
        let guarded: ByteSink = { bytes in
            do { try sink(bytes) } catch {
                sinkError = error
                throw error
            }
        }
        do {
            for (i, input) in inputs.enumerated() {
                runner.header = i == 0
                let summary = try runner.run(path: input.path, format: input.format, sink: guarded)
                total = total.map { $0.adding(summary) } ?? summary
            }
        } catch let list as DiagnosticList {
            throw list
        } catch {
            if let sinkError { throw sinkError }
            throw DiagnosticList([.error("\(error)", at: nil)])
        }
        return total!
    }
}

extension Workspace {
    /// Prepares a batch: each input is a .csv, .tsv, .jsonl, multi-document .yaml or filled .xlsx file, read by
    /// the bulk scorer with `jobs` threads (default: every core). Rows are written as `format`.
    public func batch(_ plan: EvaluationPlan, inputs: [String], format: ResultFormat = .csv, jobs: Int? = nil,
                      asOf: CalendarDate? = nil) throws(DiagnosticList) -> Batch {
        var typed: [(path: String, format: BatchFormat)] = []
        for path in inputs {
            // A filled workbook is read unit by unit, like a YAML batch (documents, then scored).
            if SheetEvidence.isWorkbook(path) {
                typed.append((path, .yaml))
                continue
            }
            guard let f = BatchFormat(path: path) else {
                throw DiagnosticList([.error("\(path): expected a .csv, .tsv, .jsonl or .yaml file", at: nil)])
            }
            typed.append((path, f))
        }
        guard !typed.isEmpty else { throw DiagnosticList([.error("a batch needs one or more inputs", at: nil)]) }
        let compiled: CompiledPlan
        do { compiled = try CompiledPlan(plan) } catch { throw DiagnosticList([.error("\(error)", at: nil)]) }
        var runner = BatchRunner(compiled: compiled, resultFormat: format, jobs: jobs ?? BatchRunner.defaultJobs, asOf: asOf)
        let limits = limits
        runner.readDocuments = { reader, path in
            if SheetEvidence.isWorkbook(path) { return try SheetEvidence(plan: reader.plan, path: path).read(reader) }
            return try reader.read(path: path, limits: limits)
        }
        return Batch(plan: plan, inputs: typed, runner: runner)
    }

    /// A reproducible synthetic region of `units` invented units for the plan, streamed to `sink`.
    public func generate(_ plan: EvaluationPlan, units: Int, seed: UInt64, format: RegionGenerator.Format,
                         style: RegionGenerator.Style = .plain,
                         progress: (Progress) -> Void = { _ in }, into sink: ByteSink) throws {
        progress(Progress(stage: .generating, done: 0, total: units))
        try RegionGenerator(plan: plan, seed: seed, style: style).write(units: units, format: format, progress: {
            progress(Progress(stage: .generating, done: $0, total: units))
        }, to: sink)
    }
}

extension BatchSummary {
    /// Counts over two batches of the same plan.
    func adding(_ other: BatchSummary) -> BatchSummary {
        var s = self
        s.units += other.units
        s.noGrade += other.noGrade
        s.invented += other.invented
        for i in s.gradeCounts.indices { s.gradeCounts[i] += other.gradeCounts[i] }
        for i in s.revokedCounts.indices { s.revokedCounts[i] += other.revokedCounts[i] }
        return s
    }

    /// Whether some unit's grade ranks below `grade` in the plan, or has no grade (the CLI's `--fail-below`).
    package func anyUnit(below grade: String, plan: EvaluationPlan) -> Bool {
        let grades = plan.ruleset.scoring.grades
        guard let limit = grades.firstIndex(where: { $0.name == grade }) else { return false }
        let below = gradeCounts.enumerated().contains { index, count in
            count > 0 && (grades.firstIndex { $0.name == gradeNames[index] } ?? Int.max) > limit
        }
        return below || noGrade > 0
    }
}
