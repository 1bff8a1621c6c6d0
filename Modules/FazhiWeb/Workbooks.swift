import FazhiAnalysis
import FazhiBase
import FazhiCore
import FazhiKit
import FazhiReports
import FazhiSheets
import FazhiStore
import Foundation
import Hummingbird
import NIOCore

/// Excel in the browser: the fill-in template (`fazhi template`) for a unit or the whole campaign, a
/// filled template read back into the unit's form, and the published results as a workbook
/// (`fazhi results --format xlsx`). The same Kit calls as the CLI; nothing here knows the layout.
extension WebApp {
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// A file to save (a workbook or a document), named in UTF-8 as RFC 6266 allows.
    func download(_ data: Data, name: String, type: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "download"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename*=UTF-8''\(encoded)",
                                               .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func workbookResponse(_ book: Workbook, name: String) throws -> Response {
        download(try book.data(), name: name, type: Self.xlsxType)
    }

    /// GET /c/{campaign}/u/{unit}/template.xlsx: the unit's template, holding what it has saved or
    /// submitted so far (its draft after a return), so it can go on in Excel or WPS.
    func unitTemplate(_ input: RouteInput) throws -> Response {
        guard let (info, unit, _, form) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        let text = try store.webDraft(campaign: info.id, unit: unit.id) ?? store.evidenceText(campaign: info.id, unit: unit.id)
        let book: Workbook
        if let text, form.read(text, name: "stored", asOf: asOf) != nil {
            book = try workspace.template(form.plan, filledFrom: [.source(SourceFile(name: "\(unit.id).yaml", text: text))], asOf: asOf,
                                          deadline: info.submissionDeadline)
        } else {
            book = workspace.template(form.plan, units: [Self.unitInfo(unit)], deadline: info.submissionDeadline)
        }
        return try workbookResponse(book, name: "\(info.name)-\(unit.name)-填报模板.xlsx")
    }

    /// GET /c/{campaign}/template.xlsx: one template for every unit of the campaign (the office sends it
    /// out, or fills it for units that report on paper).
    func campaignTemplate(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        let units = try store.units(ofCampaign: info.id).map(Self.unitInfo)
        let book = workspace.template(try store.plan(ofCampaign: info.id), units: units, deadline: info.submissionDeadline)
        return try workbookResponse(book, name: "\(info.name)-填报模板.xlsx")
    }

    /// GET /c/{campaign}/results.xlsx: the latest publication, scored again and checked, as the
    /// results workbook (排名, 分组, 指标, 明细).
    func resultsWorkbook(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        guard info.published > 0 else { return notFound(input.session, "这个考核尚未通报，没有可导出的结果。") }
        let scoring = try store.rescore(campaign: info.id, version: nil)
        return try workbookResponse(ResultsWorkbook(plan: scoring.plan, results: scoring.results).build(), name: "\(info.name)-结果-第\(info.published)次通报.xlsx")
    }

    /// POST /c/{campaign}/u/{unit}/workbook: a filled template read into the unit's form. Nothing is
    /// saved: the page comes back filled in, for the unit to check and then save or submit as usual.
    /// The workbook must be an .xlsx holding this unit only; every problem is shown at its cell.
    func readWorkbook(_ input: RouteInput) throws -> Response {
        guard let (info, unit, units, form) = try campaignUnit(input) else { return notFound(input.session, "没有这个考核或单位。") }
        let (_, state) = try submissionState(info.id, unit.id)
        if [.submitted, .resubmitted, .reviewed].contains(state) { throw StoreError("已报送，等待审核；审核人员退回后才能修改。") }
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        var errors: [String] = []
        var values: EvidenceForm.Values?
        let upload = input.form.files.first { $0.field == "workbook" && !($0.filename.isEmpty && $0.data.isEmpty) }
        if let upload {
            let name = Self.fileName(upload.filename)
            // An .xlsx is a zip ("PK\u{3}\u{4}"); the workbook reader refuses .xls, .xlsm and the rest
            // with a message of its own, so only the name's ending and the zip signature are checked here.
            if !name.lowercased().hasSuffix(".xlsx") || !upload.data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                errors.append("\(name)：不是 Excel 工作簿（.xlsx）。请上传由“下载 Excel 填报模板”得到、填好后保存为 .xlsx 的文件。")
            } else {
                do {
                    values = try read(workbook: upload.data, name: name, unit: unit, form: form, asOf: asOf)
                } catch let problems as WorkbookProblems {
                    errors += problems.lines.prefix(50)
                    if problems.lines.count > 50 { errors.append("……另有 \(problems.lines.count - 50) 个问题") }
                }
            }
        } else {
            errors.append("请选择填好的 Excel 填报模板（.xlsx）。")
        }
        guard let values, errors.isEmpty else {
            var context = try unitContext(input, info: info, unit: unit, units: units, form: form, values: try storedValues(info, unit, form))
            context["errors"] = errors
            return page(status: .badRequest, "unit", context, session: input.session)
        }
        var context = try unitContext(input, info: info, unit: unit, units: units, form: form, values: values)
        context["fromWorkbook"] = "已读入 \(Self.fileName(upload!.filename))，尚未保存：请核对下面的数字，再点“保存草稿”或“报送”。"
        return page("unit", context, session: input.session)
    }

