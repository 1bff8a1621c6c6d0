import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

// The stored assessment cycle (docs/store.md): units, campaigns, submissions, verdicts, published
// results, history, 整改, the audit log, backup and check, over one SQLite file.

/// Where the store is, and who is acting (written into the audit log).
struct StoreOptions: ParsableArguments {
    @Option(help: "The store, one SQLite file (default: $FAZHI_DB or ./fazhi.db).")
    var db: String?

    @Option(help: "Who is acting, for the audit log (default: $FAZHI_USER, else $USER).")
    var by: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["FAZHI_DB"] ?? "fazhi.db" }

    var actor: String {
        by ?? ProcessInfo.processInfo.environment["FAZHI_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Runs a store operation; bad input, a refused change or a store error prints its message and exits 2.
    func run<T>(_ operation: (SQLiteStore) throws -> T) throws -> T {
        do {
            return try operation(try SQLiteStore(path: path))
        } catch let problems as DiagnosticList {
            Output.diagnostics(problems.diagnostics)
            throw ExitCode(2)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// table, json or csv for a listing.
struct ListingOptions: ParsableArguments {
    @Option(help: "table, json or csv (CSV is UTF-8 with a BOM, for Excel and WPS).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func emit<T: Encodable>(_ value: T, headers: [String], rows: [[String]], right: Set<Int> = [], title: String? = nil) throws {
        let text: String
        switch format {
        case .table:
            var table = TextTable(headers, alignments: headers.indices.map { right.contains($0) ? .right : .left })
            for row in rows { table.add(row) }
            text = (title.map { $0 + "\n" } ?? "") + (rows.isEmpty ? "（无）" : table.render()) + "\n"
        case .json: text = json(value)
        case .csv: text = CSV.render([headers] + rows)
        case .jsonl:
            Output.error("--format jsonl is for batch evaluation; this command prints table, json or csv")
            throw ExitCode(2)
        }
        try Output.write(text, to: output)
    }
}

func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) + "\n"
}

func date(_ text: String?, _ option: String) throws -> CalendarDate? {
    guard let text else { return nil }
    switch CalendarDate.parse(text) {
    case .success(let d): return d
    case .failure(let p):
        Output.error("\(option) \(text): expected a date YYYY-MM-DD (\(p.message))")
        throw ExitCode(2)
    }
}

func percent(_ value: Double?) -> String {
    value.map { UnitReport.percent($0) } ?? "—"
}

// MARK: - units

struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "评估对象: import units (市 → 县区 → 部门/乡镇) from evidence files, list them.",
        subcommands: [Import.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update the units of evidence files (their unit: id, name, level, parent, attributes).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Evidence or unit files (YAML; several documents make a batch).")
        var files: [String]

        func run() throws {
            let summary = try store.run { try $0.importUnits(files.map(EvidenceSource.file), by: store.actor) }
            print("units: \(summary.added.count) added, \(summary.changed.count) changed, \(summary.unchanged.count) unchanged")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The units, or those under one unit (itself included).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Option(help: "Only this unit and the units under it.")
        var under: String?

        func run() throws {
            let units = try store.run { try $0.units(under: under) }
            try listing.emit(units, headers: ["单位编号", "名称", "层级", "上级", "属性"], rows: units.map {
                [$0.id, $0.name, $0.level ?? "", $0.parentID ?? $0.parentName.map { "（\($0)）" } ?? "",
                 $0.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")]
            })
        }
    }
}

// MARK: - campaign

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "考核: create a yearly assessment under one ruleset, list, show, assign assessors, publish (通报).",
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
            print("campaign \(info.id): \(info.name), ruleset \(info.rulesetID) \(info.rulesetHash), \(info.units) units")
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
            print("\(id) \(unit): assessors \(assessors.joined(separator: "、"))")
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
            print("\(id): published v\(publication.version), \(publication.units) units")
            for change in publication.changes {
                let grade = change.gradeBefore == change.gradeAfter ? (change.gradeAfter ?? "") : "\(change.gradeBefore ?? "—") → \(change.gradeAfter ?? "—")"
                print("  \(change.unitID): \(grade)  " + change.indicators.map { "\($0.indicatorID) \($0.before ?? "—")→\($0.after ?? "—")" }.joined(separator: ", "))
            }
        }
    }
}

