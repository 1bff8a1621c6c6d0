import ArgumentParser
import FazhiKit
import FazhiReports
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension EvaluateCommand {
    /// Batches (.csv, .tsv, .jsonl, or any input with `--format jsonl`): one result row per unit,
    /// streamed in input order, and the region summary on standard error. No per-indicator table.
    func runBatch() throws {
        let plan = try loadPlan(ruleset, options)
        let date = try parseAsOf(asOf)
        let resultFormat: ResultFormat
        switch format ?? .csv {
        case .csv: resultFormat = .csv
        case .jsonl: resultFormat = .jsonl
        case .table, .json:
            Output.error("--format \(format!.rawValue): a batch is written as csv or jsonl (one row per unit)")
            throw ExitCode(2)
        }
        if let jobs, jobs < 1 {
            Output.error("--jobs \(jobs): expected 1 or more")
            throw ExitCode(2)
        }
        try checkFailBelow(failBelow, plan)
        let batch = try Output.orExit {
            try options.workspace.batch(plan, inputs: evidence, format: resultFormat, jobs: jobs, asOf: date)
        }
        let sink = try OutputStream(path: output)
        let total: BatchSummary
        do {
            total = try batch.run { bytes in try sink.write(bytes) }
            try sink.finish()
        } catch let list as DiagnosticList {
            sink.abandon()
            Output.diagnostics(list.diagnostics)
            throw ExitCode(2)
        } catch {
            sink.abandon()
            throw error
        }
        FileHandle.standardError.write(Data(summaryText(total, plan: plan).utf8))
        if let failBelow, total.anyUnit(below: failBelow, plan: plan) { throw ExitCode(1) }
    }

    /// 区域汇总: units per grade with shares, revocations, and whether the data are invented.
    func summaryText(_ s: BatchSummary, plan: EvaluationPlan) -> String {
        var out = "区域汇总 \(plan.ruleset.id)：\(s.units) 个单位"
        if s.invented == s.units { out += "（全部为虚构数据，结果不反映真实情况）" }
        else if s.invented > 0 { out += "（其中 \(s.invented) 个为虚构数据）" }
        out += "\n"
        var table = TextTable(["等级", "单位数", "占比"], alignments: [.left, .right, .right])
        for (grade, count) in s.byGrade {
            let share = s.units == 0 ? 0 : count * 10_000 / s.units
            table.add([grade.isEmpty ? "（无等级）" : grade, "\(count)", "\(share / 100).\(String(format: "%02d", share % 100))%"])
        }
        out += table.render() + "\n"
        for (v, count) in s.revokedCounts.enumerated() where count > 0 {
            out += "触发撤销命名规则：\(count) 个单位（其中已取得“\(s.vetoGrades[v])”命名的，撤销命名）\n"
        }
        return out
    }
}

/// Streams bytes to standard output, or to a file through a temporary file renamed at the end, so a
/// failed run leaves no half-written file. (Standard output cannot be taken back: use `--output` for
/// all-or-nothing.)
final class OutputStream {
    let path: String?
    let temporary: String?
    let fd: Int32

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            fd = STDOUT_FILENO
            return
        }
        let t = path + ".fazhi-tmp-\(ProcessInfo.processInfo.processIdentifier)"
        temporary = t
        fd = open(t, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 {
            Output.error("cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let r = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if r < 0 {
                if errno == EINTR { continue }
                Output.error("cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
                throw ExitCode(2)
            }
            done += r
        }
    }

    func finish() throws {
        guard let path, let temporary else { return }
        close(fd)
        if rename(temporary, path) != 0 {
            unlink(temporary)
            Output.error("cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
    }

    func abandon() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }
}
