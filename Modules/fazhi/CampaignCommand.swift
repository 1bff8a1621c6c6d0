import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "考核: create a yearly assessment under one ruleset, list, show, assign assessors, publish (通报).",
        discussion: "EXAMPLES:\n  fazhi campaign create guyuan-2023 --ruleset guyuan-2023-2025-creation \\\n      --year 2023 --units examples/guyuan-region-2023.yaml\n  fazhi campaign assign guyuan-2023 --unit xiji --assessor 张三\n  fazhi campaign publish guyuan-2023 --note 首次通报",
        subcommands: [Create.self, List.self, Show.self, Assign.self, Publish.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a campaign; its ruleset (with extends parents and the metric catalog) is stored with its content hash.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var options: RulesetOptions
        @Argument(help: "The campaign's id, e.g. guyuan-2023 (lower-case letters, digits, -).")
        var id: String
        @Option(name: .shortAndLong, help: "The ruleset: a file or an id in the rulesets directory.")
        var ruleset: String
        @Option(help: "The year assessed.")
        var year: Int
        @Option(help: "The campaign's name (default: the ruleset's title and the year).")
        var name: String?
        @Option(name: .customLong("as-of"), help: "Evaluation date YYYY-MM-DD (default: each evidence's asOf).")
        var asOf: String?
        @Option(name: .customLong("submission-deadline"), help: "Last day for units to submit, YYYY-MM-DD.")
        var submissionDeadline: String?
        @Option(name: .customLong("review-deadline"), help: "Last day for assessors' review, YYYY-MM-DD.")
        var reviewDeadline: String?
        @Option(name: .customLong("units"), parsing: .upToNextOption, help: "Evidence or unit files whose units take part.")
        var units: [String] = []

        func run() throws {
            let plan = try loadPlan(ruleset, options)
            let request = CampaignRequest(id: id, name: name ?? "\(plan.ruleset.title)（\(year)年度）", ruleset: ruleset, year: year,
                                          asOf: try date(asOf, "--as-of"), submissionDeadline: try date(submissionDeadline, "--submission-deadline"),
                                          reviewDeadline: try date(reviewDeadline, "--review-deadline"), units: units.map(EvidenceSource.file))
            let info = try store.run { try $0.createCampaign(request, workspace: options.workspace, by: store.actor) }
            try Output.print("campaign \(info.id): \(info.name), ruleset \(info.rulesetID) \(info.rulesetHash), \(info.units) units")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The campaigns, by year.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions

        func run() throws {
            let campaigns = try store.run { try $0.campaigns() }
            try listing.emit(campaigns, headers: ["考核", "年度", "名称", "规则集", "单位", "已报送", "通报版本"], rows: campaigns.map {
                [$0.id, "\($0.year)", $0.name, $0.rulesetID, "\($0.units)", "\($0.submissions)", $0.published == 0 ? "未通报" : "v\($0.published)"]
            }, right: [4, 5])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A campaign: its ruleset and deadlines, and each unit's submission.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Argument(help: "The campaign's id.")
        var id: String

        struct Shown: Encodable {
            var campaign: CampaignInfo
            var submissions: [SubmissionInfo]
        }

        func run() throws {
            let (info, submissions) = try store.run { (try $0.campaign(id), try $0.submissions(campaign: id)) }
            let title = """
                \(info.name)（\(info.id)）
                规则集 \(info.rulesetID)  \(info.rulesetHash)
                年度 \(info.year)  评估日期 \(info.asOf ?? "按各单位佐证")  报送截止 \(info.submissionDeadline ?? "—")  审核截止 \(info.reviewDeadline ?? "—")
                单位 \(info.units)  已报送 \(submissions.count)  通报 \(info.published == 0 ? "未通报" : "v\(info.published)")
                存储的文件：\(info.documents.joined(separator: "；"))

                """
            try listing.emit(Shown(campaign: info, submissions: submissions), headers: ["单位编号", "名称", "状态", "版本", "首次报送", "更新时间"],
                             rows: submissions.map { [$0.unitID, $0.unitName, SubmissionState(rawValue: $0.state)?.chinese ?? $0.state, "v\($0.version)",
                                                      ($0.submittedAt ?? "") + ($0.late ? "（逾期）" : ""), $0.updatedAt] },
                             title: title)
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign assessors to a unit of the campaign.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.")
        var id: String
        @Option(help: "The unit's id.")
        var unit: String
        @Option(name: .customLong("assessor"), help: "An assessor's name (repeat for several).")
        var assessors: [String]

        func run() throws {
            try store.run { try $0.assign(campaign: id, unit: unit, assessors: assessors, by: store.actor) }
            try Output.print("\(id) \(unit): assessors \(assessors.joined(separator: "、"))")
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "通报: score every submitted unit with the stored ruleset and freeze the results as a new version (what changed since the last is listed).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.")
        var id: String
        @Option(help: "A note kept with the publication.")
        var note: String?

        func run() throws {
            let publication = try store.run { try $0.publish(campaign: id, note: note, by: store.actor) }
            try Output.print("\(id): published v\(publication.version), \(publication.units) units")
            for change in publication.changes {
                let grade = change.gradeBefore == change.gradeAfter ? (change.gradeAfter ?? "") : "\(change.gradeBefore ?? "—") → \(change.gradeAfter ?? "—")"
                try Output.print("  \(change.unitID): \(grade)  " + change.indicators.map { "\($0.indicatorID) \($0.before ?? "—")→\($0.after ?? "—")" }.joined(separator: ", "))
            }
        }
    }
}