// MARK: - import, attach, submission

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import units' evidence into a campaign as new submission versions: all files in one transaction, or nothing.",
        discussion: "Every problem in every file is listed (FILE:LINE:COL) and nothing is written. A file imported before changes nothing; a unit whose evidence is unchanged keeps its version.")
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
        for file in summary.alreadyImported { print("\(file): imported before; nothing changed") }
        let listed = summary.newVersions.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key) v\($0.value)" }.joined(separator: ", ")
        print("\(campaign): \(summary.newVersions.count) new version(s), \(summary.unchanged.count) unchanged"
              + (summary.newVersions.isEmpty ? "" : " (" + listed + (summary.newVersions.count > 10 ? ", …" : "") + ")"))
    }
}

struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach 佐证材料 files to a unit's latest submission (stored once by SHA-256).")
    @OptionGroup var store: StoreOptions
    @Option(help: "The campaign's id.")
    var campaign: String
    @Option(help: "The unit's id.")
    var unit: String
    @Argument(help: "Files to attach.")
    var files: [String]

    func run() throws {
        let attached = try store.run { try $0.attach(campaign: campaign, unit: unit, files: files, by: store.actor) }
        for a in attached { print("\(a.originalName): \(a.size) bytes, sha256:\(a.sha256), v\(a.version)") }
    }
}

struct SubmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission",
        abstract: "报送: list, show and compare versions; submit a draft, return with reasons, mark reviewed.",
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
            print("\(target.campaign) \(target.unit): submitted")
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
            print("\(target.campaign) \(target.unit): returned (\(reason))")
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a submission reviewed.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        func run() throws {
            try store.run { try $0.changeState(campaign: target.campaign, unit: target.unit, to: .reviewed, reason: nil, by: store.actor) }
            print("\(target.campaign) \(target.unit): reviewed")
        }
    }
}

// MARK: - verdict

struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "评定: assessors record met/partial/unmet on assessed items; disagreements side by side; the office decides.",
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
            print("\(item.campaign) \(item.unit) \(item.indicator): \(item.request.verdict) (\(store.actor))")
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The office's decision, which counts over the assessors'.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var item: Item
        func run() throws {
            try store.run { try $0.decide(item.request, by: store.actor) }
            print("\(item.campaign) \(item.unit) \(item.indicator): decided \(item.request.verdict) (\(store.actor))")
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

// MARK: - results, history

struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "A campaign's published results (a version, by default the latest), what changed between versions, or today's scores before publishing.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "The campaign's id.")
    var campaign: String
    @Option(help: "The publication version (default: the latest).")
    var version: Int?
    @Option(name: .customLong("changes-from"), help: "List what changed from this publication version to --version (or the latest).")
    var changesFrom: Int?
    @Flag(help: "Score the current submissions and verdicts now (not published): the full report, as fazhi evaluate prints it.")
    var current = false
    @Flag(help: "The publication's full report (every indicator's reason and evidence), scored again and checked against the frozen results.")
    var full = false
    @Option(help: "Also write the self-contained HTML region report (grade shares, profiles, heatmap, gaps, appendix) to this file.")
    var html: String?

    func run() throws {
        if current || full || html != nil {
            let scoring = try store.run { current ? try $0.score(campaign: campaign) : try $0.rescore(campaign: campaign, version: version) }
            if let html {
                let units = zip(scoring.evidence, scoring.results).map { RegionView.Unit(evidence: $0, result: $1) }
                try Output.write(RegionReport(RegionView(plan: scoring.plan, units: units)).html(), to: html)
                if !current && !full { return }
            }
            let report = UnitReport(plan: scoring.plan, results: scoring.results)
            let text: String
            switch listing.format {
            case .table: text = report.text(color: listing.output == nil && Output.color) + "\n"
            case .json: text = report.json()
            case .csv: text = report.csv()
            case .jsonl: Output.error("--format jsonl is for batch evaluation"); throw ExitCode(2)
            }
            try Output.write(text, to: listing.output)
            if !scoring.missing.isEmpty { FileHandle.standardError.write(Data("未报送：\(scoring.missing.joined(separator: "、"))\n".utf8)) }
            return
        }
        if let changesFrom {
            let changes = try store.run { store in
                try store.resultChanges(campaign: campaign, from: changesFrom, to: try version ?? store.campaign(campaign).published)
            }
            try listing.emit(changes, headers: ["单位", "等次", "得分", "指标变化"], rows: changes.map { c in
                [c.unitID, c.gradeBefore == c.gradeAfter ? (c.gradeAfter ?? "") : "\(c.gradeBefore ?? "—") → \(c.gradeAfter ?? "—")",
                 "\(percent(c.scoreBefore)) → \(percent(c.scoreAfter))",
                 c.indicators.map { "\($0.indicatorID) \($0.before ?? "—")→\($0.after ?? "—")" }.joined(separator: ", ")]
            })
            return
        }
        let results = try store.run { try $0.results(campaign: campaign, version: version) }
        let groups = results.first?.groups ?? []
        var rank = 0, previous: (String, Double)?
        var rows: [[String]] = []
        for (i, r) in results.enumerated() {
            if previous.map({ $0 != (r.grade, r.score) }) ?? true { rank = i + 1 }
            previous = (r.grade, r.score)
            rows.append(["\(rank)", r.unitID, r.unitName, r.grade, percent(r.score), "\(r.met)/\(r.counted)"]
                        + r.groups.map { percent($0.completion) } + [r.unmet.joined(separator: " ")])
        }
        try listing.emit(results, headers: ["名次", "单位编号", "名称", "等次", "得分", "达到"] + groups.map(\.title) + ["未达到"], rows: rows,
                         right: Set([0, 4, 5] + groups.indices.map { $0 + 6 }),
                         title: "\(campaign) 通报 v\(results.first?.version ?? 0)\n")
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A unit's grade and score year by year (per first-level group, newly met and unmet), or a region's grade distribution by year.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Argument(help: "The unit's id.")
    var unit: String?
    @Option(help: "Instead: units per grade per year, for this unit and the units under it.")
    var region: String?

    func validate() throws {
        if (unit == nil) == (region == nil) { throw ValidationError("give a unit id, or --region ID") }
    }

    func run() throws {
        if let region {
            let counts = try store.run { try $0.distribution(region: region) }
            try listing.emit(counts, headers: ["年度", "考核", "等次", "单位数"], rows: counts.map { ["\($0.year)", $0.campaign, $0.grade, "\($0.units)"] }, right: [3])
            return
        }
        let entries = try store.run { try $0.history(unit: unit!) }
        try listing.emit(entries, headers: ["年度", "考核", "版本", "等次", "得分", "各一级指标", "新达到", "新未达到"], rows: entries.map { e in
            ["\(e.year)", e.campaign, "v\(e.version)", e.grade, percent(e.score),
             e.groups.map { "\($0.title) \(percent($0.completion))" }.joined(separator: "；"), e.newlyMet.joined(separator: " "), e.newlyUnmet.joined(separator: " ")]
        })
    }
}

// MARK: - rectify

struct RectifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectify",
        abstract: "整改: tasks from a published campaign's unmet indicators; units answer, the office closes or reopens; overdue listed.",
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
            print("\(campaign): \(n) rectification task(s) opened, due \(deadline)")
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
            print("task \(task): answered")
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
            print("task \(task): closed")
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
            print("task \(task): reopened")
        }
    }
}

// MARK: - audit, backup, restore, check

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log: who changed what, when, old → new (append-only).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only the last N entries.")
    var limit: Int?
    @Option(help: "Only entries about this kind of thing (unit, campaign, submission, verdict, publication, rectification, …).")
    var entity: String?

    func run() throws {
        let entries = try store.run { try $0.audit(limit: limit, entity: entity) }
        try listing.emit(entries, headers: ["#", "时间", "人员", "操作", "对象", "键", "原值", "新值"],
                         rows: entries.map { ["\($0.id)", $0.at, $0.actor, $0.action, $0.entity, $0.key, $0.old ?? "", $0.new ?? ""] }, right: [0])
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "An online backup of the store to a file (safe while others use it).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file to write.")
    var file: String
    func run() throws {
        try store.run { try $0.backup(to: file) }
        print("backed up \(store.path) to \(file)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Replace the store's contents with a backup's (checked first).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file.")
    var file: String
    func run() throws {
        try store.run { try $0.restore(from: file, by: store.actor) }
        print("restored \(store.path) from \(file)")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "SQLite's integrity and foreign key checks, then the store's invariants. Exit 1 when something is wrong.")
    @OptionGroup var store: StoreOptions
    func run() throws {
        let problems = try store.run { try $0.check() }
        if problems.isEmpty {
            print("\(store.path): ok")
            return
        }
        for p in problems { print("\(store.path): \(p)") }
        throw ExitCode(1)
    }
}
