package import FazhiCore
import FazhiBase

/// What an assessor should ask next: for every indicator a unit has no evidence for, what is missing —
/// a figure (and for which metric), an assessor's verdict, or the date a task was done.
package struct EvidenceQuestion: Sendable {
    package enum Need: String, Sendable {
        /// A metric's figure the report does not give.
        case figure
        /// A qualitative indicator: an assessor has to judge it.
        case verdict
        /// A deadline task: the date it was done.
        case date
    }

    package var indicatorID: String
    package var number: String?
    package var title: String
    package var need: Need
    /// For `figure`: the metric whose figure is missing.
    package var metric: Metric?
    /// The indicator's requirement in words (≥ 100%, 每年不少于 2 次 …).
    package var requirement: String
    package var deadline: String?

    /// The question in words.
    package var text: String {
        switch need {
        case .figure:
            guard let metric else { return "报告没有给出“\(title)”所需的数字" }
            return "报告没有给出“\(metric.name)”（\(metric.id)）的数字，要求 \(requirement)：请提供数字和出处"
        case .verdict:
            return "报告中没有可据以判断的内容：请评估人员认定“\(title)”是否达到"
        case .date:
            return "请提供“\(title)”的完成日期\(deadline.map { "（期限：\($0)）" } ?? "")"
        }
    }
}

package enum EvidenceQuestions {
    /// The questions for one unit's result, in indicator order: one per missing figure, verdict or date.
    package static func questions(plan: EvaluationPlan, evidence: UnitEvidence, result: UnitResult) -> [EvidenceQuestion] {
        var out: [EvidenceQuestion] = []
        for ir in result.indicators where ir.outcome.state == .noEvidence {
            let planned = plan.indicators[ir.position]
            let indicator = planned.indicator
            let finding = planned.evaluator.explain(evidence.facts)
            var seen = Set<String>()
            func add(_ need: EvidenceQuestion.Need, _ metric: Metric?) {
                let key = "\(need)|\(metric?.id ?? "")"
                guard seen.insert(key).inserted else { return }
                out.append(EvidenceQuestion(indicatorID: indicator.id, number: indicator.number, title: indicator.title, need: need,
                                            metric: metric, requirement: planned.evaluator.requirement, deadline: indicator.deadlineText))
            }
            for slot in finding.slots where slot >= 0 && slot < plan.slots.count && !evidence.facts.has(slot) {
                switch plan.slots[slot] {
                case .metric(let id): add(.figure, plan.catalog[id])
                case .verdict: add(.verdict, nil)
                case .event: add(.date, nil)
                case .attribute: break
                }
            }
            if seen.isEmpty {
                // A check that names no slot: ask by what its targets need, else for a verdict.
                let targets = planned.evaluator.targets
                if targets.isEmpty { add(.verdict, nil) }
                for target in targets { add(.figure, plan.catalog[target.metric]) }
            }
        }
        return out
    }

    /// The questions as text: figures first (the ones to ask the unit for), then verdicts, then dates.
    /// `width`: the terminal's columns (cells wrapped to fit); nil: whole lines, long cells cut.
    package static func text(_ questions: [EvidenceQuestion], unit: String, width: Int? = nil) -> String {
        var out: [String] = []
        out.append("\(unit)：报告没有提供佐证的指标——评估人员下一步要问的问题（共 \(questions.count) 项）")
        let figures = questions.filter { $0.need == .figure }
        let verdicts = questions.filter { $0.need == .verdict }
        let dates = questions.filter { $0.need == .date }
        if !figures.isEmpty {
            out.append("")
            out.append("缺数字（\(figures.count) 项）：向被评估单位要数字和出处")
            var table = TextTable(["编号", "指标", "缺少的数字", "要求"], maxWidth: 40)
            for q in figures {
                table.add([q.number ?? q.indicatorID, q.title, q.metric.map { "\($0.name)（\($0.id)）" } ?? "—", q.requirement])
            }
            out.append(table.render(width: width, wrapping: [1, 2, 3]))
        }
        if !verdicts.isEmpty {
            out.append("")
            out.append("需评估人员认定（\(verdicts.count) 项）：报告只有文字，没有可自动判断的数字")
            var table = TextTable(["编号", "指标"], maxWidth: 60)
            for q in verdicts { table.add([q.number ?? q.indicatorID, q.title]) }
            out.append(table.render(width: width, wrapping: [1]))
        }
        if !dates.isEmpty {
            out.append("")
            out.append("缺完成日期（\(dates.count) 项）")
            var table = TextTable(["编号", "指标", "期限"], maxWidth: 50)
            for q in dates { table.add([q.number ?? q.indicatorID, q.title, q.deadline ?? "—"]) }
            out.append(table.render(width: width, wrapping: [1]))
        }
        return out.flatMap { $0.contains("\n") ? [$0] : ReportText.wrapLine($0, width: width) }.joined(separator: "\n")
    }

    package static func json(_ questions: [EvidenceQuestion]) -> JSONValue {
        .array(questions.map { q in
            .object([("indicator", .string(q.indicatorID)), ("number", .text(q.number)), ("title", .string(q.title)),
                     ("need", .string(q.need.rawValue)), ("metric", .text(q.metric?.id)), ("requirement", .string(q.requirement)),
                     ("question", .string(q.text))])
        })
    }
}
