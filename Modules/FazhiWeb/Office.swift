import FazhiBase
import FazhiCore
import FazhiKit
import FazhiStore
import Foundation
import Hummingbird
import NIOCore

// The office's set-up and follow-up pages: campaigns (with the ruleset, bundled or uploaded, checked
// by the same Kit call as `fazhi validate`), assessors assigned to units, 整改 (rectification) tasks,
// and the store's units. Every change goes through one FazhiStore call (one transaction, audited).

extension Words {
    static func taskState(_ state: String) -> String {
        switch state {
        case "open": "未完成"
        case "answered": "已答复"
        case "closed": "已销号"
        default: state
        }
    }
}

// MARK: 考核设置

extension WebApp {
    /// The campaigns and the form to create one; `values` refills the form after a refusal.
    func campaignsPage(_ input: RouteInput, values: [String: String] = [:], errors: [String] = [], located: [String] = [],
                       status: HTTPResponse.Status = .ok) throws -> Response {
        let campaigns: [[String: Any]] = try store.campaigns().map { c in
            ["id": c.id, "name": c.name, "year": c.year, "ruleset": c.rulesetID, "units": c.units, "deadline": c.submissionDeadline ?? "—",
             "published": c.published > 0 ? "已通报 \(c.published) 次" : "未通报", "setupHref": "/c/\(c.id)/setup", "dashboardHref": "/c/\(c.id)",
             "rectifyHref": "/c/\(c.id)/rectify"]
        }
        let units = try store.units(under: nil)
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let source = values["source"] ?? "bundled"
        let known = workspace.knownRulesets()
        let levels = Set(units.compactMap(\.level))
        let parents = Set(units.compactMap(\.parentID))
        let context: [String: Any] = [
            "title": "考核设置", "campaigns": campaigns, "errors": errors, "located": located,
            "v": ["id": values["id"] ?? "", "name": values["name"] ?? "", "year": values["year"] ?? "", "asOf": values["asOf"] ?? "",
                  "submissionDeadline": values["submissionDeadline"] ?? "", "reviewDeadline": values["reviewDeadline"] ?? "",
                  "bundled": source != "upload", "upload": source == "upload", "all": values["all"] != nil],
            "rulesets": known.map { ["id": $0.id, "title": $0.title, "selected": values["ruleset"] == $0.id] },
            "levels": ["region", "city", "county", "township", "department"].filter(levels.contains).map {
                ["value": $0, "label": Words.level($0), "selected": values["level"] == $0]
            },
            "parents": units.filter { parents.contains($0.id) }.map { ["id": $0.id, "name": $0.name, "selected": values["parent"] == $0.id] },
            "units": units.map { u in
                ["id": u.id, "name": u.name, "level": Words.level(u.level), "parent": u.parentID.flatMap { names[$0] } ?? u.parentName ?? "—",
                 "checked": values["u:\(u.id)"] != nil]
            },
            "flash": Words.flash(input.query["m"]) as Any,
        ]
        return page(status: status, "campaigns", context, session: input.session)
    }

