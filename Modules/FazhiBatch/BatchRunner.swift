package import FazhiCore
public import FazhiBase
import CFazhiKernels
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of batch input, told apart by the file's extension.
public enum BatchFormat: String, Sendable {
    case csv, tsv, jsonl, yaml

    /// `.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`; `.yaml`/`.yml` is evidence (one document per unit).
    package init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { self = .csv }
        else if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { self = .tsv }
        else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { self = .jsonl }
        else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { self = .yaml }
        else { return nil }
    }
}

/// Counts over a whole batch: units per grade, invented units, revocations.
public struct BatchSummary: Sendable {
    public var units = 0
    /// By `CompiledPlan.gradeNames` index.
    package var gradeCounts: [Int]
    package var noGrade = 0
    package var invented = 0
    /// By veto index.
    package var revokedCounts: [Int]
    package let gradeNames: [String]
    package let bandCount: Int
    package let vetoGrades: [String]

    init(_ compiled: CompiledPlan) {
        gradeNames = compiled.gradeNames
        bandCount = compiled.policy.bandCount
        gradeCounts = Array(repeating: 0, count: compiled.gradeNames.count)
        revokedCounts = Array(repeating: 0, count: compiled.vetoCount)
        vetoGrades = compiled.plan.vetoes.map(\.spec.grade)
    }

    /// (grade, units) in band order, then any capped grades that are not bands.
    package var byGrade: [(grade: String, units: Int)] {
        var out = gradeNames.indices.map { (gradeNames[$0], gradeCounts[$0]) }.filter { $0.1 > 0 || gradeNames.firstIndex(of: $0.0)! < bandCount }
        if noGrade > 0 { out.append(("", noGrade)) }
        return out
    }
}

/// Evaluates a batch file against a plan, streaming: per-unit rows go to `sink` in input order, in
/// pieces; memory stays the same whatever the number of units.
///
/// CSV, TSV and JSON Lines are read in chunks of `chunkBytes` by `jobs` workers at once, each with its
/// own buffer (read with `pread`), facts, scratch and output; the chunks of a round are joined in order.
/// A chunk's first record is taken to start after the first newline in its range; the join checks that
/// against where the previous chunk's last record ended, and re-reads the chunk from there when a quoted
/// field held a newline. So any `jobs` gives the same bytes.
public struct BatchRunner: Sendable {
    package let compiled: CompiledPlan
    package var resultFormat: ResultFormat
    package var jobs: Int
    package var chunkBytes: Int
    package var asOf: CalendarDate?
    package var header = true
    /// Reads a file of evidence documents (the `.yaml` batch format). The batch module knows no
    /// document syntax: the front end hands in its reader (FazhiYAML's `EvidenceReader.read(path:)`).
    package var readDocuments: (@Sendable (EvidenceReader, String) throws -> [UnitEvidence])?

    public init(compiled: CompiledPlan, resultFormat: ResultFormat = .csv, jobs: Int = BatchRunner.defaultJobs, chunkBytes: Int = 4 << 20,
                asOf: CalendarDate? = nil) {
        self.compiled = compiled
        self.resultFormat = resultFormat
        self.jobs = max(1, jobs)
        self.chunkBytes = max(1 << 10, chunkBytes)
        self.asOf = asOf
    }

