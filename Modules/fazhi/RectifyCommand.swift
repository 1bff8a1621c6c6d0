import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct RectifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectify",
        abstract: "整改: tasks from a published campaign's unmet indicators; units answer, the office closes or reopens; overdue listed.",
        discussion: "EXAMPLES:\n  fazhi rectify open --campaign guyuan-2023 --deadline 2024-06-30\n  fazhi rectify list --overdue\n  fazhi rectify answer 3 --text 已整改 --attach 整改报告.pdf",
        subcommands: [Open.self, List.self, Answer.self, Close.self, Reopen.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a task of every unmet indicator in the latest publication (owner: the lead unit where named).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The campaign's id.")
        var campaign: String
        @Option(help: "The deadline, YYYY-MM-DD.")
        var deadline: String
        func run() throws {
            let deadline = try date(deadline, "--deadline")!
            let n = try store.run { try $0.openRectification(campaign: campaign, deadline: deadline, by: store.actor) }
            try Output.print("\(campaign): \(n) rectification task(s) opened, due \(deadline)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tasks, with the overdue (open past the deadline) marked; --overdue lists only those and counts them per unit.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Option(help: "Only this campaign.")
        var campaign: String?
        @Option(help: "Only this unit.")
        var unit: String?
        @Flag(help: "Only tasks past their deadline and not closed.")
        var overdue = false
        @Option(help: "The day overdue is judged on (default: today, UTC+8).")
        var today: String?

        func run() throws {
            let day = try date(today, "--today")
            let all: [RectificationTask] = try store.run { store in try store.rectifications(campaign: campaign, unit: unit, overdueOn: overdue ? (day ?? store.today()) : day) }
            let tasks = all.filter { !overdue || $0.overdue }
            var title: String?
            if overdue {
                var perUnit: [String: Int] = [:]
                for task in tasks { perUnit[task.unitID, default: 0] += 1 }
                let counts = perUnit.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                title = "逾期 \(tasks.count) 项：" + counts.joined(separator: "，") + "\n"
            }
            let states = ["open": "未完成", "answered": "已答复", "closed": "已销号"]
            let rows: [[String]] = tasks.map { (t: RectificationTask) -> [String] in
                let state: String = states[t.state] ?? t.state
                return ["\(t.id)", t.campaign, t.unitID, t.indicatorID, t.owner, t.deadline, state, t.overdue ? "逾期" : "", t.lastAnswer ?? "", t.files.joined(separator: "、")]
            }
            try listing.emit(tasks, headers: ["编号", "考核", "单位", "指标", "责任单位", "期限", "状态", "逾期", "最近答复", "附件"], rows: rows, right: [0], title: title)
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The unit's answer: what was done, with its evidence files.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The task's number.")
        var task: Int
        @Option(help: "What was done.")
        var text: String
        @Option(name: .customLong("attach"), help: "A file of evidence (repeat for several; stored once by SHA-256).")
        var files: [String] = []
        func run() throws {
            try store.run { try $0.rectify(task: task, action: .answer, text: text, files: files, by: store.actor) }
            try Output.print("task \(task): answered")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The office closes a task (销号).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The task's number.")
        var task: Int
        @Option(help: "A note.")
        var text: String?
        func run() throws {
            try store.run { try $0.rectify(task: task, action: .close, text: text, files: [], by: store.actor) }
            try Output.print("task \(task): closed")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The office reopens a task.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The task's number.")
        var task: Int
        @Option(help: "Why.")
        var text: String?
        func run() throws {
            try store.run { try $0.rectify(task: task, action: .reopen, text: text, files: [], by: store.actor) }
            try Output.print("task \(task): reopened")
        }
    }
}

