package import FazhiCore
package import FazhiAnalysis
package import FazhiBase
import Foundation

/// Pieces every comparison report shares: one-character outcome marks that are two columns wide (so
/// matrices line up in a terminal), ANSI colour, and the invented-data warning.
package enum ReportText {
    /// 达 半 未 缺 － 错: each one CJK character, two columns wide.
    package static func of(_ state: OutcomeState) -> String {
        switch state {
        case .met: "达"
        case .partial: "半"
        case .unmet: "未"
        case .noEvidence: "缺"
        case .notApplicable: "－"
        case .error: "错"
        }
    }

    package static let legend = "图例：达 达到 · 半 部分达到 · 未 未达到 · 缺 无佐证 · － 不适用 · 错 错误"

    static func state(ofMark text: String) -> OutcomeState? { OutcomeState.allCases.first { of($0) == text } }

    /// ANSI colour for an outcome.
    package static func paint(_ text: String, _ state: OutcomeState) -> String {
        let code: String
        switch state {
        case .met: code = "32"
        case .partial: code = "33"
        case .unmet, .error: code = "31"
        case .noEvidence: code = "35"
        case .notApplicable: code = "90"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// ANSI colour for a grade: the top band green, the bottom red, the rest yellow.
    package static func paint(grade text: String, rank: Int, of count: Int) -> String {
        let code = rank == 0 ? "32" : (rank >= count - 1 ? "31" : "33")
        return "\u{1B}[1;\(code)m\(text)\u{1B}[0m"
    }

    /// The text without ANSI colour codes (ESC [ … m).
    package static func plain(_ text: String) -> String {
        var out = ""
        var inCode = false
        for ch in text {
            if ch == "\u{1B}" { inCode = true; continue }
            if inCode { if ch == "m" { inCode = false }; continue }
            out.append(ch)
        }
        return out
    }

    package static func bold(_ text: String) -> String { "\u{1B}[1m\(text)\u{1B}[0m" }

    /// The warning every report made from invented evidence carries.
    package static func inventedWarning(_ results: [UnitResult]) -> String? {
        let invented = results.filter(\.invented)
        guard !invented.isEmpty else { return nil }
        let names = invented.count == results.count ? "全部单位" : invented.map(\.unit.name).joined(separator: "、")
        return "【注意】\(names)的佐证材料为虚构示例数据，结果不反映真实情况。"
    }

    /// "（一） 实施…行动"
    package static func groupLabel(_ g: IndicatorGroup) -> String {
        [g.number, g.title].compactMap { $0 }.joined(separator: " ")
    }

    /// A short column head for a first-level group: its printed number, else its id.
    package static func groupHead(_ g: IndicatorGroup) -> String { g.number ?? g.id }

    /// "7 建立…" — an indicator's printed number (else id) and title.
    package static func indicatorLabel(_ i: Indicator) -> String { "\(i.number ?? i.id) \(i.title)" }

    /// A path relative to `directory` when it lies inside it; else as given.
    package static func relative(_ path: String, to directory: String?) -> String {
        guard let directory, !directory.isEmpty else { return path }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// A line broken to fit `width` display columns, continuation lines indented two columns deeper than
    /// the line's own indent; the line alone when there is no width or it fits.
    /// A line holding colour codes is measured and broken without them (the colour is dropped).
    package static func wrapLine(_ line: String, width: Int?) -> [String] {
        guard let width else { return [line] }
        let line = line.contains("\u{1B}") ? plain(line) : line
        guard DisplayWidth.of(line) > width else { return [line] }
        let lead = line.prefix { $0 == " " }.count
        let indent = String(repeating: " ", count: min(lead + 2, width / 2))
        let first = TextTable.wrap(String(line.dropFirst(lead)), width: width - lead)
        guard first.count > 1 else { return [line] }
        let rest = TextTable.wrap(first.dropFirst().joined(), width: width - indent.count)
        return [String(repeating: " ", count: lead) + first[0]] + rest.map { indent + $0 }
    }

    /// The indicators a gap names, one a line: "  · nx-4 提高…［无佐证，+1 项］牵头：县司法局", and a note
    /// when more indicators could do.
    package static func stepLines(_ gap: Gap, plan: EvaluationPlan) -> [String] {
        var out: [String] = []
        for step in gap.steps {
            let i = plan.indicators[step.position].indicator
            let lead = leadText(i)
            out.append("  · \(i.id) \(i.title)［\(step.state.chinese)，\(step.gainText)］\(lead == "—" ? "" : "牵头：\(lead)")")
        }
        if gap.reachable, gap.candidates > gap.steps.count, !gap.steps.isEmpty {
            out.append("    " + ComparisonReport.candidatesNote(gap))
        }
        return out
    }

    package static func leadText(_ i: Indicator) -> String {
        if !i.lead.isEmpty { return i.lead.joined(separator: "、") }
        if !i.responsible.isEmpty { return "（责任）" + i.responsible.joined(separator: "、") }
        return "—"
    }

    /// The file name alone (`a.yaml`): what an HTML report or a document shows, since it is read on
    /// other machines where the folders mean nothing.
    package static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// A source location with its file shown by name alone: `a.yaml:12:5`, `a.xlsx:填报!C12`.
    package static func shortPlace(_ location: SourceLocation) -> String {
        let place = location.description
        guard place.hasPrefix(location.file) else { return place }
        return fileName(location.file) + place.dropFirst(location.file.count)
    }

    /// The scoring model in words: 完成率计分, 加权计分, 分值计分.
    package static func modelName(_ model: ScoringSpec.Model) -> String {
        switch model {
        case .completion: "完成率计分"
        case .weighted: "加权计分"
        case .points: "分值计分"
        }
    }
}
