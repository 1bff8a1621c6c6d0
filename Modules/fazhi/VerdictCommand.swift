import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "评定: assessors record met/partial/unmet on assessed items; disagreements side by side; the office decides.",
        discussion: "EXAMPLES:\n  fazhi verdict record --campaign guyuan-2023 --unit xiji --indicator nx-1 \\\n      --verdict met --by 张三\n  fazhi verdict list --campaign guyuan-2023 --disagreements",
        subcommands: [Record.self, Decide.self, List.self])

    struct Item: ParsableArguments {
        @Option(help: "The campaign's id.")
        var campaign: String
        @Option(help: "The unit's id.")
        var unit: String
        @Option(help: "The assessed indicator's id.")
        var indicator: String
        @Option(help: "met, partial or unmet (达到 / 部分达到 / 未达到).")
        var verdict: String
        @Option(help: "Why.")
        var comment: String?

        var request: VerdictRequest {
            let word = Verdict(text: verdict).map { "\($0)" } ?? verdict
            return VerdictRequest(campaign: campaign, unit: unit, indicator: indicator, verdict: word, comment: comment)
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An assessor's verdict (--by names the assessor).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var item: Item
        func run() throws {
            try store.run { try $0.recordVerdict(item.request, by: store.actor) }
            try Output.print("\(item.campaign) \(item.unit) \(item.indicator): \(item.request.verdict) (\(store.actor))")
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The office's decision, which counts over the assessors'.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var item: Item
        func run() throws {
            try store.run { try $0.decide(item.request, by: store.actor) }
            try Output.print("\(item.campaign) \(item.unit) \(item.indicator): decided \(item.request.verdict) (\(store.actor))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verdicts by item, each assessor side by side, with the decision and what counts.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Option(help: "The campaign's id.")
        var campaign: String
        @Option(help: "Only this unit.")
        var unit: String?
        @Flag(help: "Only items where assessors disagree.")
        var disagreements = false

        func run() throws {
            let rows = try store.run { try $0.verdicts(campaign: campaign, unit: unit) }.filter { !disagreements || $0.disagree }
            try listing.emit(rows, headers: ["单位", "指标", "评估人评定", "法治办决定", "计入", "分歧"], rows: rows.map { r in
                [r.unitID, r.indicatorID,
                 r.byAssessor.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" + (r.comments[$0.key].map { "（\($0)）" } ?? "") }.joined(separator: "；"),
                 r.decision.map { "\($0)（\(r.decidedBy ?? "")）" } ?? "", r.effective ?? "待决定", r.disagree ? "是" : ""]
            })
        }
    }
}

