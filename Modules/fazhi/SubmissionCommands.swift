import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import units' evidence into a campaign as new submission versions: all files in one transaction, or nothing.",
        discussion: "Every problem in every file is listed (FILE:LINE:COL) and nothing is written. A file imported before changes nothing; a unit whose evidence is unchanged keeps its version.\n\nEXAMPLES:\n  fazhi import --campaign guyuan-2023 examples/guyuan-region-2023.yaml\n  fazhi import --campaign guyuan-2023 --draft 填报.xlsx")
    @OptionGroup var store: StoreOptions
    @Option(help: "The campaign's id.")
    var campaign: String
    @Flag(help: "Keep the new versions as drafts (not yet submitted).")
    var draft = false
    @Argument(help: "Evidence files (YAML, one document per unit).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give one or more evidence files") }
    }

    func run() throws {
        let summary = try store.run { try $0.importSubmissions(campaign: campaign, files.map(EvidenceSource.file), draft: draft, by: store.actor) }
        for file in summary.alreadyImported { try Output.print("\(file): imported before; nothing changed") }
        let listed = summary.newVersions.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key) v\($0.value)" }.joined(separator: ", ")
        try Output.print("\(campaign): \(summary.newVersions.count) new version(s), \(summary.unchanged.count) unchanged"
              + (summary.newVersions.isEmpty ? "" : " (" + listed + (summary.newVersions.count > 10 ? ", …" : "") + ")"))
    }
}

struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach 佐证材料 files to a unit's latest submission (stored once by SHA-256).",
        discussion: "EXAMPLES:\n  fazhi attach --campaign guyuan-2023 --unit xiji 出庭应诉统计表.pdf")
    @OptionGroup var store: StoreOptions
    @Option(help: "The campaign's id.")
    var campaign: String
    @Option(help: "The unit's id.")
    var unit: String
    @Argument(help: "Files to attach.")
    var files: [String]

    func run() throws {
        let attached = try store.run { try $0.attach(campaign: campaign, unit: unit, files: files, by: store.actor) }
        for a in attached { try Output.print("\(a.originalName): \(a.size) bytes, sha256:\(a.sha256), v\(a.version)") }
    }
}

struct SubmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission",
        abstract: "报送: list, show and compare versions; submit a draft, return with reasons, mark reviewed.",
        discussion: "EXAMPLES:\n  fazhi submission list --campaign guyuan-2023\n  fazhi submission diff --campaign guyuan-2023 --unit xiji --from 1\n  fazhi submission return --campaign guyuan-2023 --unit xiji --reason 缺佐证材料",
        subcommands: [List.self, Show.self, Diff.self, Submit.self, Return.self, Review.self])

    struct Target: ParsableArguments {
        @Option(help: "The campaign's id.")
        var campaign: String
        @Option(help: "The unit's id.")
        var unit: String
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each unit's submission: state and version.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Option(help: "The campaign's id.")
        var campaign: String

        func run() throws {
            let list = try store.run { try $0.submissions(campaign: campaign) }
            try listing.emit(list, headers: ["单位编号", "名称", "状态", "版本", "首次报送", "更新时间"],
                             rows: list.map { [$0.unitID, $0.unitName, SubmissionState(rawValue: $0.state)?.chinese ?? $0.state, "v\($0.version)",
                                               ($0.submittedAt ?? "") + ($0.late ? "（逾期）" : ""), $0.updatedAt] })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A unit's versions (events, files) and the values of one version (default: the latest).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var listing: ListingOptions
        @Option(help: "The version to show the values of.")
        var version: Int?

        struct Shown: Encodable {
            var versions: [SubmissionVersion]
            var facts: [StoredFact]
        }

        func run() throws {
            let (versions, facts) = try store.run { (try $0.versions(campaign: target.campaign, unit: target.unit), try $0.facts(campaign: target.campaign, unit: target.unit, version: version)) }
            var title = ""
            for v in versions {
                title += "v\(v.version)  \(v.createdAt)  \(v.createdBy)  \(v.importFile ?? "")\n"
                for e in v.events { title += "    \(e)\n" }
                for a in v.attachments { title += "    附件 \(a.originalName)（\(a.size) 字节，\(a.mediaType)，\(a.uploadedBy)，sha256:\(a.sha256.prefix(12))…）\n" }
            }
            title += "\nv\(version ?? versions.last?.version ?? 0) 的数据：\n"
            try listing.emit(Shown(versions: versions, facts: facts), headers: ["类别", "键", "值", "行", "原文"],
                             rows: facts.map { [$0.kind, $0.key, $0.value, $0.line.map(String.init) ?? "", $0.quote ?? ""] }, title: title)
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What differs between two versions of a unit's submission.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var listing: ListingOptions
        @Option(help: "The older version.")
        var from: Int
        @Option(help: "The newer version (default: the latest).")
        var to: Int?

        struct Change: Encodable {
            var kind: String, key: String, before: String?, after: String?
        }

        func run() throws {
            let (a, b) = try store.run { (try $0.facts(campaign: target.campaign, unit: target.unit, version: from), try $0.facts(campaign: target.campaign, unit: target.unit, version: to)) }
            let before = Dictionary(uniqueKeysWithValues: a.map { ("\($0.kind) \($0.key)", $0) })
            let after = Dictionary(uniqueKeysWithValues: b.map { ("\($0.kind) \($0.key)", $0) })
            let changes = Set(before.keys).union(after.keys).sorted().compactMap { key -> Change? in
                let x = before[key], y = after[key]
                if x == y { return nil }
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                return Change(kind: parts[0], key: parts[1], before: x.map { $0.value + ($0.quote.map { "（\($0)）" } ?? "") },
                              after: y.map { $0.value + ($0.quote.map { "（\($0)）" } ?? "") })
            }
            try listing.emit(changes, headers: ["类别", "键", "之前", "之后"], rows: changes.map { [$0.kind, $0.key, $0.before ?? "—", $0.after ?? "—"] })
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a draft.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        func run() throws {
            try store.run { try $0.changeState(campaign: target.campaign, unit: target.unit, to: .submitted, reason: nil, by: store.actor) }
            try Output.print("\(target.campaign) \(target.unit): submitted")
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return a submission to the unit for correction, with the reasons.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "Why it is returned (required).")
        var reason: String
        func run() throws {
            try store.run { try $0.changeState(campaign: target.campaign, unit: target.unit, to: .returned, reason: reason, by: store.actor) }
            try Output.print("\(target.campaign) \(target.unit): returned (\(reason))")
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a submission reviewed.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        func run() throws {
            try store.run { try $0.changeState(campaign: target.campaign, unit: target.unit, to: .reviewed, reason: nil, by: store.actor) }
            try Output.print("\(target.campaign) \(target.unit): reviewed")
        }
    }
}

