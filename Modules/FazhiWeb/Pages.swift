import FazhiAnalysis
import FazhiBase
import FazhiCore
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation
import Hummingbird
import NIOCore
import Synchronization

// The pages of units, assessors, the office and viewers. Each handler reads the store, renders a
// template, or changes the store through one call and redirects (POST → 303 → GET).

enum Words {
    static func state(_ state: SubmissionState?) -> String { state?.chinese ?? "未填报" }

    static func outcome(_ state: OutcomeState?) -> String {
        switch state {
        case .met: "达到"
        case .partial: "部分达到"
        case .unmet: "未达到"
        case .notApplicable: "不适用"
        case .noEvidence: "无佐证"
        case .error: "错误"
        case nil: "—"
        }
    }

    static func verdict(_ word: String) -> String {
        switch word {
        case "met": "达到"
        case "partial": "部分达到"
        case "unmet": "未达到"
        default: word
        }
    }

    static func level(_ level: String?) -> String {
        level.map(UnitLevel.chinese) ?? "未分级"
    }

    static func flash(_ code: String?) -> String? {
        switch code {
        case "draft": "草稿已保存。"
        case "submitted": "已报送，等待审核。"
        case "returned": "已退回，单位修改后重新报送。"
        case "reviewed": "已标记为已审核。"
        case "verdict": "评定已记录。"
        case "decided": "法治办决定已记录。"
        case "published": "已通报。"
        case "answered": "整改答复已报送。"
        default: nil
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1024 * 1024 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

extension WebApp {
    /// The campaign, the unit (which must take part) and the campaign's plan as a form.
    func campaignUnit(_ input: RouteInput) throws -> (CampaignInfo, StoredUnit, [StoredUnit], EvidenceForm)? {
        guard let info = try? store.campaign(input.campaign) else { return nil }
        let units = try store.campaignUnits(campaign: info.id)
        guard let unit = units.first(where: { $0.id == input.unit }) else { return nil }
        return (info, unit, units, EvidenceForm(plan: try store.plan(ofCampaign: info.id)))
    }

    func submissionState(_ campaign: String, _ unit: String) throws -> (SubmissionInfo?, SubmissionState?) {
        let submission = try store.submissions(campaign: campaign).first { $0.unitID == unit }
        return (submission, submission.flatMap { SubmissionState(rawValue: $0.state) })
    }

    func fileLinks(_ campaign: String, _ unit: String) throws -> [String: [[String: Any]]] {
        var byItem: [String: [[String: Any]]] = [:]
        for a in try store.webAttachments(campaign: campaign, unit: unit) {
            let link: [String: Any] = ["href": "/c/\(campaign)/u/\(unit)/files/\(a.id)", "name": a.originalName, "size": Words.size(a.size), "version": a.version,
                                       "isImage": a.mediaType.hasPrefix("image/")]
            byItem[a.indicatorID ?? "", default: []].append(link)
        }
        return byItem
    }

    // MARK: 填报

    func unitPage(_ input: RouteInput) throws -> Response {
        guard let (info, unit, units, form) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let draft = try store.webDraft(campaign: info.id, unit: unit.id)
        var context = try unitContext(input, info: info, unit: unit, units: units, form: form, values: try storedValues(info, unit, form))
        context["flash"] = Words.flash(input.query["m"]) as Any
        if draft != nil { context["draftSaved"] = "退回后保存的草稿" }
        return page("unit", context, session: input.session)
    }

    func unitContext(_ input: RouteInput, info: CampaignInfo, unit: StoredUnit, units: [StoredUnit], form: EvidenceForm, values: EvidenceForm.Values) throws -> [String: Any] {
        let (submission, state) = try submissionState(info.id, unit.id)
        let locked = input.user.role != .unit || [.submitted, .resubmitted, .reviewed].contains(state)
        let returned = state == .returned ? try store.lastReturn(campaign: info.id, unit: unit.id) : nil
        let files = try fileLinks(info.id, unit.id)
        let plan = form.plan
        var groups: [[String: Any]] = form.groups.map { ["number": $0.number, "title": $0.title, "items": [[String: Any]]()] }
        var asking = 0, answered = 0
        for item in form.items {
            let names = item.metrics.map { "m:\($0.id)" } + (item.verdict ? ["v:\(item.id)"] : []) + (item.event ? ["e:\(item.id)"] : [])
            if !names.isEmpty {
                asking += 1
                if names.contains(where: { !(values[$0] ?? "").isEmpty }) { answered += 1 }
            }
            var fields: [[String: Any]] = []
            for metric in item.metrics {
                let name = "m:\(metric.id)"
                var field: [String: Any] = ["name": name, "label": metric.name, "value": values[name] ?? "", "disabled": locked]
                if metric.unit == .boolean {
                    field["isSelect"] = true
                    field["options"] = [("", "—"), ("true", "是"), ("false", "否")].map { ["value": $0.0, "label": $0.1, "selected": values[name] == $0.0] }
                } else {
                    field["isText"] = true
                    field["unit"] = metric.unit.chinese
                }
                fields.append(field)
            }
            if item.verdict {
                let name = "v:\(item.id)"
                fields.append(["name": name, "label": "自评", "isSelect": true, "disabled": locked,
                               "options": [("", "—"), ("met", "达到"), ("partial", "部分达到"), ("unmet", "未达到")].map {
                                   ["value": $0.0, "label": $0.1, "selected": values[name] == $0.0]
                               }])
                fields.append(["name": "vn:\(item.id)", "label": "自评说明（做了什么，见哪份材料）", "isNote": true, "value": values["vn:\(item.id)"] ?? "", "disabled": locked])
            }
            if item.event {
                fields.append(["name": "e:\(item.id)", "label": "完成日期", "isDate": true, "value": values["e:\(item.id)"] ?? "", "disabled": locked])
            }
            var need: [String] = []
            if !item.metrics.isEmpty || !item.sharedMetrics.isEmpty { need.append("填数字") }
            if item.verdict { need.append("评估认定") }
            if item.event { need.append("完成日期") }
            let sameAs: String? = item.sharedMetrics.isEmpty ? nil : item.sharedMetrics.map { "\($0.firstItem)（\($0.metric.name)）" }.joined(separator: "、")
            let entry: [String: Any] = [
                "id": item.id, "number": item.number, "title": item.title, "text": item.text == item.title ? "" : item.text,
                "requirement": item.requirement, "itemDeadline": item.deadline as Any, "need": need.isEmpty ? "自动" : need.joined(separator: " · "),
                "note": returned?.notes[item.id] as Any, "fields": fields,
                "sameAs": sameAs as Any,
                "files": files[item.id] ?? [],
            ]
            var list = groups[item.group]["items"] as! [[String: Any]]
            list.append(entry)
            groups[item.group]["items"] = list
        }
        var context: [String: Any] = [
            "title": "\(unit.name) 填报", "campaignName": info.name, "unitName": unit.name, "state": state?.rawValue ?? "none", "stateName": Words.state(state),
            "version": submission?.version as Any, "deadline": info.submissionDeadline as Any, "locked": locked, "groups": groups,
            "action": "/c/\(info.id)/u/\(unit.id)", "templateHref": "/c/\(info.id)/u/\(unit.id)/template.xlsx", "workbookAction": "/c/\(info.id)/u/\(unit.id)/workbook",
            "progress": "已填 \(answered) / \(asking) 项，佐证材料 \(files.values.map(\.count).reduce(0, +)) 份",
        ]
        if let returned { context["returned"] = ["reason": returned.reason, "at": returned.at, "by": returned.by] }
        if input.user.role != .unit {
            context["lockedReason"] = "只读：只有本单位的填报账号可以修改。"
        } else if state == .reviewed {
            context["lockedReason"] = "已审核。如需修改，请联系审核人员退回。"
        } else if locked {
            context["lockedReason"] = "已报送，等待审核；审核人员退回后才能修改。"
        }
        if info.published > 0 { context["result"] = try publishedResult(info: info, unit: unit, units: units, plan: plan, canAnswer: input.user.role == .unit) as Any }
        return context
    }

    /// The unit's latest published result: score, grade, rank among units of its level, the shortest
    /// path to the next grade, and its 整改 tasks.
    func publishedResult(info: CampaignInfo, unit: StoredUnit, units: [StoredUnit], plan: EvaluationPlan, canAnswer: Bool) throws -> [String: Any]? {
        let results = try store.results(campaign: info.id, version: nil)
        guard let mine = results.first(where: { $0.unitID == unit.id }) else { return nil }
        let level = Dictionary(units.map { ($0.id, $0.level ?? "") }, uniquingKeysWith: { a, _ in a })
        let peers = results.filter { level[$0.unitID] == (unit.level ?? "") }
        var rank = 0
        var previous: (String, Double)?
        for (i, r) in peers.enumerated() {
            if previous.map({ $0 != (r.grade, r.score) }) ?? true { rank = i + 1 }
            previous = (r.grade, r.score)
            if r.unitID == unit.id { break }
        }
        var context: [String: Any] = ["version": mine.version, "score": UnitReport.percent(mine.score), "grade": mine.grade, "rank": rank, "peers": peers.count,
                                      "level": Words.level(unit.level), "met": mine.met, "counted": mine.counted]
        let scoring = try store.rescore(campaign: info.id, version: mine.version)
        context["feedbackHref"] = "/c/\(info.id)/u/\(unit.id)/feedback.docx"
        context["noGap"] = scoring.results.first(where: { $0.unit.id == unit.id }).map(GapAnalysis.noGapText) ?? "已是最高等级"
        if let result = scoring.results.first(where: { $0.unit.id == unit.id }), let gap = GapAnalysis.toNextGrade(result, plan: scoring.plan) {
            context["gap"] = ["summary": gap.summary, "steps": gap.steps.map { step -> [String: String] in
                let indicator = scoring.plan.indicators[step.position].indicator
                return ["number": indicator.number ?? indicator.id, "title": indicator.title, "state": Words.outcome(step.state), "gain": step.gainText]
            }] as [String: Any]
        }
        context["tasks"] = try unitTasks(info, unit: unit.id, plan: plan, canAnswer: canAnswer)
        return context
    }

    func saveUnit(_ input: RouteInput) throws -> Response {
        guard let (info, unit, units, form) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let (_, state) = try submissionState(info.id, unit.id)
        if [.submitted, .resubmitted, .reviewed].contains(state) {
            throw StoreError("已报送，等待审核；审核人员退回后才能修改。")
        }
        let submit = input.form["action"] == "submit"
        let values = form.values(of: input.form)
        var errors: [String] = []
        var uploads: [(item: String, name: String, kind: FileKind, data: Data)] = []
        for file in input.form.files where file.field.hasPrefix("f:") {
            if file.filename.isEmpty && file.data.isEmpty { continue }
            let id = String(file.field.dropFirst(2))
            guard let item = form.items.first(where: { $0.id == id }) else { errors.append("上传的文件对应的指标 \(id) 不存在"); continue }
            let name = Self.fileName(file.filename)
            if file.data.isEmpty { errors.append("\(item.number) \(name)：文件是空的"); continue }
            guard let kind = FileKind.sniff(file.data, name: name) else {
                errors.append("\(item.number) \(name)：不是可接受的文件（按文件内容判断，应为 \(FileKind.accepted)）")
                continue
            }
            uploads.append((id, name, kind, file.data))
        }
        let now = ISO8601DateFormatter().string(from: Date())
        let document = form.document(unit: unit, year: info.year, values: values, header: "网上填报：\(unit.name)（\(unit.id)），\(input.user.name)，\(now)")
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        errors += form.problems(document.text, lines: document.lines, asOf: asOf)
        if !errors.isEmpty {
            var context = try unitContext(input, info: info, unit: unit, units: units, form: form, values: values)
            context["errors"] = errors
            return page(status: .badRequest, "unit", context, session: input.session)
        }
        // The version (or the draft kept apart after a return), its state and its files: one transaction.
        try store.saveWebForm(campaign: info.id, unit: unit.id, text: document.text, name: "网上填报 \(unit.id) \(now)", submit: submit,
                              uploads: uploads.map { WebUpload(indicator: $0.item, name: $0.name, mediaType: $0.kind.mediaType, data: $0.data) }, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/u/\(unit.id)?m=\(submit ? "submitted" : "draft")", type: .normal)
    }

    /// A file's name as shown: its last path component (some browsers send the whole path), without
    /// control characters, at most 200 characters. It is never used as a path.
    static func fileName(_ given: String) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init)).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "未命名" : String(clean.prefix(200))
    }

    func file(_ input: RouteInput) throws -> Response {
        guard let id = Int64(input.parameters["file"] ?? ""), let (attachment, data) = try store.attachmentContent(campaign: input.campaign, unit: input.unit, id: id) else {
            return notFound(input.session, "没有这个文件。")
        }
        // The type is told again from the content; only PDF and images are shown in the browser.
        let kind = FileKind.sniff(data, name: attachment.originalName)
        let encoded = attachment.originalName.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "file"
        let disposition = (kind?.inline == true ? "inline" : "attachment") + "; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: [.contentType: kind?.mediaType ?? "application/octet-stream", .contentDisposition: disposition,
                                               .cacheControl: "private, no-store", .contentSecurityPolicy: "default-src 'none'; img-src 'self'; frame-ancestors 'none'"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: 审核

    func queue(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        var rows: [(Bool, [String: Any])] = []
        for s in try store.submissions(campaign: info.id) where try mayAssess(input.user, campaign: info.id, unit: s.unitID) {
            let state = SubmissionState(rawValue: s.state)
            guard state != .draft else { continue }
            let waiting = state == .submitted || state == .resubmitted
            rows.append((waiting, ["unitID": s.unitID, "unitName": s.unitName, "state": s.state, "stateName": Words.state(state), "version": s.version,
                                   "updated": s.updatedAt, "late": s.late, "waiting": waiting, "href": "/c/\(info.id)/review/\(s.unitID)"]))
        }
        rows.sort { $0.0 && !$1.0 }
        return page("queue", ["title": "审核队列", "campaignName": info.name, "rows": rows.map(\.1), "flash": Words.flash(input.query["m"]) as Any], session: input.session)
    }

    func reviewPage(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, form) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let (submission, state) = try submissionState(info.id, unit.id)
        guard let submission, let state, state != .draft else { return notFound(input.session, "\(unit.name) 尚未报送。") }
        let scoring = try store.score(campaign: info.id)
        guard let index = scoring.results.firstIndex(where: { $0.unit.id == unit.id }) else { return notFound(input.session, "\(unit.name) 尚未报送。") }
        let (evidence, result) = (scoring.evidence[index], scoring.results[index])
        let plan = scoring.plan
        var outcomes: [Int: IndicatorResult] = [:]
        for r in result.indicators { outcomes[r.position] = r }
        var verdicts: [String: VerdictRow] = [:]
        for v in try store.verdicts(campaign: info.id, unit: unit.id) { verdicts[v.indicatorID] = v }
        let files = try fileLinks(info.id, unit.id)
        let waiting = state == .submitted || state == .resubmitted
        let canJudge = input.user.role == .assessor && waiting
        let items: [[String: Any]] = form.items.map { item in
            var figures: [String] = []
            for metric in item.metrics + item.sharedMetrics.map(\.metric) {
                if let slot = plan.slot(.metric(metric.id)), evidence.facts.has(slot) {
                    figures.append("\(metric.name)：\(metric.unit.format(FixedPoint(raw: evidence.facts[slot])))")
                }
            }
            if item.event, let slot = plan.slot(.event(item.id)), evidence.facts.has(slot) {
                figures.append("完成日期：\(CalendarDate(daysSinceEpoch: Int(evidence.facts[slot])))")
            }
            var notes: [String] = []
            if let row = verdicts[item.id] {
                for (who, word) in row.byAssessor.sorted(by: { $0.key < $1.key }) {
                    notes.append("\(who)：\(Words.verdict(word))" + (row.comments[who].map { "（\($0)）" } ?? ""))
                }
                if let decision = row.decision { notes.append("法治办决定：\(Words.verdict(decision))") }
            } else if item.verdict, let slot = plan.slot(.verdict(item.id)), evidence.facts.has(slot), let v = Verdict(rawValue: evidence.facts[slot]) {
                notes.append("单位自评：\(Words.verdict("\(v)"))" + (evidence.sources[slot]?.note.map { "（\($0)）" } ?? ""))
            }
            let outcome = outcomes[item.position]
            return ["id": item.id, "number": item.number, "title": item.title, "requirement": item.requirement, "figures": figures,
                    "files": files[item.id] ?? [], "outcome": outcome.map { "\($0.outcome.state)" } ?? "", "outcomeName": Words.outcome(outcome?.outcome.state),
                    "reason": outcome?.reason ?? "", "assessed": item.verdict, "verdicts": notes, "canJudge": canJudge,
                    "canDecide": item.verdict && input.user.role == .office, "disagree": verdicts[item.id].map { $0.disagree && $0.decision == nil } ?? false,
                    "verdictAction": "/c/\(info.id)/review/\(unit.id)/verdict", "decideAction": "/c/\(info.id)/review/\(unit.id)/decide"]
        }
        var context: [String: Any] = [
            "title": "\(unit.name) 审核", "campaignName": info.name, "unitName": unit.name, "state": state.rawValue, "stateName": Words.state(state),
            "version": submission.version, "grade": result.grade, "score": UnitReport.percent(result.score.final), "items": items,
            "queueHref": "/c/\(info.id)/queue", "canAct": state != .returned, "canReturn": state.next.contains(.returned), "canReview": state.next.contains(.reviewed),
            "returnAction": "/c/\(info.id)/review/\(unit.id)/return", "reviewedAction": "/c/\(info.id)/review/\(unit.id)/reviewed",
            "flash": Words.flash(input.query["m"]) as Any,
        ]
        if let last = try store.lastReturn(campaign: info.id, unit: unit.id) { context["returned"] = ["reason": last.reason, "at": last.at, "by": last.by] }
        return page("review", context, session: input.session)
    }

    func recordVerdict(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, _) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let (_, state) = try submissionState(info.id, unit.id)
        guard state == .submitted || state == .resubmitted else { throw StoreError("只有已报送、待审核的材料可以评定（现在：\(Words.state(state))）。") }
        let indicator = input.form["indicator"] ?? ""
        let comment = (input.form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try store.recordVerdict(VerdictRequest(campaign: info.id, unit: unit.id, indicator: indicator, verdict: input.form["verdict"] ?? "",
                                               comment: comment.isEmpty ? nil : comment), by: input.user.name)
        return .redirect(to: "/c/\(info.id)/review/\(unit.id)?m=verdict#item-\(indicator.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")", type: .normal)
    }

    /// The office's decision on an assessed item; it counts over every assessor's verdict.
    func decide(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, _) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let indicator = input.form["indicator"] ?? ""
        let comment = (input.form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try store.decide(VerdictRequest(campaign: info.id, unit: unit.id, indicator: indicator, verdict: input.form["verdict"] ?? "",
                                        comment: comment.isEmpty ? nil : comment), by: input.user.name)
        return .redirect(to: "/c/\(info.id)/review/\(unit.id)?m=decided#item-\(indicator.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")", type: .normal)
    }

    func returnSubmission(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, _) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        var notes: [String: String] = [:]
        for (key, value) in input.form.fields where key.hasPrefix("n:") { notes[String(key.dropFirst(2))] = value }
        try store.returnSubmission(campaign: info.id, unit: unit.id, reason: input.form["reason"] ?? "", notes: notes, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/queue?m=returned", type: .normal)
    }

    func markReviewed(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, _) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        try store.changeState(campaign: info.id, unit: unit.id, to: .reviewed, reason: nil, by: input.user.name)
        return .redirect(to: "/c/\(info.id)/queue?m=reviewed", type: .normal)
    }