    public static var defaultJobs: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }

    /// Runs the batch in `path`. `sink` receives the output bytes in order. Bad input throws the first
    /// problem in file order, located at its row and column (or line and column).
    public func run(path: String, format: BatchFormat, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> BatchSummary {
        switch format {
        case .yaml: return try runYAML(path: path, sink: sink)
        case .csv, .tsv, .jsonl: return try runChunked(path: path, format: format, sink: sink)
        }
    }

    var asOfDay: Int { (asOf ?? compiled.plan.ruleset.period.lastDay).daysSinceEpoch }

    func runChunked(path: String, format: BatchFormat, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> BatchSummary {
        let fd: Int32, rawSize: Int
        do { (fd, rawSize) = try InputFile.open(path) } catch { throw DiagnosticList([error]) }
        defer { close(fd) }
        let columns = BatchColumns(plan: compiled.plan)
        var layout = RowLayout()
        var dataStart = 0
        if let problem = Self.encodingProblem(fd: fd, fileSize: rawSize, path: path) { throw DiagnosticList([problem]) }
        // UTF-8 is read as it is; a GBK/GB18030 file as its UTF-8 text (BatchInput).
        let input: BatchInput
        do { input = try BatchInput(fd: fd, size: rawSize, path: path) } catch { throw DiagnosticList([error]) }
        let fileSize = input.size
        if format == .jsonl {
            dataStart = Self.bomLength(input)
        } else {
            (layout, dataStart) = try readHeader(input, path: path, format: format, columns: columns)
        }
        let writer = ResultWriter(compiled, format: resultFormat)
        let headerOut = OutputBytes(capacity: 256)
        if header { writer.header(into: headerOut) }
        if headerOut.count > 0 { try sink(headerOut.bytes) }

        // More workers than threads, so that a thread can start the next chunk while an earlier one
        // waits to be joined in order.
        let workers = (0..<(jobs + min(jobs, 2))).map { _ in
            ChunkWorker(compiled: compiled, columns: columns, writer: writer, layout: layout, format: format, input: input,
                        fileSize: fileSize, dataStart: dataStart, chunkBytes: chunkBytes, asOfDay: asOfDay)
        }
        let chunks = fileSize > dataStart ? (fileSize - dataStart + chunkBytes - 1) / chunkBytes : 0
        let join = ChunkJoin(runner: self, path: path, format: format, dataStart: dataStart, fileSize: fileSize, sink: sink)
        try withoutActuallyEscaping(sink) { sink in
            join.sink = UnsafeSendable(sink)
            defer { join.sink = nil } // withoutActuallyEscaping checks that nothing kept it
            try ChunkPipeline(chunks: chunks, workers: workers, join: join).run(jobs: jobs)
        }
        let summary = join.summary
        if summary.units == 0 {
            let what = format == .jsonl ? "the file holds no units (no JSON objects)" : "the file has a header and no rows; expected one row per unit"
            throw DiagnosticList([Diagnostic.error(what, at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return summary
    }

    func diagnostic(_ p: RecordProblem, path: String, format: BatchFormat, recordsBefore: Int) -> Diagnostic {
        let row = recordsBefore + p.localRow
        if format == .jsonl {
            let key = p.columnName.map { "key \"\(Diagnostic.quoted($0))\": " } ?? ""
            return Diagnostic.error("line \(row): \(key)\(p.message)", at: SourceLocation(file: path, line: row, column: p.column), hint: p.hint)
        }
        let column = p.columnName.map { " (\(Diagnostic.quoted($0)))" } ?? ""
        return Diagnostic.error("row \(row), column \(p.column)\(column): \(p.message)", at: SourceLocation(file: path, line: row, column: p.column), hint: p.hint)
    }

    static func bomLength(_ input: BatchInput) -> Int {
        var bom: (UInt8, UInt8, UInt8) = (0, 0, 0)
        guard input.size >= 3, withUnsafeMutableBytes(of: &bom, { input.read(into: $0.baseAddress!, count: 3, at: 0) }) == 3 else { return 0 }
        return bom == (0xEF, 0xBB, 0xBF) ? 3 : 0
    }

    /// A file in another encoding than UTF-8, named as such: UTF-16 or UTF-32 (a byte order mark, or
    /// the zero bytes ASCII has in them), rather than a confusing message about its first column.
    static func encodingProblem(fd: Int32, fileSize: Int, path: String) -> Diagnostic? {
        var head = [UInt8](repeating: 0, count: min(fileSize, 64))
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got > 0 else { return nil }
        head.removeLast(head.count - got)
        let at = SourceLocation(file: path, line: 1, column: 1)
        let save = "save it as UTF-8 (Excel: CSV UTF-8; WPS: UTF-8)"
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return Diagnostic.error("the file is UTF-16 (it starts with a UTF-16 byte order mark); expected UTF-8", at: at, hint: save)
        }
        if head.contains(0) {
            return Diagnostic.error("the file has zero bytes near its start: UTF-16 or UTF-32 text, or not text at all; expected UTF-8", at: at, hint: save)
        }
        return nil
    }

    /// The header record: column names resolved to roles. Every unknown column is reported at once.
    func readHeader(_ input: BatchInput, path: String, format: BatchFormat, columns: BatchColumns) throws -> (RowLayout, Int) {
        let start = Self.bomLength(input)
        let fileSize = input.size
        var window = 1 << 16
        let delimiter: UInt8 = format == .tsv ? 0x09 : 0x2C
        while true {
            let n = min(window, fileSize - start)
            var bytes = [UInt8](repeating: 0, count: max(0, n))
            let got = bytes.withUnsafeMutableBytes { input.read(into: $0.baseAddress!, count: n, at: start) }
            if got < n { bytes.removeLast(n - max(0, got)) }
            let atEOF = start + bytes.count >= fileSize
            guard let (fields, length) = Self.splitRecord(bytes, delimiter: delimiter, atEOF: atEOF) else {
                if atEOF { throw DiagnosticList([Diagnostic.error("the header's quoted field is not closed", at: SourceLocation(file: path, line: 1, column: 1))]) }
                window *= 4
                continue
            }
            if let bad = bytes.withUnsafeBufferPointer({ UTF8Check.firstInvalidOffset(UnsafeBufferPointer(rebasing: $0[0..<length])) }) {
                throw DiagnosticList([Diagnostic.error("the header is not UTF-8 (byte \(start + bad + 1) of the file), though the file starts with a UTF-8 byte order mark; expected UTF-8",
                                                       at: SourceLocation(file: path, line: 1, column: 1), hint: "save it as UTF-8 (Excel: CSV UTF-8; WPS: UTF-8), or as GBK (Excel: CSV 逗号分隔) without a byte order mark")])
            }
            if fields.count == 1, fields[0].isEmpty {
                throw DiagnosticList([Diagnostic.error("the file is empty; expected a header row (id, name, level, metrics, indicators) and one row per unit",
                                                       at: SourceLocation(file: path, line: 1, column: 1))])
            }
            var layout = RowLayout()
            var problems: [Diagnostic] = []
            var seenSlots: [Int: Int] = [:]
            var seenUnit: [String: Int] = [:]
            for (i, field) in fields.enumerated() {
                switch columns.role(of: field) {
                case .success(let role):
                    layout.append(field, role)
                    let slot = layout.slots[i]
                    let kind = layout.kinds[i]
                    var duplicateOf: Int?
                    if slot >= 0, kind != .unused { duplicateOf = seenSlots[slot]; seenSlots[slot] = seenSlots[slot] ?? i }
                    if [.id, .name, .parent, .invented, .level].contains(kind) {
                        let key = "\(kind)"
                        duplicateOf = duplicateOf ?? seenUnit[key]
                        seenUnit[key] = seenUnit[key] ?? i
                    }
                    if let first = duplicateOf {
                        problems.append(Diagnostic.error("column \(i + 1) (\(Diagnostic.quoted(field))) gives the same value as column \(first + 1) (\(Diagnostic.quoted(fields[first]))); expected each once",
                                                         at: SourceLocation(file: path, line: 1, column: i + 1)))
                    }
                case .failure(let unknown):
                    layout.append(field, .unused)
                    problems.append(Diagnostic.error("header, column \(i + 1): \(unknown.message)", at: SourceLocation(file: path, line: 1, column: i + 1), hint: unknown.hint))
                }
            }
            if !layout.kinds.contains(.id) {
                problems.append(Diagnostic.error("the header has no unit id column; expected \"id\" or \"单位编号\"", at: SourceLocation(file: path, line: 1, column: 1)))
            }
            if !problems.isEmpty { throw DiagnosticList(problems) }
            return (layout, start + length)
        }
    }

    /// Splits the first record of `bytes` into unescaped fields; nil when it does not end in `bytes`.
    static func splitRecord(_ bytes: [UInt8], delimiter: UInt8, atEOF: Bool) -> ([String], Int)? {
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    if i + 1 >= bytes.count, !atEOF { return nil }
                    quoted = false
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case 0x22 where field.isEmpty: quoted = true
            case delimiter:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
            case 0x0A:
                if field.last == 0x0D { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, i + 1)
            default: field.append(c)
            }
            i += 1
        }
        if quoted || !atEOF { return nil }
        if field.last == 0x0D { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, bytes.count)
    }

    /// YAML evidence (one document per unit): read with `EvidenceReader`, scored with `Scorer` (YAML may
    /// carry exemptions and sources, which the full scorer handles), written in the same row format.
    func runYAML(path: String, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> BatchSummary {
        let plan = compiled.plan
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        guard let readDocuments else {
            throw DiagnosticList([Diagnostic.error("\(path): this front end reads no evidence documents; expected a CSV, TSV or JSON Lines batch", at: nil)])
        }
        let units = try readDocuments(reader, path)
        let scorer = Scorer(plan: plan)
        let writer = ResultWriter(compiled, format: resultFormat)
        let out = OutputBytes()
        if header { writer.header(into: out) }
        var summary = BatchSummary(compiled)
        let scratch = ScoringScratch(compiled)
        for unit in units {
            let result = scorer.evaluate(unit)
            var s = UnitScore()
            s.met = result.tally.met
            s.partial = result.tally.partial
            s.unmet = result.tally.unmet
            s.notApplicable = result.tally.notApplicable
            s.noEvidence = result.tally.noEvidence
            s.error = result.tally.error
            s.counted = result.counted
            s.halves = Int(result.score.numerator)
            s.value = result.score.value
            s.adjustment = result.score.adjustment
            s.grade = compiled.gradeNames.firstIndex(of: result.grade) ?? -1
            for (v, veto) in result.vetoes.enumerated() where veto.triggered && veto.spec.effect == .revoke { s.revokedMask |= 1 << UInt64(v) }
            for r in result.indicators { scratch.states[r.position] = r.outcome.state }
            scratch.collectLists()
            var id = result.unit.id, name = result.unit.name
            id.withUTF8 { idBytes in
                name.withUTF8 { nameBytes in
                    writer.row(id: idBytes, name: nameBytes, invented: result.invented, score: s, scratch: scratch, into: out)
                }
            }
            summary.units += 1
            if s.grade >= 0 { summary.gradeCounts[s.grade] += 1 } else { summary.noGrade += 1 }
            if result.invented { summary.invented += 1 }
            for v in summary.revokedCounts.indices where s.revokedMask & (1 << UInt64(v)) != 0 { summary.revokedCounts[v] += 1 }
            if out.count > 1 << 20 {
                try sink(out.bytes)
                out.removeAll()
            }
        }
        try sink(out.bytes)
        return summary
    }
}

/// Hands non-Sendable values to `concurrentPerform` (workers, the sink); see where it is used for why
/// each is touched by one thread at a time.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The 64-bit hashes of the unit ids seen so far, in an open-addressed table with linear probing.
/// Written by hand because `Set<UInt64>` would hash every key again with SipHash, and this insert runs
/// once per unit on the thread that joins the workers' chunks, while they wait; the keys are already
/// hashes (FNV-1a, mixed once more here so that the low bits spread).
struct IDHashSet {
    private var slots: [UInt64]
    private var mask: Int
    private var count = 0

    /// Small at first: `reserve` sizes it once the first chunk tells how many units to expect.
    init() {
        slots = Array(repeating: 0, count: 1024)
        mask = 1023
    }

    /// Makes room for `expected` keys in all (at most ¾ full), now rather than by doubling later.
    mutating func reserve(_ expected: Int) {
        var capacity = slots.count
        while capacity * 3 < expected * 4 { capacity <<= 1 }
        if capacity > slots.count { rehash(capacity) }
    }

    /// Adds `hash`; false when it was there already. 0 marks an empty slot, so key 0 is stored as 1.
    mutating func insert(_ hash: UInt64) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let key = hash == 0 ? 1 : hash
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while true {
            let k = slots[i]
            if k == 0 {
                slots[i] = key
                count += 1
                return true
            }
            if k == key { return false }
            i = (i + 1) & mask
        }
    }

    /// Adds `hashes` in order; the position of the first that was there already (or repeats an
    /// earlier one), or nil. After a duplicate the rest are not added.
    mutating func insert(contentsOf hashes: UnsafeBufferPointer<UInt64>) -> Int? {
        guard let base = hashes.baseAddress, !hashes.isEmpty else { return nil }
        while (count + hashes.count) * 4 > slots.count * 3 { grow() }
        var added = count
        let mask = self.mask
        let at = slots.withUnsafeMutableBufferPointer { fz_hash_insert($0.baseAddress!, mask, base, hashes.count, &added) }
        count = added
        return at < hashes.count ? at : nil
    }

    private mutating func grow() { rehash(slots.count * 2) }

    private mutating func rehash(_ capacity: Int) {
        let old = slots
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        count = 0
        for key in old where key != 0 { _ = insert(key) }
    }
}

/// Joins the workers' chunks in file order (one at a time, from whichever thread `ChunkPipeline` lets):
/// checks that each chunk started where the previous one ended (re-reading it from there when a quoted
/// field held a newline), reports its first problem, refuses a unit id seen before, writes its rows
/// and adds up its counts.
final class ChunkJoin: @unchecked Sendable {
    let runner: BatchRunner
    let path: String
    let format: BatchFormat
    let fileSize: Int
    var sink: UnsafeSendable<(UnsafeRawBufferPointer) throws -> Void>?
    var summary: BatchSummary
    var expected: Int
    var recordsBefore: Int
    /// Every unit id seen so far (as a 64-bit hash): a duplicate anywhere in the batch is an error.
    var seenIDs: IDHashSet

    init(runner: BatchRunner, path: String, format: BatchFormat, dataStart: Int, fileSize: Int,
         sink: (UnsafeRawBufferPointer) throws -> Void) {
        self.runner = runner
        self.path = path
        self.format = format
        summary = BatchSummary(runner.compiled)
        expected = dataStart
        recordsBefore = format == .jsonl ? 0 : 1
        seenIDs = IDHashSet()
        self.fileSize = fileSize
    }

    func join(_ worker: ChunkWorker, chunk: Int) throws {
        if worker.firstRecord != expected {
            // The guessed start was inside a quoted field (or the previous chunk's last record ran past
            // this chunk): read it again from where the previous one ended.
            worker.process(chunk: chunk, start: expected)
        }
        if let problem = worker.problem {
            throw DiagnosticList([runner.diagnostic(problem, path: path, format: format, recordsBefore: recordsBefore)])
        }
        if chunk == 0, worker.end > expected {
            // Size the table once for the whole batch, from the first chunk's units per byte (a table
            // grown by doubling would hold its old and new arrays at once, 1.5 times the memory).
            seenIDs.reserve(Int(Double(worker.idHashes.count) * Double(fileSize - expected) / Double(worker.end - expected) * 1.05))
        }
        if let i = worker.idHashes.withUnsafeBufferPointer({ seenIDs.insert(contentsOf: $0) }) {
            let idColumn = format == .jsonl ? 1 : (worker.layout.kinds.firstIndex(of: .id) ?? 0) + 1
            let duplicate = RecordProblem(localRow: Int(worker.idRows[i]), column: idColumn,
                                          message: "this unit id was given on an earlier row; expected each unit once in a batch",
                                          hint: nil, columnName: format == .jsonl ? "id" : worker.layout.names[idColumn - 1])
            throw DiagnosticList([runner.diagnostic(duplicate, path: path, format: format, recordsBefore: recordsBefore)])
        }
        try sink!.value(worker.out.bytes)
        summary.units += worker.rows
        summary.noGrade += worker.noGrade
        summary.invented += worker.invented
        for g in summary.gradeCounts.indices { summary.gradeCounts[g] += worker.gradeCounts[g] }
        for v in summary.revokedCounts.indices { summary.revokedCounts[v] += worker.revokedCounts[v] }
        recordsBefore += worker.records
        expected = worker.end
    }
}

/// Runs the chunks of a batch on `jobs` threads with no barrier between rounds: a thread takes the next
/// chunk as soon as a worker is free, and the thread that finishes the chunk next in file order joins it,
/// then every finished chunk after it. One thread joins at a time (`joining`), so the rows reach the
/// sink in input order whatever `jobs` is; the mutex orders each join's memory after the last.
final class ChunkPipeline: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var freed = pthread_cond_t()
    private let chunks: Int
    private let join: ChunkJoin
    private var free: [ChunkWorker]
    private var done: [Int: ChunkWorker] = [:]
    private var nextChunk = 0
    private var nextJoin = 0
    private var joining = false
    private var failure: (any Error)?

    init(chunks: Int, workers: [ChunkWorker], join: ChunkJoin) {
        self.chunks = chunks
        self.join = join
        free = workers
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&freed, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&freed)
    }

    func run(jobs: Int) throws {
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, chunks))) { _ in work() }
        if let failure { throw failure }
    }

    private func work() {
        pthread_mutex_lock(&mutex)
        while failure == nil, nextChunk < chunks {
            while free.isEmpty, failure == nil { pthread_cond_wait(&freed, &mutex) }
            guard failure == nil else { break }
            let chunk = nextChunk
            nextChunk += 1
            let worker = free.removeLast()
            pthread_mutex_unlock(&mutex)
            worker.process(chunk: chunk)
            pthread_mutex_lock(&mutex)
            done[chunk] = worker
            guard !joining else { continue }
            joining = true
            while failure == nil, let ready = done.removeValue(forKey: nextJoin) {
                let chunk = nextJoin
                pthread_mutex_unlock(&mutex)
                var error: (any Error)?
                do { try join.join(ready, chunk: chunk) } catch let e { error = e }
                pthread_mutex_lock(&mutex)
                if let error { failure = error }
                nextJoin += 1
                free.append(ready)
                pthread_cond_broadcast(&freed)
            }
            joining = false
        }
        pthread_cond_broadcast(&freed)
        pthread_mutex_unlock(&mutex)
    }
}