    /// The unit's values as stored (its draft after a return, else its latest version).
    func storedValues(_ info: CampaignInfo, _ unit: StoredUnit, _ form: EvidenceForm) throws -> EvidenceForm.Values {
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        guard let text = try store.webDraft(campaign: info.id, unit: unit.id) ?? store.evidenceText(campaign: info.id, unit: unit.id),
              let evidence = form.read(text, name: "stored", asOf: asOf) else { return [:] }
        return form.values(of: evidence)
    }

    /// Reads the uploaded bytes through the workbook reader (from a private temporary folder, removed
    /// at once; the file is named as uploaded so that messages read `填报模板.xlsx:填报!H12`).
    func read(workbook data: Data, name: String, unit: StoredUnit, form: EvidenceForm, asOf: CalendarDate?) throws -> EvidenceForm.Values {
        let folder = NSTemporaryDirectory() + "fazhi-workbook-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let safe = name.replacingOccurrences(of: "/", with: "_")
        let path = folder + "/" + safe
        try data.write(to: URL(fileURLWithPath: path))
        let evaluation: Evaluation
        do {
            evaluation = try workspace.evaluate(form.plan, evidence: [.file(path)], asOf: asOf)
        } catch {
            throw WorkbookProblems(lines: error.diagnostics.map { $0.description.replacingOccurrences(of: folder + "/", with: "") })
        }
        let others = evaluation.evidence.filter { $0.unit.id != unit.id }.map { "\($0.unit.name)（\($0.unit.id)）" }
        guard others.isEmpty, let mine = evaluation.evidence.first(where: { $0.unit.id == unit.id }) else {
            let what = others.isEmpty ? "没有本单位（\(unit.id)）的数据" : "含有其他单位的数据：\(others.joined(separator: "、"))"
            throw WorkbookProblems(lines: ["\(name)：\(what)。请使用本单位的填报模板（本页“下载 Excel 填报模板”）。"])
        }
        return form.values(of: mine)
    }

    static func unitInfo(_ unit: StoredUnit) -> UnitInfo {
        UnitInfo(id: unit.id, name: unit.name, level: unit.level, parent: unit.parentID ?? unit.parentName, attributes: unit.attributes)
    }
}

/// What is wrong with an uploaded workbook, one line per problem, each at its cell.
struct WorkbookProblems: Error {
    var lines: [String]
}

/// The documents an office sends, from the latest publication: the 通报 and each unit's 反馈意见, as
/// .docx in the GB/T 9704 layout (`fazhi results --campaign C --docx/--feedback-dir` writes the same).
extension WebApp {
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    func documentResponse(_ document: WordDocument, name: String) throws -> Response {
        download(try document.data(), name: name, type: Self.docxType)
    }

    /// The latest publication as the documents' source; nil before the first publication.
    func officialDocuments(_ info: CampaignInfo) throws -> OfficialDocuments? {
        guard info.published > 0 else { return nil }
        let scoring = try store.rescore(campaign: info.id, version: nil)
        let region = RegionView(plan: scoring.plan, units: zip(scoring.evidence, scoring.results).map { RegionView.Unit(evidence: $0, result: $1) })
        return OfficialDocuments(UnitsComparison(plan: scoring.plan, results: scoring.results), issue: ReportIssue(plan: scoring.plan, results: scoring.results),
                                 year: region.period)
    }

    /// GET /c/{campaign}/notice.docx: the 通报 of the latest publication.
    func noticeDocument(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        guard let documents = try officialDocuments(info) else { return notFound(input.session, "这个考核尚未通报。") }
        return try documentResponse(documents.notice(), name: "\(documents.noticeTitle).docx")
    }

    /// GET /c/{campaign}/u/{unit}/feedback.docx: the unit's 反馈意见 (its shortfalls and what to rectify).
    func feedbackDocument(_ input: RouteInput) throws -> Response {
        guard let info = try? store.campaign(input.campaign) else { return notFound(input.session, "没有这个考核。") }
        guard let documents = try officialDocuments(info),
              let row = documents.comparison.rows.firstIndex(where: { $0.result.unit.id == input.unit }) else {
            return notFound(input.session, "这个单位还没有通报结果。")
        }
        return try documentResponse(documents.feedback(row), name: documents.feedbackFileName(row))
    }
}