    func createCampaign(_ input: RouteInput) throws -> Response {
        let form = input.form
        func field(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [String] = []
        let id = field("id")
        if id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) == nil {
            errors.append("编号：应为小写英文字母、数字和 -，如 guyuan-2024（现在：“\(id)”）")
        } else if (try? store.campaign(id)) != nil {
            errors.append("编号：考核 \(id) 已经存在")
        }
        let year = Int(field("year"))
        if year.map({ !(1949...2100).contains($0) }) ?? true { errors.append("年度：应为年份，如 2024（现在：“\(field("year"))”）") }
        func date(_ key: String, _ label: String) -> CalendarDate? {
            let text = field(key)
            if text.isEmpty { return nil }
            switch CalendarDate.parse(text) {
            case .success(let day): return day
            case .failure: errors.append("\(label)：应为日期 YYYY-MM-DD（现在：“\(text)”）"); return nil
            }
        }
        let asOf = date("asOf", "评估日期"), submissionDeadline = date("submissionDeadline", "报送截止"), reviewDeadline = date("reviewDeadline", "审核截止")

        // The units taking part: all, those of a level, those under a parent, and those ticked, together.
        let all = try store.units(under: nil)
        var chosen: [String] = []
        func take(_ ids: [String]) { for id in ids where !chosen.contains(id) { chosen.append(id) } }
        if form["all"] != nil { take(all.map(\.id)) }
        if !field("level").isEmpty { take(all.filter { $0.level == field("level") }.map(\.id)) }
        if !field("parent").isEmpty, all.contains(where: { $0.id == field("parent") }) {
            take(try store.units(under: field("parent")).map(\.id).filter { $0 != field("parent") })
        }
        take(all.filter { form["u:\($0.id)"] != nil }.map(\.id))
        if chosen.isEmpty { errors.append("参加单位：至少选一个单位（全部、按层级、按上级或逐个勾选）") }

        if field("name").count > 200 { errors.append("名称：最多 200 个字（现在 \(field("name").count) 个）") }
        let upload = form["source"] == "upload"
        let file = form.files.first { $0.field == "rulesetFile" && !($0.filename.isEmpty && $0.data.isEmpty) }
        var reference = field("ruleset")
        var uploadName: String?
        if upload {
            if let file {
                let name = Self.fileName(file.filename)
                if !(name.hasSuffix(".yaml") || name.hasSuffix(".yml")) || name.hasSuffix("metrics.yaml") {
                    errors.append("规则集文件：应为规则集的 YAML 文件（.yaml）（现在：“\(name)”）")
                } else if file.data.isEmpty {
                    errors.append("规则集文件：\(name) 是空的")
                } else {
                    uploadName = name
                }
            } else {
                errors.append("规则集文件：请选择要上传的规则集 YAML 文件")
            }
        } else if !workspace.knownRulesets().contains(where: { $0.id == reference }) {
            errors.append("规则集：请从列表中选择（现在：“\(reference)”）")
        }
        var values = form.fields
        values["source"] = upload ? "upload" : "bundled"
        guard errors.isEmpty, let year else { return try campaignsPage(input, values: values, errors: errors, status: .badRequest) }

        // An upload is checked as a file of its own name in a folder of its own (so that `extends` and
        // the catalog are found on the search path as for `fazhi validate FILE`), and removed after.
        var folder: String?
        defer { if let folder { try? FileManager.default.removeItem(atPath: folder) } }
        if let uploadName, let file {
            let made = NSTemporaryDirectory() + "fazhi-ruleset-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
            folder = made
            reference = made + "/" + uploadName
            try file.data.write(to: URL(fileURLWithPath: reference))
        }
        func located(_ list: DiagnosticList) throws -> Response {
            let shown = list.diagnostics.map { diagnostic in
                folder.map { diagnostic.description.replacingOccurrences(of: $0 + "/", with: "").replacingOccurrences(of: $0, with: "（上传的文件）") } ?? diagnostic.description
            }
            return try campaignsPage(input, values: values, errors: ["规则集有 \(list.diagnostics.count) 处问题，考核未建立："], located: shown, status: .badRequest)
        }
        if let uploadName, let file {
            let problems = workspace.uploadProblems(SourceFile(name: uploadName, text: String(decoding: file.data, as: UTF8.self)))
            if !problems.isEmpty { return try located(DiagnosticList(problems)) }
        }
        let validation: Validation
        do { validation = try workspace.validate(reference) } catch { validation = .catalogProblems(error) }
        let plan: EvaluationPlan
        switch validation {
        case .ruleset(let checked): plan = checked
        case .rulesetProblems(let list), .catalogProblems(let list): return try located(list)
        case .catalog: return try campaignsPage(input, values: values, errors: ["规则集文件：这是指标目录，不是规则集"], status: .badRequest)
        }
        let name = field("name")
        var request = CampaignRequest(id: id, name: name.isEmpty ? "\(plan.ruleset.title)（\(year)年度）" : name, ruleset: reference, year: year, asOf: asOf,
                                      submissionDeadline: submissionDeadline, reviewDeadline: reviewDeadline)
        request.unitIDs = chosen
        request.rulesetName = uploadName
        do {
            _ = try store.createCampaign(request, workspace: workspace, by: input.user.name)
        } catch let error as StoreError {
            return try campaignsPage(input, values: values, errors: [error.message], status: .badRequest)
        } catch let error as DiagnosticList {
            return try located(error)
        }
        return .redirect(to: "/c/\(id)/setup?m=created", type: .normal)
    }

