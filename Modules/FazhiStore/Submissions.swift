package import FazhiKit
import Foundation
import GRDB

/// One unit's document as read at import: its text (standalone), and its values.
struct PreparedUnit: Sendable {
    var evidence: UnitEvidence
    var text: String
    var sha256: String
    var index: Int
    var facts: [StoredFact]
    /// The evidence as read back from `text` alone, in the form scoring reads (`EvidenceValues`); nil
    /// when the whole file is kept or the form cannot hold it.
    var values: Data?
}

struct PreparedFile: Sendable {
    var name: String
    var sha256: String
    var units: [PreparedUnit]
}

extension SQLiteStore {
    package func importSubmissions(campaign: String, _ sources: [EvidenceSource], draft: Bool, by actor: String) throws -> SubmissionImportSummary {
        let (plan, info, enrolled) = try pool.read { db in
            (try self.plan(db, campaign), try self.campaign(db, campaign),
             Set(try String.fetchAll(db, sql: "SELECT unit_id FROM campaign_unit WHERE campaign_id = ?", arguments: [campaign])))
        }
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        let files = try Self.prepare(sources, plan: plan, asOf: asOf, enrolled: enrolled, campaign: campaign)
        return try pool.write { db in try self.writeImport(db, campaign: campaign, files: files, draft: draft, by: actor) }
    }

    /// The import's writes, inside the caller's transaction.
    func writeImport(_ db: Database, campaign: String, files: [PreparedFile], draft: Bool, by actor: String) throws -> SubmissionImportSummary {
        do {
            var summary = SubmissionImportSummary()
            for file in files {
                summary.file.append(file.name)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM import WHERE campaign_id = ? AND sha256 = ?", arguments: [campaign, file.sha256]) == true {
                    summary.alreadyImported.append(file.name)
                    continue
                }
                try db.run(sql: "INSERT INTO import (campaign_id, file_name, sha256, units, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [campaign, file.name, file.sha256, file.units.count, self.timestamp(), actor])
                let importID = db.lastInsertedRowID
                let now = self.timestamp()
                // The import's rows, each table's INSERT prepared once (RowWriter); the columns every
                // row of the import shares bound once here.
                let documents = try RowWriter(db, into: "document", columns: ["sha256", "text"], orIgnore: true)
                let versions = try RowWriter(db, into: "submission_version",
                                             columns: ["campaign_id", "unit_id", "version", "evidence_sha256", "document_index", "import_id", "created_at", "created_by"])
                let factSets = try RowWriter(db, into: "fact_set", columns: ["campaign_id", "unit_id", "version", "facts"])
                let values = try RowWriter(db, into: "evidence_values", columns: ["campaign_id", "unit_id", "version", "data"])
                let events = try RowWriter(db, into: "submission_event", columns: ["campaign_id", "unit_id", "version", "from_state", "to_state", "reason", "at", "by"])
                for writer in [versions, factSets, values, events] { writer.set(0, campaign) }
                versions.set(5, Int(importID))
                versions.set(6, now)
                versions.set(7, actor)
                events.set(5, nil as String?)
                events.set(6, now)
                events.set(7, actor)
                try self.audit(db, actor, "import", "import", "\(importID)", new: "\(campaign) ← \(file.name) (\(file.units.count) units, sha256:\(file.sha256))")
                for unit in file.units {
                    let id = unit.evidence.unit.id
                    let sha = unit.sha256
                    documents.set(0, sha)
                    documents.set(1, unit.text)
                    try documents.insert()
                    let current = try Row.fetchOne(db.cachedStatement(sql: """
                        SELECT s.state, s.version, v.evidence_sha256 FROM submission s
                        JOIN submission_version v USING (campaign_id, unit_id, version) WHERE s.campaign_id = ? AND s.unit_id = ?
                        """), arguments: [campaign, id])
                    if let current, current["evidence_sha256"] as String == sha {
                        summary.unchanged.append(id)
                        continue
                    }
                    let version = (current?["version"] as Int? ?? 0) + 1
                    let before = (current?["state"] as String?).flatMap(SubmissionState.init(rawValue:))
                    let after: SubmissionState
                    switch before {
                    case nil, .draft: after = draft ? .draft : .submitted
                    case .returned: after = .resubmitted
                    case .submitted, .resubmitted:
                        after = before!
                    case .reviewed:
                        throw DiagnosticList([Diagnostic.error("unit \"\(id)\": the submission is reviewed; return it (fazhi submission return) before importing a new version",
                                                               at: unit.evidence.location)])
                    }
                    if before == nil {
                        try db.run(sql: "INSERT INTO submission (campaign_id, unit_id, state, version) VALUES (?, ?, ?, ?)", arguments: [campaign, id, after.rawValue, 0])
                    }
                    versions.set(1, id)
                    versions.set(2, version)
                    versions.set(3, sha)
                    versions.set(4, unit.index)
                    try versions.insert()
                    try db.run(sql: "UPDATE submission SET state = ?, version = ? WHERE campaign_id = ? AND unit_id = ?", arguments: [after.rawValue, version, campaign, id])
                    factSets.set(1, id)
                    factSets.set(2, version)
                    factSets.set(3, StoredFact.json(unit.facts))
                    try factSets.insert()
                    if let data = unit.values {
                        values.set(1, id)
                        values.set(2, version)
                        values.set(3, data)
                        try values.insert()
                    }
                    events.set(1, id)
                    events.set(2, version)
                    events.set(3, before?.rawValue)
                    events.set(4, after.rawValue)
                    try events.insert()
                    try self.audit(db, actor, "import", "submission", "\(campaign)/\(id)", old: current.map { "v\($0["version"] as Int) \($0["state"] as String)" },
                                   new: "v\(version) \(after.rawValue) (\(unit.facts.count) values)")
                    summary.newVersions[id] = version
                }
            }
            return summary
        }
    }

