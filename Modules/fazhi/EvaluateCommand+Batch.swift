import ArgumentParser
import FazhiCore
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
        let sink = try OutputStream(path: output, inputs: inputFiles)
        let plan = try loadPlan(ruleset, options)
        let date = try parseAsOf(asOf)
        let resultFormat: ResultFormat
        switch format ?? .csv {
        case _ where summary: resultFormat = .none
        case .csv: resultFormat = .csv
        case .jsonl: resultFormat = .jsonl
        case .table, .json, .xlsx:
            Output.error("--format \(format!.rawValue): a batch is written as csv or jsonl (one row per unit)")
            throw ExitCode(2)
        }
        var jobs = self.jobs
        if let j = jobs, j < 1 {
            Output.error("--jobs \(j): expected 1 or more")
            throw ExitCode(2)
        }
        if let j = jobs, j > BatchRunner.defaultJobs {
            // Each worker holds a chunk buffer: more workers than cores only cost memory.
            Output.standardError("note: --jobs \(j) is more than the \(BatchRunner.defaultJobs) cores; using \(BatchRunner.defaultJobs)\n")
            jobs = BatchRunner.defaultJobs
        }
        try checkFailBelow(failBelow, plan)
        let batch = try Output.orExit {
            try options.workspace.batch(plan, inputs: evidence, format: resultFormat, jobs: jobs, asOf: date)
        }
        if let reason = batch.generalReason {
            Output.standardError("note: the bulk scorer does not compile \(reason); each unit is scored by the general scorer (same results, slower)\n")
        }
        let total: BatchSummary
        do {
            total = try batch.run { bytes in try sink.write(bytes) }
            if summary {
                let text = Array(summaryText(total, plan: plan).utf8)
                try text.withUnsafeBytes { try sink.write($0) }
            }
            try sink.finish()
        } catch let list as DiagnosticList {
            sink.abandon()
            Output.diagnostics(list.diagnostics)
            throw ExitCode(2)
        } catch {
            sink.abandon()
            throw error
        }
        if !summary { Output.standardError(summaryText(total, plan: plan)) }
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
        if let ungraded = s.byGrade.first(where: { $0.0 == EvaluationPlan.ungradedGrade })?.1, ungraded > 0 {
            let names = plan.attributeSlots.map(\.name)
            out += "未评定：\(ungraded) 个单位缺少单位属性（本规则集的 appliesTo 读取 \(names.joined(separator: "、"))），无法判断哪些指标适用；请在批量表中为每个单位填写这些列\n"
        }
        for (v, count) in s.revokedCounts.enumerated() where count > 0 {
            out += "触发撤销命名规则：\(count) 个单位（其中已取得“\(s.vetoGrades[v])”命名的，撤销命名）\n"
        }
        return out
    }
}