    /// A campaign's set-up: its ruleset and dates, the units taking part with their assessors, and the
    /// form to assign an assessor.
    func setupPage(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let assigned = try store.assessors(campaign: info.id)
        let campaignUnits = try store.campaignUnits(campaign: info.id)
        let taking = Set(campaignUnits.map(\.id))
        let handedIn = Set(try store.submissions(campaign: info.id).map(\.unitID))
        let units: [[String: Any]] = campaignUnits.map { u in
            ["id": u.id, "name": u.name, "level": Words.level(u.level), "assigned": (assigned[u.id] ?? []).sorted().map { ["unit": u.id, "assessor": $0] },
             "unassigned": (assigned[u.id] ?? []).isEmpty, "removable": !handedIn.contains(u.id)]
        }
        let assessors = try store.webUsers().filter { $0.role == .assessor && !$0.disabled }.map { ["name": $0.name] }
        let others: [[String: Any]] = try store.units(under: nil).filter { !taking.contains($0.id) }.map { ["id": $0.id, "name": $0.name, "level": Words.level($0.level)] }
        let flash: String? = switch input.query["m"] {
        case "created": "考核已建立。"
        case "assigned": "已分配审核人员。"
        case "unassigned": "已取消分配（已作出的审核意见保留）。"
        case "deadlines": "截止日期已更新。"
        case "enrolled": "已加入单位。"
        case "withdrawn": "已将单位移出这次考核。"
        default: nil
        }
        let context: [String: Any] = [
            "title": "\(info.name) 设置", "campaignName": info.name, "id": info.id, "ruleset": info.rulesetID, "hash": info.rulesetHash, "year": info.year,
            "asOf": info.asOf ?? "按各单位佐证", "submissionDeadline": info.submissionDeadline ?? "—", "reviewDeadline": info.reviewDeadline ?? "—",
            "submissionValue": info.submissionDeadline ?? "", "reviewValue": info.reviewDeadline ?? "", "deadlinesAction": "/c/\(info.id)/deadlines",
            "unassignAction": "/c/\(info.id)/unassign", "unitsAction": "/c/\(info.id)/units", "others": others,
            "documents": info.documents, "units": units, "assessors": assessors, "assignAction": "/c/\(info.id)/assign",
            "dashboardHref": "/c/\(info.id)", "rectifyHref": "/c/\(info.id)/rectify", "templateHref": "/c/\(info.id)/template.xlsx", "flash": flash as Any,
        ]
        return page("setup", context, session: input.session)
    }

    func assignAssessor(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let name = (input.form["assessor"] ?? "").trimmingCharacters(in: .whitespaces)
        guard try store.webUsers().contains(where: { $0.name == name && $0.role == .assessor && !$0.disabled }) else {
            throw StoreError("审核人员：没有名为“\(name)”的审核账号")
        }
        let unit = input.form["unit"] ?? ""
        guard try store.campaignUnits(campaign: info.id).contains(where: { $0.id == unit }) else { throw StoreError("单位：\(unit) 不参加这次考核") }
        try store.assign(campaign: info.id, unit: unit, assessors: [name], by: input.user.name)
        return .redirect(to: "/c/\(info.id)/setup?m=assigned", type: .normal)
    }