    /// A unit's web form saved or sent, with the files it brings, in one transaction: the version (or,
    /// after a return, the draft kept apart), the state change, and every file; a failure anywhere
    /// leaves none of it. `text` is the form written as the unit's evidence document.
    package func saveWebForm(campaign: String, unit: String, text: String, name: String, submit: Bool, uploads: [WebUpload], by actor: String) throws {
        let (plan, info, enrolled) = try pool.read { db in
            (try self.plan(db, campaign), try self.campaign(db, campaign),
             Set(try String.fetchAll(db, sql: "SELECT unit_id FROM campaign_unit WHERE campaign_id = ?", arguments: [campaign])))
        }
        let asOf = info.asOf.flatMap { try? CalendarDate.parse($0).get() }
        let files = try Self.prepare([.source(SourceFile(name: name, text: text))], plan: plan, asOf: asOf, enrolled: enrolled, campaign: campaign)
        guard files.allSatisfy({ $0.units.allSatisfy { $0.evidence.unit.id == unit } }) else { throw StoreError("the form is for unit \"\(unit)\" only") }
        // Hashed before the write transaction: the only writer should not wait on a megabyte's hash.
        let hashes = uploads.map { SHA256.hex($0.data) }
        try pool.write { db in
            let state = try String.fetchOne(db, sql: "SELECT state FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit])
                .flatMap(SubmissionState.init(rawValue:))
            if let state, [.submitted, .resubmitted, .reviewed].contains(state) {
                throw StoreError("the submission is \(state.rawValue) (\(state.chinese)); it can change only after it is returned")
            }
            switch (state, submit) {
            case (.returned, false):
                try self.saveWebDraft(db, campaign: campaign, unit: unit, text: text, by: actor)
            case (.returned, true):
                let summary = try self.writeImport(db, campaign: campaign, files: files, draft: false, by: actor)
                if summary.newVersions[unit] == nil { try self.changeState(db, campaign: campaign, unit: unit, to: .resubmitted, reason: nil, by: actor) }
                try db.execute(sql: "DELETE FROM web_draft WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit])
            case (_, let submit):
                let summary = try self.writeImport(db, campaign: campaign, files: files, draft: !submit, by: actor)
                if submit, summary.newVersions[unit] == nil { try self.changeState(db, campaign: campaign, unit: unit, to: .submitted, reason: nil, by: actor) }
            }
            for (upload, sha) in zip(uploads, hashes) {
                _ = try self.attach(db, campaign: campaign, unit: unit, indicator: upload.indicator, name: upload.name, mediaType: upload.mediaType,
                                    data: upload.data, sha: sha, by: actor)
            }
        }
    }

    /// Reads and checks every file against the campaign's plan before anything is written: all problems
    /// of all files together, each located.
    static func prepare(_ sources: [EvidenceSource], plan: EvaluationPlan, asOf: CalendarDate?, enrolled: Set<String>, campaign: String) throws(DiagnosticList) -> [PreparedFile] {
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        var problems: [Diagnostic] = []
        var files: [PreparedFile] = []
        var seen: [String: SourceLocation?] = [:]
        for source in sources {
            let file: SourceFile
            let documents: [Document]
            if case .file(let path) = source, SheetEvidence.isWorkbook(path) {
                files.append(prepareWorkbook(path, plan: plan, reader: reader, enrolled: enrolled, campaign: campaign, seen: &seen, problems: &problems))
                continue
            }
            do {
                switch source {
                case .file(let path): file = try SourceFile(contentsOfFile: path)
                case .source(let s): file = s
                }
                if BatchTable.isBatch(file.name) {
                    files.append(prepareBatch(file, plan: plan, reader: reader, enrolled: enrolled, campaign: campaign, seen: &seen, problems: &problems))
                    continue
                }
                documents = try YAMLParser.documents(in: file)
            } catch {
                problems.append(error)
                continue
            }
            var prepared = PreparedFile(name: file.name, sha256: SHA256.hex(file.bytes), units: [])
            let lines = String(decoding: file.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for document in documents {
                let evidence: UnitEvidence
                do { evidence = try reader.read(document) } catch {
                    problems += error.diagnostics
                    continue
                }
                let id = evidence.unit.id
                if let first = seen[id] {
                    problems.append(Diagnostic(.error, "duplicate unit id \"\(id)\" in this import; expected each unit once", at: evidence.location,
                                               notes: [.init("first given here", at: first)]))
                    continue
                }
                seen[id] = evidence.location
                if !enrolled.contains(id) {
                    problems.append(Diagnostic.error("unit \"\(id)\" does not take part in campaign \"\(campaign)\"; expected one of its units",
                                                     at: evidence.location,
                                                     hint: Suggest.closest(to: id, among: enrolled).map { "did you mean \"\($0)\"?" }))
                    continue
                }
                // The unit's own document, standalone; kept only if it reads back to the same values,
                // else the whole file is kept with the document's index.
                let root = document.root
                var last = root.end.column <= 1 ? Int(root.end.line) - 1 : Int(root.end.line)
                // Comments and markers after the document belong to no unit.
                while last > Int(root.start.line), last <= lines.count {
                    let line = lines[last - 1].trimmingCharacters(in: .whitespaces)
                    guard line.isEmpty || line.hasPrefix("#") || line == "---" || line == "..." else { break }
                    last -= 1
                }
                var text = lines[max(0, Int(root.start.line) - 1)..<min(lines.count, max(Int(root.start.line), last))].joined(separator: "\n") + "\n"
                var index = 0
                let again = try? reader.read(YAMLParser.singleDocument(in: SourceFile(name: file.name, text: text)))
                var values = again.flatMap { EvidenceValues.encode($0, plan: plan) }
                if again?.unit.id != id || again?.facts.values != evidence.facts.values {
                    text = String(decoding: file.bytes, as: UTF8.self)
                    index = document.index
                    values = nil
                }
                prepared.units.append(PreparedUnit(evidence: evidence, text: text, sha256: SHA256.hex(text), index: index, facts: facts(of: evidence, plan: plan),
                                                   values: values))
            }
            files.append(prepared)
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return files
    }

    /// A batch (CSV, TSV, JSON Lines): each row is checked as `fazhi evaluate` checks it, then kept as
    /// the unit's evidence document (`EvidenceDocument`), read back through the evidence reader like a
    /// YAML submission; its facts point at the row's line and quote the cell.
    static func prepareBatch(_ file: SourceFile, plan: EvaluationPlan, reader: EvidenceReader, enrolled: Set<String>, campaign: String,
                             seen: inout [String: SourceLocation?], problems: inout [Diagnostic]) -> PreparedFile {
        var prepared = PreparedFile(name: file.name, sha256: SHA256.hex(file.bytes), units: [])
        let rows: [BatchTable.Row]
        do {
            let read = try BatchTable(plan: plan).readAll(file)
            rows = read.rows
            problems += read.problems
        } catch {
            problems += error.diagnostics
            return prepared
        }
        var accepted: [BatchTable.Row] = []
        for row in rows {
            let id = row.unit.id
            if let first = seen[id] {
                problems.append(Diagnostic(.error, "duplicate unit id \"\(id)\" in this import; expected each unit once", at: row.location,
                                           notes: [.init("first given here", at: first)]))
                continue
            }
            seen[id] = row.location
            if !enrolled.contains(id) {
                problems.append(Diagnostic.error("unit \"\(id)\" does not take part in campaign \"\(campaign)\"; expected one of its units", at: row.location,
                                                 hint: Suggest.closest(to: id, among: enrolled).map { "did you mean \"\($0)\"?" }))
                continue
            }
            accepted.append(row)
        }
        // Each row on its own (on every core): written as its document, read back, its facts listed.
        let valueSlots = plan.slots.indices.filter { if case .attribute = plan.slots[$0] { false } else { true } }
        let name = file.name
        let outcomes = (try? accepted.parallelMap { row -> Result<PreparedUnit, DiagnosticList> in
            let id = row.unit.id
            // The row's evidence (what region and compare score too), its problems at their cells.
            let evidence: UnitEvidence
            do throws(DiagnosticList) { evidence = try row.evidence(plan: plan, asOf: reader.asOf, file: name) } catch { return .failure(error) }
            let text = EvidenceDocument.yaml(row, plan: plan)
            let again: UnitEvidence
            do {
                again = try reader.read(YAMLParser.singleDocument(in: SourceFile(name: "\(name) (row \(row.row))", text: text)))
            } catch {
                let found = (error as? DiagnosticList)?.diagnostics ?? [(error as? Diagnostic) ?? Diagnostic.error("\(error)", at: nil)]
                return .failure(DiagnosticList(found.map { Diagnostic.error("row \(row.row) (unit \"\(id)\"): \($0.message)", at: row.location, hint: $0.hint) }))
            }
            // The stored document must read back to the values the row gave.
            guard valueSlots.allSatisfy({ again.facts.values[$0] == evidence.facts.values[$0] }) else {
                return .failure(DiagnosticList([Diagnostic.error("row \(row.row) (unit \"\(id)\"): its values do not read back the same from the stored document; please report this",
                                                                 at: row.location)]))
            }
            var facts = facts(of: evidence, plan: plan)
            for (i, fact) in facts.enumerated() {
                let slot: Int?
                switch fact.kind {
                case "metric": slot = plan.slot(.metric(fact.key))
                case "verdict": slot = plan.slot(.verdict(fact.key))
                default: slot = plan.slot(.event(fact.key))
                }
                let cell = slot.flatMap { row.cells[$0] }
                facts[i].line = cell?.line
                facts[i].quote = cell?.text
            }
            return .success(PreparedUnit(evidence: evidence, text: text, sha256: SHA256.hex(text), index: 0, facts: facts,
                                         values: EvidenceValues.encode(again, plan: plan)))
        }) ?? []
        for outcome in outcomes {
            switch outcome {
            case .success(let unit): prepared.units.append(unit)
            case .failure(let list): problems += list.diagnostics
            }
        }
        return prepared
    }

    /// A filled template (fazhi template): each unit's rows become its evidence document (written as
    /// YAML, the form the store keeps), read back through the evidence reader; a problem is reported at
    /// its cell (`file.xlsx:填报!H12`) and nothing of the file is imported.
    static func prepareWorkbook(_ path: String, plan: EvaluationPlan, reader: EvidenceReader, enrolled: Set<String>, campaign: String,
                                seen: inout [String: SourceLocation?], problems: inout [Diagnostic]) -> PreparedFile {
        let sha = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { SHA256.hex([UInt8]($0)) } ?? ""
        var prepared = PreparedFile(name: path, sha256: sha, units: [])
        let units: [SheetEvidence.Unit]
        do { units = try SheetEvidence(plan: plan, path: path).documents() } catch {
            problems += error.diagnostics
            return prepared
        }
        for unit in units {
            let evidence: UnitEvidence
            do { evidence = try reader.read(unit.document) } catch {
                problems += error.diagnostics
                continue
            }
            let id = evidence.unit.id
            if let first = seen[id] {
                problems.append(Diagnostic(.error, "duplicate unit id \"\(id)\" in this import; expected each unit once", at: evidence.idLocation ?? evidence.location,
                                           notes: [.init("first given here", at: first)]))
                continue
            }
            let firstAt: SourceLocation? = evidence.idLocation ?? evidence.location
            seen[id] = firstAt
            if !enrolled.contains(id) {
                problems.append(Diagnostic.error("unit \"\(id)\" does not take part in campaign \"\(campaign)\"; expected one of its units",
                                                 at: evidence.idLocation ?? evidence.location,
                                                 hint: Suggest.closest(to: id, among: enrolled).map { "did you mean \"\($0)\"?" }))
                continue
            }
            let text = SheetEvidence.yaml(unit.document.root)
            let again = try? reader.read(YAMLParser.singleDocument(in: SourceFile(name: "\(path) (unit \(id))", text: text)))
            guard again?.unit.id == id, again?.facts.values == evidence.facts.values else {
                problems.append(Diagnostic.error("unit \"\(id)\": its values do not read back the same from the stored document; please report this",
                                                 at: evidence.idLocation ?? evidence.location))
                continue
            }
            var facts = facts(of: evidence, plan: plan)
            for (i, fact) in facts.enumerated() {
                let slot: Int?
                switch fact.kind {
                case "metric": slot = plan.slot(.metric(fact.key))
                case "verdict": slot = plan.slot(.verdict(fact.key))
                default: slot = plan.slot(.event(fact.key))
                }
                if let cell = slot.flatMap({ evidence.sources[$0]?.location }) {
                    facts[i].line = Int(cell.start.line)
                    facts[i].quote = facts[i].quote ?? cell.description
                }
            }
            prepared.units.append(PreparedUnit(evidence: evidence, text: text, sha256: SHA256.hex(text), index: 0, facts: facts,
                                               values: again.flatMap { EvidenceValues.encode($0, plan: plan) }))
        }
        return prepared
    }

    /// The values a unit's evidence gives for the plan's slots, as text in the metric's unit.
    static func facts(of evidence: UnitEvidence, plan: EvaluationPlan) -> [StoredFact] {
        var facts: [StoredFact] = []
        for (slot, key) in plan.slots.enumerated() where evidence.facts.has(slot) {
            let raw = evidence.facts[slot]
            let source = evidence.sources[slot]
            switch key {
            case .metric(let id):
                let value = plan.catalog[id].map { $0.unit.format(FixedPoint(raw: raw)) } ?? String(raw)
                facts.append(StoredFact(kind: "metric", key: id, value: value, line: source?.line, quote: source?.quote))
            case .verdict(let id):
                facts.append(StoredFact(kind: "verdict", key: id, value: Verdict(rawValue: raw)?.word ?? String(raw), line: source?.line, quote: source?.quote))
            case .event(let id):
                facts.append(StoredFact(kind: "event", key: id, value: CalendarDate(daysSinceEpoch: Int(raw)).description, line: source?.line, quote: source?.quote))
            case .attribute:
                continue
            }
        }
        return facts
    }

    package func attach(campaign: String, unit: String, files: [String], by actor: String) throws -> [AttachmentInfo] {
        var contents: [(name: String, data: Data)] = []
        var problems: [Diagnostic] = []
        for path in files {
            if let data = FileManager.default.contents(atPath: path) { contents.append((path, data)) } else {
                problems.append(Diagnostic.error("\(path): cannot read the file", at: nil))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return try pool.write { db in
            guard let version = try Int.fetchOne(db, sql: "SELECT version FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) else {
                throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"; import its evidence first")
            }
            var attached: [AttachmentInfo] = []
            for (path, data) in contents {
                let sha = SHA256.hex([UInt8](data))
                try db.run(sql: "INSERT OR IGNORE INTO blob (sha256, size, content) VALUES (?, ?, ?)", arguments: [sha, data.count, data])
                let name = (path as NSString).lastPathComponent
                let info = AttachmentInfo(sha256: sha, originalName: name, mediaType: Self.mediaType(name), size: data.count, uploadedBy: actor,
                                          uploadedAt: self.timestamp(), version: version)
                try db.run(sql: """
                    INSERT INTO attachment (campaign_id, unit_id, version, blob_sha256, original_name, media_type, size, uploaded_by, uploaded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [campaign, unit, version, sha, name, info.mediaType, data.count, actor, info.uploadedAt])
                try self.audit(db, actor, "attach", "attachment", "\(campaign)/\(unit)/v\(version)", new: "\(name) sha256:\(sha) \(data.count) bytes")
                attached.append(info)
            }
            return attached
        }
    }

    static func mediaType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": "application/vnd.ms-excel"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "ofd": "application/ofd"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "txt": "text/plain; charset=utf-8"
        case "yaml", "yml": "application/yaml"
        case "csv": "text/csv"
        case "zip": "application/zip"
        default: "application/octet-stream"
        }
    }

    package func changeState(campaign: String, unit: String, to state: SubmissionState, reason: String?, by actor: String) throws {
        if state == .returned, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError("returning a submission needs the reasons (--reason)")
        }
        try pool.write { db in try self.changeState(db, campaign: campaign, unit: unit, to: state, reason: reason, by: actor) }
    }

    func changeState(_ db: Database, campaign: String, unit: String, to state: SubmissionState, reason: String?, by actor: String) throws {
        do {
            guard let row = try Row.fetchOne(db, sql: "SELECT state, version FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) else {
                _ = try self.campaign(db, campaign)
                throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"")
            }
            let current = SubmissionState(rawValue: row["state"])!
            guard current.next.contains(state) else {
                throw StoreError("a submission that is \(current.rawValue) (\(current.chinese)) cannot become \(state.rawValue); it can become \(current.next.map(\.rawValue).joined(separator: " or "))")
            }
            let version: Int = row["version"]
            try db.run(sql: "UPDATE submission SET state = ? WHERE campaign_id = ? AND unit_id = ?", arguments: [state.rawValue, campaign, unit])
            try db.run(sql: "INSERT INTO submission_event (campaign_id, unit_id, version, from_state, to_state, reason, at, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [campaign, unit, version, current.rawValue, state.rawValue, reason, self.timestamp(), actor])
            try self.audit(db, actor, "state", "submission", "\(campaign)/\(unit)", old: current.rawValue, new: state.rawValue + (reason.map { ": \($0)" } ?? ""))
        }
    }

    /// Each unit's submission, with when it was first submitted and whether that was after the
    /// campaign's submission deadline (judged on the day in UTC+8).
    package func submissions(campaign: String) throws -> [SubmissionInfo] {
        try pool.read { db in
            let info = try self.campaign(db, campaign)
            return try Row.fetchAll(db, sql: """
                SELECT s.unit_id, u.name, s.state, s.version,
                       (SELECT max(at) FROM submission_event e WHERE e.campaign_id = s.campaign_id AND e.unit_id = s.unit_id) AS updated,
                       (SELECT min(at) FROM submission_event e WHERE e.campaign_id = s.campaign_id AND e.unit_id = s.unit_id AND e.to_state = 'submitted') AS submitted
                FROM submission s JOIN unit u ON u.id = s.unit_id WHERE s.campaign_id = ? ORDER BY s.unit_id
                """, arguments: [campaign]).map { row in
                let submitted: String? = row["submitted"]
                var late = false
                if let submitted, let deadline = info.submissionDeadline { late = Self.localDay(submitted) > deadline }
                return SubmissionInfo(unitID: row["unit_id"], unitName: row["name"], state: row["state"], version: row["version"], updatedAt: row["updated"] ?? "",
                                      submittedAt: submitted, late: late)
            }
        }
    }

    /// The day (UTC+8) of a stored UTC timestamp.
    static func localDay(_ timestamp: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: timestamp) else { return String(timestamp.prefix(10)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }

    package func versions(campaign: String, unit: String) throws -> [SubmissionVersion] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.*, i.file_name FROM submission_version v LEFT JOIN import i ON i.id = v.import_id
                WHERE v.campaign_id = ? AND v.unit_id = ? ORDER BY v.version
                """, arguments: [campaign, unit])
            if rows.isEmpty { throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"") }
            return try rows.map { row in
                let version: Int = row["version"]
                let events = try Row.fetchAll(db, sql: "SELECT * FROM submission_event WHERE campaign_id = ? AND unit_id = ? AND version = ? ORDER BY id",
                                              arguments: [campaign, unit, version]).map { e in
                    "\(e["at"] as String) \(e["by"] as String): \(e["from_state"] as String? ?? "—") → \(e["to_state"] as String)" + ((e["reason"] as String?).map { "（\($0)）" } ?? "")
                }
                let attachments = try Row.fetchAll(db, sql: "SELECT * FROM attachment WHERE campaign_id = ? AND unit_id = ? AND version = ? ORDER BY id",
                                                   arguments: [campaign, unit, version]).map(Self.attachment)
                return SubmissionVersion(version: version, createdAt: row["created_at"], createdBy: row["created_by"], evidenceSHA256: row["evidence_sha256"],
                                         importFile: row["file_name"], events: events, attachments: attachments)
            }
        }
    }

    static func attachment(_ a: Row) -> AttachmentInfo {
        AttachmentInfo(sha256: a["blob_sha256"], originalName: a["original_name"], mediaType: a["media_type"], size: a["size"],
                       uploadedBy: a["uploaded_by"], uploadedAt: a["uploaded_at"], version: a["version"])
    }

    package func facts(campaign: String, unit: String, version: Int?) throws -> [StoredFact] {
        try pool.read { db in
            guard let latest = try Int.fetchOne(db, sql: "SELECT version FROM submission WHERE campaign_id = ? AND unit_id = ?", arguments: [campaign, unit]) else {
                throw StoreError("unit \"\(unit)\" has no submission in campaign \"\(campaign)\"")
            }
            let v = version ?? latest
            guard (1...latest).contains(v) else { throw StoreError("unit \"\(unit)\" has versions 1 to \(latest) in campaign \"\(campaign)\", not \(v)") }
            return try Row.fetchAll(db, sql: "SELECT * FROM fact WHERE campaign_id = ? AND unit_id = ? AND version = ? ORDER BY kind, key",
                                    arguments: [campaign, unit, v]).map {
                StoredFact(kind: $0["kind"], key: $0["key"], value: $0["value"], line: $0["line"], quote: $0["quote"])
            }
        }
    }
}