    // MARK: 法治办

    func dashboard(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let units = try store.campaignUnits(campaign: info.id)
        var byUnit: [String: SubmissionInfo] = [:]
        for s in try store.submissions(campaign: info.id) { byUnit[s.unitID] = s }
        let today = store.today().description
        let pastDeadline = info.submissionDeadline.map { today > $0 } ?? false
        var counts: [String: Int] = [:]
        var overdue: [String] = []
        var progress: [[String: Any]] = []
        for unit in units {
            let s = byUnit[unit.id]
            let state = s.flatMap { SubmissionState(rawValue: $0.state) }
            counts[state?.rawValue ?? "none", default: 0] += 1
            if pastDeadline, state == nil || state == .draft { overdue.append("\(unit.name)：截止 \(info.submissionDeadline!) 仍未报送") }
            if let s, s.late { overdue.append("\(unit.name)：逾期报送（\(s.submittedAt ?? "")）") }
            progress.append(["unitName": unit.name, "level": Words.level(unit.level), "state": state?.rawValue ?? "none", "stateName": Words.state(state),
                             "version": s.map { "\($0.version)" } ?? "—", "updated": s?.updatedAt ?? "—", "late": s?.late ?? false,
                             "hasSubmission": state != nil && state != .draft, "reviewHref": "/c/\(info.id)/review/\(unit.id)"])
        }
        let states: [[String: Any]] = [("none", "未填报")] .map { ["name": $0.1, "count": counts[$0.0] ?? 0] }
            + SubmissionState.allCases.map { ["name": $0.chinese, "count": counts[$0.rawValue] ?? 0] }
        var context: [String: Any] = ["title": "\(info.name) 总览", "campaignName": info.name, "states": states, "overdue": overdue, "progress": progress,
                                      "isOffice": input.user.role == .office, "publishAction": "/c/\(info.id)/publish", "flash": Words.flash(input.query["m"]) as Any]
        if info.published > 0 {
            let results = try store.results(campaign: info.id, version: nil)
            let plan = try store.plan(ofCampaign: info.id)
            var gradeOrder = plan.ruleset.scoring.grades.map(\.name)
            for r in results where !gradeOrder.contains(r.grade) { gradeOrder.append(r.grade) }
            let grades = gradeOrder.map { g in ["grade": g, "count": results.filter { $0.grade == g }.count, "total": results.count] as [String: Any] }
            let levelOf = Dictionary(units.map { ($0.id, $0.level) }, uniquingKeysWith: { a, _ in a })
            var levels: [[String: Any]] = []
            var seen: [String?] = []
            for r in results where !seen.contains(levelOf[r.unitID] ?? nil) { seen.append(levelOf[r.unitID] ?? nil) }
            for level in seen {
                var rank = 0
                var previous: (String, Double)?
                let rows = results.filter { (levelOf[$0.unitID] ?? nil) == level }.enumerated().map { i, r -> [String: Any] in
                    if previous.map({ $0 != (r.grade, r.score) }) ?? true { rank = i + 1 }
                    previous = (r.grade, r.score)
                    return ["rank": rank, "unitName": r.unitName, "grade": r.grade, "score": UnitReport.percent(r.score), "met": r.met, "counted": r.counted]
                }
                levels.append(["level": Words.level(level), "rows": rows])
            }
            let goals: [[String: Any]] = try publishedGoals(info).map {
                ["id": $0.id, "text": $0.text, "year": $0.year, "requirement": $0.requirement, "scope": $0.scope, "reached": $0.reached,
                 "state": $0.state, "met": $0.met, "closest": $0.closest, "hasClosest": !$0.closest.isEmpty]
            }
            context["published"] = ["version": info.published, "grades": grades, "levels": levels, "goals": goals, "rectifyHref": "/c/\(info.id)/rectify",
                                    "csvHref": "/c/\(info.id)/results.csv", "xlsxHref": "/c/\(info.id)/results.xlsx", "noticeHref": "/c/\(info.id)/notice.docx", "reportHref": "/c/\(info.id)/report.html"] as [String: Any]
        }
        if input.user.role == .office, let scoring = try? store.score(campaign: info.id) {
            let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            context["undecided"] = scoring.undecided.map {
                ["label": "\(names[$0.unitID] ?? $0.unitID) \($0.indicatorID)（\($0.byAssessor.sorted { $0.key < $1.key }.map { "\($0.key)：\(Words.verdict($0.value))" }.joined(separator: "，"))）",
                 "href": "/c/\(info.id)/review/\($0.unitID)#item-\($0.indicatorID)"]
            }
        }
        return page("dashboard", context, session: input.session)
    }