    /// POST /c/{campaign}/units: units added (ticked `add:ID`) or one taken out (`remove`), through the
    /// store, which keeps any unit that has handed something in.
    func changeCampaignUnits(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let add = input.form.fields.filter { $0.key.hasPrefix("add:") && $0.value == "on" }.map { String($0.key.dropFirst(4)) }.sorted()
        let remove = (input.form["remove"]).map { [$0] } ?? []
        if add.isEmpty && remove.isEmpty { throw StoreError("请勾选要加入的单位，或点某个单位的“移出”。") }
        if let unit = remove.first, try store.submissions(campaign: info.id).contains(where: { $0.unitID == unit }) {
            throw StoreError("\(unit) 已有填报记录，不能移出这次考核。")
        }
        try store.changeUnits(campaign: info.id, add: add, remove: remove, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/setup?m=\(remove.isEmpty ? "enrolled" : "withdrawn")", type: .normal)
    }

    /// POST /c/{campaign}/unassign: takes an assessor off a unit (the verdicts already recorded stay).
    func unassignAssessor(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let unit = input.form["unit"] ?? "", name = input.form["assessor"] ?? ""
        guard (try store.assessors(campaign: info.id)[unit] ?? []).contains(name) else { throw StoreError("\(name) 没有分配到单位 \(unit)") }
        try store.unassign(campaign: info.id, unit: unit, assessor: name, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/setup?m=unassigned", type: .normal)
    }

    /// POST /c/{campaign}/deadlines: the submission and review deadlines (empty: none).
    func setDeadlines(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        func date(_ field: String, _ label: String) throws -> String? {
            let text = (input.form[field] ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard (try? CalendarDate.parse(text).get()) != nil else { throw StoreError("\(label)：“\(text)”不是日期（应为 YYYY-MM-DD）") }
            return text
        }
        let submission = try date("submissionDeadline", "报送截止"), review = try date("reviewDeadline", "审核截止")
        if let submission, let review, review < submission { throw StoreError("审核截止 \(review) 早于报送截止 \(submission)") }
        try store.setDeadlines(campaign: info.id, submission: submission, review: review, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/setup?m=deadlines", type: .normal)
    }

    /// POST /units: units imported or updated from an uploaded file, as `fazhi units import` takes them
    /// (CSV, TSV or JSON Lines with id, name, level, parent and attribute columns, or YAML documents
    /// with `unit:`). One transaction; a file with any problem changes nothing and its problems are
    /// shown located under the file's own name.
    func importUnits(_ input: RouteInput) throws -> Response {
        guard let upload = input.form.files.first(where: { $0.field == "unitsFile" && !$0.data.isEmpty }) else {
            return try unitsPage(input, errors: ["请选择单位名单文件（CSV、TSV、JSON Lines 或 YAML）。"], status: .badRequest)
        }
        let name = Self.fileName(upload.filename)
        let kinds = ["csv", "tsv", "jsonl", "yaml", "yml"]
        guard kinds.contains((name as NSString).pathExtension.lowercased()) else {
            return try unitsPage(input, errors: ["\(name)：应为 CSV、TSV、JSON Lines 或 YAML 文件（.csv/.tsv/.jsonl/.yaml）；Excel 工作簿请另存为“CSV UTF-8”或 CSV（逗号分隔）。"],
                                 status: .badRequest)
        }
        do {
            let summary = try store.importUnits([.source(SourceFile(name: name, bytes: Array(upload.data)))], by: input.user.name)
            return .redirect(to: "/units?m=imported&added=\(summary.added.count)&changed=\(summary.changed.count)&unchanged=\(summary.unchanged.count)", type: .normal)
        } catch let problems as DiagnosticList {
            let lines = problems.diagnostics.map(\.description)
            return try unitsPage(input, errors: Array(lines.prefix(50)) + (lines.count > 50 ? ["……另有 \(lines.count - 50) 个问题"] : []) + ["单位名单未导入，什么也没有改变。"],
                                 status: .badRequest)
        }
    }

    func unitsPage(_ input: RouteInput) throws -> Response { try unitsPage(input, errors: [], status: .ok) }

    func unitsPage(_ input: RouteInput, errors: [String], status: HTTPResponse.Status) throws -> Response {
        let units = try store.units(under: nil)
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows: [[String: Any]] = units.map { u in
            ["id": u.id, "name": u.name, "level": Words.level(u.level),
             "parent": u.parentID.map { "\(names[$0] ?? $0)（\($0)）" } ?? u.parentName.map { "\($0)（未对应到单位）" } ?? "—"]
        }
        var flash: String?
        if input.query["m"] == "imported" {
            flash = "单位名单已导入：新增 \(Int(input.query["added"] ?? "") ?? 0) 个，更新 \(Int(input.query["changed"] ?? "") ?? 0) 个，未变 \(Int(input.query["unchanged"] ?? "") ?? 0) 个。"
        }
        return page(status: status, "units", ["title": "单位", "units": rows, "count": rows.count, "errors": errors, "flash": flash as Any,
                                              "importAction": "/units"], session: input.session)
    }
}

// MARK: 整改

extension WebApp {
    /// The label of an indicator: its printed number and title.
    static func indicatorLabel(_ plan: EvaluationPlan, _ id: String) -> String {
        guard let indicator = plan.planned(id)?.indicator else { return id }
        return "\(indicator.number ?? indicator.id) \(indicator.title)"
    }

    func rectifyPage(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let plan = try store.plan(ofCampaign: info.id)
        let units = try store.campaignUnits(campaign: info.id)
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let tasks = try store.rectifications(campaign: info.id, unit: nil, overdueOn: nil)
        let office = input.user.role == .office
        var files: [Int: [[String: Any]]] = [:]
        for unit in Set(tasks.map(\.unitID)) {
            for f in try store.rectificationFiles(campaign: info.id, unit: unit) {
                files[f.task, default: []].append(["name": f.name, "size": Words.size(f.size), "href": "/c/\(info.id)/u/\(unit)/rectify-files/\(f.id)"])
            }
        }
        // ?unit= shows one unit's tasks (the counts stay for all).
        let only = input.query["unit"].flatMap { id in units.first { $0.id == id } }
        let rows: [[String: Any]] = tasks.filter { only == nil || $0.unitID == only?.id }.map { t in
            ["id": t.id, "unitName": names[t.unitID] ?? t.unitID, "indicator": Self.indicatorLabel(plan, t.indicatorID), "owner": t.owner, "deadline": t.deadline,
             "state": t.state, "stateName": Words.taskState(t.state), "overdue": t.overdue, "answer": t.lastAnswer ?? "", "files": files[t.id] ?? [],
             "canClose": office && t.state != "closed", "canReopen": office && t.state != "open", "action": "/c/\(info.id)/rectify/\(t.id)"]
        }
        var counts: [[String: Any]] = []
        for unit in units {
            let mine = tasks.filter { $0.unitID == unit.id }
            guard !mine.isEmpty else { continue }
            counts.append(["unitName": unit.name, "href": "/c/\(info.id)/rectify?unit=\(unit.id)", "total": mine.count, "open": mine.filter { $0.state == "open" }.count,
                           "answered": mine.filter { $0.state == "answered" }.count, "closed": mine.filter { $0.state == "closed" }.count,
                           "overdue": mine.filter(\.overdue).count, "late": mine.contains(where: \.overdue)])
        }
        var flash: String?
        switch input.query["m"] {
        case "opened": flash = "已下达 \(input.query["n"] ?? "0") 项整改任务。"
        case "close": flash = "任务已销号。"
        case "reopen": flash = "任务已重新打开。"
        default: break
        }
        let context: [String: Any] = [
            "title": "\(info.name) 整改", "campaignName": info.name, "rows": rows, "counts": counts, "isOffice": office,
            "canOpen": office && info.published > 0, "notPublished": info.published == 0, "openAction": "/c/\(info.id)/rectify/open",
            "overdueCount": tasks.filter(\.overdue).count, "today": store.today().description, "dashboardHref": "/c/\(info.id)", "flash": flash as Any,
            "filtered": only?.name as Any, "allHref": "/c/\(info.id)/rectify",
        ]
        return page("rectify", context, session: input.session)
    }

    func openRectification(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let text = (input.form["deadline"] ?? "").trimmingCharacters(in: .whitespaces)
        guard case .success(let deadline) = CalendarDate.parse(text) else { throw StoreError("整改期限：应为日期 YYYY-MM-DD（现在：“\(text)”）") }
        guard info.published > 0 else { throw StoreError("考核尚未通报；整改任务从通报结果中未达到的指标下达。") }
        let n = try store.openRectification(campaign: info.id, deadline: deadline, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/rectify?m=opened&n=\(n)", type: .normal)
    }

    /// The office closes (销号) or reopens a task, with a note.
    func closeOrReopen(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        guard let task = Int(input.parameters["task"] ?? "") else { return notFound(input.session, "没有这个整改任务。") }
        let action: RectificationAction
        switch input.form["action"] {
        case "close": action = .close
        case "reopen": action = .reopen
        default: throw StoreError("操作应为销号或重新打开")
        }
        let note = (input.form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try store.rectify(task: task, action: action, text: note.isEmpty ? nil : note, attachments: [], campaign: info.id, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/rectify?m=\(action.rawValue)#task-\(task)", type: .normal)
    }

    /// The unit answers its own task: what was done, with files of evidence (checked by content).
    func answerTask(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        guard let task = Int(input.parameters["task"] ?? "") else { return notFound(input.session, "没有这个整改任务。") }
        let text = (input.form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw StoreError("答复：请写明整改做了什么、佐证材料是哪份。") }
        var files: [RectificationFile] = []
        for file in input.form.files where file.field == "file" && !(file.filename.isEmpty && file.data.isEmpty) {
            let name = Self.fileName(file.filename)
            guard !file.data.isEmpty, let kind = FileKind.sniff(file.data, name: name) else {
                throw StoreError("\(name)：不是可接受的文件（按文件内容判断，应为 \(FileKind.accepted)）；答复未保存。")
            }
            files.append(RectificationFile(name: name, mediaType: kind.mediaType, data: file.data))
        }
        try store.rectify(task: task, action: .answer, text: text, attachments: files, campaign: info.id, unit: input.unit, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/u/\(input.unit)?m=answered#task-\(task)", type: .normal)
    }

    func rectificationFile(_ input: RouteInput) throws -> Response {
        guard let id = Int64(input.parameters["file"] ?? ""), let (name, data) = try store.rectificationFile(campaign: input.campaign, unit: input.unit, id: id) else {
            return notFound(input.session, "没有这个文件。")
        }
        let kind = FileKind.sniff(data, name: name)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "file"
        let disposition = (kind?.inline == true ? "inline" : "attachment") + "; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: [.contentType: kind?.mediaType ?? "application/octet-stream", .contentDisposition: disposition,
                                               .cacheControl: "private, no-store", .contentSecurityPolicy: "default-src 'none'; img-src 'self'; frame-ancestors 'none'"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The unit's tasks as its page shows them, with an answer form while a task is not closed.
    func unitTasks(_ info: CampaignInfo, unit: String, plan: EvaluationPlan, canAnswer: Bool) throws -> [[String: Any]] {
        var files: [Int: [[String: Any]]] = [:]
        for f in try store.rectificationFiles(campaign: info.id, unit: unit) {
            files[f.task, default: []].append(["name": f.name, "size": Words.size(f.size), "href": "/c/\(info.id)/u/\(unit)/rectify-files/\(f.id)"])
        }
        return try store.rectifications(campaign: info.id, unit: unit, overdueOn: nil).map { t in
            ["id": t.id, "indicator": Self.indicatorLabel(plan, t.indicatorID), "owner": t.owner, "deadline": t.deadline, "state": t.state,
             "stateName": Words.taskState(t.state), "overdue": t.overdue, "answer": t.lastAnswer ?? "", "files": files[t.id] ?? [],
             "canAnswer": canAnswer && t.state != "closed", "action": "/c/\(info.id)/u/\(unit)/rectify/\(t.id)"]
        }
    }
}