    /// The region's goals and quotas on the latest publication (the region view `fazhi region` shows).
    /// A publication never changes, so its goals are worked out once (scoring the campaign again) and
    /// kept, not on every load of the dashboard.
    func publishedGoals(_ info: CampaignInfo) throws -> [RegionReport.GoalLine] {
        let key = "\(info.id)/v\(info.published)/\(info.rulesetHash)"
        if let kept = goalsByPublication.withLock({ $0[key] }) { return kept }
        let scoring = try store.rescore(campaign: info.id, version: info.published)
        let region = RegionView(plan: scoring.plan, units: zip(scoring.evidence, scoring.results).map { RegionView.Unit(evidence: $0, result: $1) })
        let goals = RegionReport(region).goalLines()
        goalsByPublication.withLock { $0[key] = goals }
        return goals
    }

    func publish(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let note = (input.form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try store.publish(campaign: info.id, note: note.isEmpty ? nil : note, by: input.user.name)
        return .redirect(to: "/c/\(info.id)?m=published", type: .normal)
    }

    func resultsCSV(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let results = try store.results(campaign: info.id, version: nil)
        let levelOf = Dictionary(try store.campaignUnits(campaign: info.id).map { ($0.id, $0.level ?? "") }, uniquingKeysWith: { a, _ in a })
        let groups = results.first?.groups ?? []
        var rows = [["名次", "单位编号", "名称", "层级", "等次", "得分", "达到"] + groups.map(\.title) + ["未达到"]]
        var rank = 0
        var previous: (String, Double)?
        for (i, r) in results.enumerated() {
            if previous.map({ $0 != (r.grade, r.score) }) ?? true { rank = i + 1 }
            previous = (r.grade, r.score)
            rows.append(["\(rank)", r.unitID, r.unitName, levelOf[r.unitID] ?? "", r.grade, UnitReport.percent(r.score), "\(r.met)/\(r.counted)"]
                        + r.groups.map { $0.completion.map(UnitReport.percent) ?? "—" } + [r.unmet.joined(separator: " ")])
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"\(info.id)-results-v\(info.published).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: CSV.render(rows))))
    }

    /// The HTML report `fazhi results --html` writes: the latest publication scored again and checked.
    /// Its summary at `report.html`, a unit's page at `report_files/ID.html` (where the summary links).
    func report(_ input: RouteInput, page: String? = nil) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let scoring = try store.rescore(campaign: info.id, version: nil)
        let units = zip(scoring.evidence, scoring.results).map { RegionView.Unit(evidence: $0, result: $1) }
        let region = RegionReport(RegionView(plan: scoring.plan, units: units))
        let html: String
        if let page {
            guard let text = region.htmlPage(named: page) else { return notFound(input.session, "没有这个单位。") }
            html = text
        } else {
            html = region.html().summary
        }
        // The report is self-contained: inline styles and SVG, no script.
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8",
                                               .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
