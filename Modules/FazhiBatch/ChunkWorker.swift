import FazhiCore
import FazhiBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The columns of a batch as flat arrays, indexed by column number.
struct RowLayout: Sendable {
    enum Kind: UInt8 { case unused, id, name, parent, invented, level, attribute, metric, verdict, event }
    var kinds: [Kind] = []
    var slots: [Int] = []
    var units: [MetricUnit] = []
    var tables: [Int] = []
    var names: [String] = []

    mutating func append(_ name: String, _ role: ColumnRole) {
        names.append(name)
        var slot = -1, unit = MetricUnit.count, table = -1
        let kind: Kind
        switch role {
        case .id: kind = .id
        case .name: kind = .name
        case .parent: kind = .parent
        case .invented: kind = .invented
        case .level(let s, let t): kind = .level; slot = s ?? -1; table = t
        case .attribute(let s, let t): kind = .attribute; slot = s ?? -1; table = t
        case .metric(let s, let u): kind = .metric; slot = s; unit = u
        case .verdict(let s): kind = .verdict; slot = s
        case .event(let s): kind = .event; slot = s
        case .unused: kind = .unused
        }
        kinds.append(kind)
        slots.append(slot)
        units.append(unit)
        tables.append(table)
    }

    var count: Int { kinds.count }

    /// The column that fills `slot` (for locating evidence a check refuses).
    func column(ofSlot slot: Int) -> Int? { slots.firstIndex(of: slot) }
}

/// A problem in one record, kept by a worker until the join decides it is real (a speculative chunk
/// start can be wrong; see `BatchRunner`). Rows are counted within the chunk.
struct RecordProblem: Sendable {
    var localRow: Int
    /// 1-based column (CSV) or character column (JSON Lines).
    var column: Int
    var message: String
    var hint: String?
    /// Lines before the record within the chunk, and the record's own line (JSON Lines: the line).
    var columnName: String?
}

/// One worker: its own input buffer, facts, scratch, output buffer and counts. Reused for every chunk
/// it is given; after the first chunks it allocates nothing.
/// Its mutable state is touched by one thread at a time (the worker's, then the joining thread's after
/// `concurrentPerform` returns), so runtime exclusivity checks are turned off for it.
final class ChunkWorker: @unchecked Sendable {
    let compiled: CompiledPlan
    let columns: BatchColumns
    let writer: ResultWriter
    let layout: RowLayout
    let format: BatchFormat
    let delimiter: UInt8
    let input: BatchInput
    let fileSize: Int
    let dataStart: Int
    let chunkBytes: Int
    let asOfDay: Int
    let scratch: ScoringScratch
    /// Whether a result row is written per unit (not for `ResultFormat.none`).
    let writesRows: Bool
    let out = OutputBytes(capacity: 1 << 20)
    /// Unescaped id and name of the current record, when they were quoted with doubled quotes.
    let idScratch = OutputBytes(capacity: 256)
    let nameScratch = OutputBytes(capacity: 256)
    let cellScratch = OutputBytes(capacity: 256)
    @exclusivity(unchecked) var facts: UnitFacts
    /// The layout's arrays as plain pointers, for the per-cell loop.
    /// Per column (and one more, for fields past the header's), what the fast path reads there.
    let fastColumns: UnsafeMutablePointer<FastColumn>
    let kindOf: UnsafeMutablePointer<RowLayout.Kind>
    let slotOf: UnsafeMutablePointer<Int>
    let unitOf: UnsafeMutablePointer<MetricUnit>
    /// `Cells.monthStarts`, so that reading a date touches no global.
    let monthStarts: UnsafeMutablePointer<Int32>
    /// `Cells.pow10`, for the same reason.
    let pow10: UnsafeMutablePointer<Int64>
    /// Per column, the short words its cells are looked up in (`ShortWord`), or count -1 for none: a
    /// level column's spellings, each with its attribute code; an attribute column's table, with the
    /// yes/no spellings where the ruleset tests it as true/false; the invented column's "no"
    /// spellings. `wordMiss`: the code of a cell that is none of them (-2: not a level), or
    /// `generalLookup` when some of the column's words are too long for the table.
    let words: UnsafeMutablePointer<ShortWord>
    let wordStart: UnsafeMutablePointer<Int>
    let wordCount: UnsafeMutablePointer<Int>
    let wordMiss: UnsafeMutablePointer<Int64>

    // Input window: bytes [bufferStart, bufferStart + bufferCount) of the file.
    @exclusivity(unchecked) var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var bufferCapacity: Int
    @exclusivity(unchecked) var bufferStart = 0
    @exclusivity(unchecked) var bufferCount = 0

    // Results of the last chunk.
    var firstRecord = 0
    var end = 0
    @exclusivity(unchecked) var rows = 0
    /// Records seen in the chunk, blank ones included (for row numbers).
    @exclusivity(unchecked) var records = 0
    @exclusivity(unchecked) var problem: RecordProblem?
    /// A 64-bit hash and the local row of every unit scored, so the join can refuse a duplicate id
    /// (8 + 4 bytes a unit in this chunk; one set of hashes for the whole batch).
    @exclusivity(unchecked) var idHashes: [UInt64] = []
    @exclusivity(unchecked) var idRows: [Int32] = []
    @exclusivity(unchecked) var gradeCounts: [Int]
    @exclusivity(unchecked) var noGrade = 0
    @exclusivity(unchecked) var invented = 0
    @exclusivity(unchecked) var revokedCounts: [Int]

    /// JSON Lines: the role of each key position, with the key bytes it was resolved from.
    var keyCache: [(key: [UInt8], role: Int)] = []
    /// JSON Lines: the line each slot (and each unit field, by kind) was last given on, so that one fact
    /// given twice on a line (by id and by its Chinese name) is refused rather than the later one kept.
    var slotStamps: [Int] = []
    var unitStamps = [Int](repeating: -1, count: 16)
    var lineStamp = 0
    var jsonRoles: [[UInt8]: Int] = [:]
    var jsonLayout = RowLayout()

    static let maxRecordBytes = 16 << 20
    static let generalLookup: Int64 = -3
    /// Bytes allocated past the window's capacity: the fast cell readers load up to 16 bytes
    /// from a cell's start without first finding its end (what they read past the data is never used).
    static let slack = 16

    init(compiled: CompiledPlan, columns: BatchColumns, writer: ResultWriter, layout: RowLayout, format: BatchFormat,
         input: BatchInput, fileSize: Int, dataStart: Int, chunkBytes: Int, asOfDay: Int) {
        self.compiled = compiled
        self.columns = columns
        self.writer = writer
        self.layout = layout
        self.format = format
        delimiter = format == .tsv ? 0x09 : 0x2C
        self.input = input
        self.fileSize = fileSize
        self.dataStart = dataStart
        self.chunkBytes = chunkBytes
        self.asOfDay = asOfDay
        scratch = ScoringScratch(compiled)
        writesRows = writer.format != .none
        facts = UnitFacts(slotCount: compiled.plan.slots.count, asOfDay: asOfDay)
        let n = max(1, layout.count)
        fastColumns = .allocate(capacity: layout.count + 1)
        for i in 0..<layout.count { (fastColumns + i).initialize(to: FastColumn(layout.kinds[i], unit: layout.units[i], slot: layout.slots[i])) }
        (fastColumns + layout.count).initialize(to: FastColumn(.unused, unit: .count, slot: -1))
        kindOf = .allocate(capacity: n)
        slotOf = .allocate(capacity: n)
        unitOf = .allocate(capacity: n)
        for i in 0..<layout.count {
            kindOf[i] = layout.kinds[i]
            slotOf[i] = layout.slots[i]
            unitOf[i] = layout.units[i]
        }
        monthStarts = .allocate(capacity: Cells.monthStarts.count)
        monthStarts.initialize(from: Cells.monthStarts, count: Cells.monthStarts.count)
        pow10 = .allocate(capacity: 8)
        pow10.initialize(from: Cells.pow10, count: 8)
        var all: [ShortWord] = [], starts: [Int] = [], counts: [Int] = [], misses: [Int64] = []
        for col in 0..<layout.count {
            var entries: [([UInt8], Int64)] = [], miss: Int64 = 0
            let table = layout.tables[col], slot = layout.slots[col]
            // What `attributeCode` gives the word, worked out once.
            func code(_ word: [UInt8]) -> Int64 { slot >= 0 ? columns.attributeCode(word, word.count, table: table) : 0 }
            switch layout.kinds[col] {
            case .level:
                entries = Cells.levels.map { ($0, code($0)) }
                miss = -2
            case .attribute where slot >= 0 && table >= 0:
                let words = columns.attributeTables[table].map(\.bytes) + (columns.attributeIsBoolean[table] ? Cells.trueSpellings + Cells.falseSpellings : [])
                entries = words.map { ($0, code($0)) }
                miss = columns.attributeIsBoolean[table] ? -1 : 0
            case .invented:
                entries = Cells.falseSpellings.map { ($0, 0) }
                miss = 1
            default:
                break
            }
            let short = entries.compactMap { ShortWord($0.0, code: $0.1) }
            starts.append(all.count)
            counts.append(entries.isEmpty ? -1 : short.count)
            // Some words too long for the table (县（市、区）): a cell none of the others is goes to the
            // general lookup.
            misses.append(short.count < entries.count ? ChunkWorker.generalLookup : miss)
            all += short
        }
        words = .allocate(capacity: max(1, all.count))
        words.initialize(from: all, count: all.count)
        wordStart = .allocate(capacity: n)
        wordStart.initialize(from: starts, count: starts.count)
        wordCount = .allocate(capacity: n)
        wordCount.initialize(from: counts, count: counts.count)
        wordMiss = .allocate(capacity: n)
        wordMiss.initialize(from: misses, count: misses.count)
        bufferCapacity = chunkBytes + (64 << 10)
        buffer = .allocate(capacity: bufferCapacity + Self.slack)
        gradeCounts = Array(repeating: 0, count: compiled.gradeNames.count)
        revokedCounts = Array(repeating: 0, count: compiled.vetoCount)
    }

    deinit {
        buffer.deallocate()
        fastColumns.deallocate()
        kindOf.deallocate()
        slotOf.deallocate()
        unitOf.deallocate()
        monthStarts.deallocate()
        pow10.deallocate()
        words.deallocate()
        wordStart.deallocate()
        wordCount.deallocate()
        wordMiss.deallocate()
    }

    /// Reads file bytes [from, to) into the window (replacing it).
    func load(from: Int, to: Int) {
        let n = max(0, min(to, fileSize) - from)
        if n > bufferCapacity {
            buffer.deallocate()
            bufferCapacity = n
            buffer = .allocate(capacity: n + Self.slack)
        }
        bufferStart = from
        bufferCount = readFully(into: buffer, count: n, at: from)
    }

    /// Extends the window by at least `extra` bytes past its end.
    func extend(by extra: Int) {
        let wanted = min(fileSize, bufferStart + bufferCount + max(extra, bufferCount)) - bufferStart
        if wanted > bufferCapacity {
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: wanted + Self.slack)
            b.update(from: buffer, count: bufferCount)
            buffer.deallocate()
            buffer = b
            bufferCapacity = wanted
        }
        bufferCount += readFully(into: buffer + bufferCount, count: wanted - bufferCount, at: bufferStart + bufferCount)
    }

    func readFully(into p: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) -> Int {
        var done = 0
        while done < count {
            let r = input.read(into: p + done, count: count - done, at: offset + done)
            if r <= 0 { break }
            done += r
        }
        return done
    }

    func resetCounts() {
        out.removeAll()
        rows = 0
        records = 0
        problem = nil
        idHashes.removeAll(keepingCapacity: true)
        idRows.removeAll(keepingCapacity: true)
        for i in gradeCounts.indices { gradeCounts[i] = 0 }
        for i in revokedCounts.indices { revokedCounts[i] = 0 }
        noGrade = 0
        invented = 0
    }

    /// Processes chunk `index`: the records that start in its byte range. With `start` given, that is the
    /// first record's offset (known from the previous chunk); otherwise the first record is taken to
    /// begin after the first newline in the range, which the join checks.
    func process(chunk index: Int, start knownStart: Int? = nil) {
        resetCounts()
        let nominalStart = dataStart + index * chunkBytes
        let nominalEnd = min(fileSize, nominalStart + chunkBytes)
        var start: Int
        if let knownStart {
            start = knownStart
            load(from: start, to: nominalEnd + (64 << 10))
        } else if nominalStart == dataStart {
            start = dataStart
            load(from: start, to: nominalEnd + (64 << 10))
        } else {
            load(from: nominalStart - 1, to: nominalEnd + (64 << 10))
            var i = 0
            while true {
                while i < bufferCount, buffer[i] != 0x0A { i += 1 }
                if i < bufferCount || bufferStart + bufferCount >= fileSize { break }
                extend(by: 64 << 10)
            }
            start = min(fileSize, bufferStart + i + 1)
        }
        firstRecord = start
        var pos = start
        while pos < nominalEnd, problem == nil {
            let next: Int?
            switch format {
            case .csv, .tsv: next = csvRecord(at: pos)
            case .jsonl: next = jsonRecord(at: pos)
            case .yaml: next = nil
            }
            guard let next else { break }
            pos = next
        }
        end = max(pos, start)
    }

    /// Parses, scores and writes the record at absolute offset `at`; returns the next record's offset,
    /// or nil after a problem (kept in `problem`).
    func csvRecord(at: Int) -> Int? {
        while true {
            let local = at - bufferStart
            let atEOF = bufferStart + bufferCount >= fileSize
            switch parseCSV(buffer, local, bufferCount, atEOF: atEOF) {
            case .record(let next, let id, let name, let inventedFlag):
                finishRecord(id: id, name: name, invented: inventedFlag)
                records += 1
                return problem == nil ? bufferStart + next : nil
            case .blank(let next):
                records += 1
                return bufferStart + next
            case .needMore:
                if bufferCount - local >= Self.maxRecordBytes {
                    problem = RecordProblem(localRow: records + 1, column: 1, message: "the record is longer than 16 MB; a quoted field may not be closed", hint: nil)
                    return nil
                }
                // Move the record to the front of the window, then read more.
                if local > 0 {
                    buffer.update(from: buffer + local, count: bufferCount - local)
                    bufferStart += local
                    bufferCount -= local
                }
                extend(by: 64 << 10)
            case .problem(let p):
                problem = p
                return nil
            }
        }
    }

    enum Parsed {
        case record(next: Int, id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, invented: Bool)
        case blank(next: Int)
        case needMore
        case problem(RecordProblem)
    }

    /// One CSV record from `p[pos..<limit]` into `facts`. No `String` unless the record is bad.
    @inline(__always)
    func parseCSV(_ p: UnsafeMutablePointer<UInt8>, _ pos: Int, _ limit: Int, atEOF: Bool) -> Parsed {
        facts.values.withUnsafeMutableBufferPointer { values in
            values.update(repeating: missingValue)
            return parseFields(p, pos, limit, atEOF: atEOF, values: values)
        }
    }

    /// The loop of `parseCSV`, a method of its own so that its counters are locals in registers (a
    /// closure would capture them in memory, one load and store per field).
    @inline(never)
    func parseFields(_ p: UnsafeMutablePointer<UInt8>, _ pos: Int, _ limit: Int, atEOF: Bool,
                     values: UnsafeMutableBufferPointer<Int64>) -> Parsed {
        let delimiter = self.delimiter
        let ncols = layout.count
        var id = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var name = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var inventedFlag = false
        var hasID = false
        var idColumn = 0
        var i = pos
        var col = 0
        var lastLength = 0
        let kinds = kindOf, slots = slotOf, units = unitOf
        let fast = fastColumns
        if pos + 2 < limit, p[pos] == 0xEF, let problem = textProblem(id: id, name: name, record: p + pos, idColumn: 0) { return .problem(problem) }
        do {
                    fields: while true {
                        // The common cells, parsed while they are scanned: a plain decimal, met /
                        // partial / unmet, a YYYY-MM-DD date, each followed by the delimiter or LF.
                        // Anything else (and any value its unit refuses) takes the general path below.
                        // The fast readers may look past `limit` (into the slack); what they
                        // find there is refused by the test of the byte after the cell.
                        if fast[min(col, ncols)].kind == FastColumn.number {
                            // A run of plain decimals, in a loop of its own (`numberRun`); a number cell
                            // it stops at is one no fast reader takes.
                            let run = Self.numberRun(p, i, col, limit: limit, ncols: ncols, delimiter: delimiter, fast: fast,
                                                     values: values.baseAddress!, pow10: pow10)
                            if run.col != col {
                                (i, col, lastLength) = (run.i, run.col, 1)
                                if run.endOfRecord { break fields }
                            }
                        }
                        let column = fast[min(col, ncols)]
                        var value: Int64 = missingValue
                        var j = i
                        switch column.kind {
                        case FastColumn.verdict:
                            let (verdict, length) = Cells.fastVerdict(p + j)
                            if length > 0 { value = verdict; j &+= length }
                        case FastColumn.date:
                            if j &+ 10 <= limit, let day = Cells.fastDate(p + j, monthStarts: monthStarts) { value = day; j &+= 10 }
                        default:
                            break
                        }
                        if value != missingValue, j < limit {
                            let next = p[j]
                            if next == delimiter || next == 0x0A {
                                values[Int(column.slot)] = value
                                lastLength = 1
                                col &+= 1
                                i = j &+ 1
                                if next == delimiter { continue fields }
                                break fields
                            }
                        }
                        var fs: Int, fl: Int
                        var escaped = false
                        if i < limit, p[i] == 0x22 {
                            var j = i + 1
                            while true {
                                if j >= limit {
                                    if atEOF { return .problem(RecordProblem(localRow: records + 1, column: col + 1, message: "a quoted field is not closed before the end of the file", hint: nil)) }
                                    return .needMore
                                }
                                if p[j] == 0x22 {
                                    if j + 1 < limit, p[j + 1] == 0x22 { escaped = true; j += 2; continue }
                                    if j + 1 >= limit, !atEOF { return .needMore }
                                    break
                                }
                                j += 1
                            }
                            fs = i + 1
                            fl = j - fs
                            i = j + 1
                            if i < limit, p[i] != delimiter, p[i] != 0x0A, !(p[i] == 0x0D && (i + 1 >= limit || p[i + 1] == 0x0A)) {
                                return .problem(RecordProblem(localRow: records + 1, column: col + 1, message: "text after a quoted field's closing quote; expected \(delimiter == 0x09 ? "a tab" : "a comma") or the end of the row", hint: "write a quote inside a quoted field as two quotes (\"\")"))
                            }
                            if i < limit, p[i] == 0x0D { i += 1 }
                        } else {
                            var j = i
                            while j < limit {
                                let c = p[j]
                                if c == delimiter || c == 0x0A { break }
                                j += 1
                            }
                            if j >= limit, !atEOF { return .needMore }
                            fs = i
                            fl = j - i
                            if fl > 0, p[j - 1] == 0x0D, j >= limit || p[j] == 0x0A { fl -= 1 }
                            i = j
                        }
                        lastLength = fl
                        if col < ncols {
                            let slot = slots[col]
                            switch kinds[col] {
                            case .metric, .verdict, .event:
                                if fl > 0 {
                                    let (tp, tn) = Cells.trim(p + fs, fl)
                                    if tn > 0, let problem = apply(kinds[col], slot: slot, unit: units[col], tp, tn, values: values) {
                                        return .problem(cellProblem(problem, p + fs, fl, col, unit: kinds[col] == .metric ? units[col] : nil))
                                    }
                                }
                            case .id:
                                let (tp, tn) = escaped ? unescape(p + fs, fl, into: idScratch) : Cells.trim(p + fs, fl)
                                id = UnsafeBufferPointer(start: tp, count: tn)
                                hasID = tn > 0
                                idColumn = col
                            case .name:
                                let (tp, tn) = escaped ? unescape(p + fs, fl, into: nameScratch) : Cells.trim(p + fs, fl)
                                name = UnsafeBufferPointer(start: tp, count: tn)
                            case .invented:
                                let (tp, tn) = Cells.trim(p + fs, fl)
                                let code = tn <= 16 && wordCount[col] >= 0 ? ShortWord.find(tp, tn, in: words + wordStart[col], count: wordCount[col]) ?? wordMiss[col] : Self.generalLookup
                                inventedFlag = code == Self.generalLookup ? Cells.invented(tp, tn) : tn > 0 && code != 0
                            case .level, .attribute:
                                let (tp, tn) = escaped ? unescape(p + fs, fl, into: cellScratch) : Cells.trim(p + fs, fl)
                                // A cell in the window (16 bytes readable past it) looked up in the
                                // column's short words; the general lookup below for the rest.
                                let code = !escaped && tn <= 16 && wordCount[col] >= 0 ? ShortWord.find(tp, tn, in: words + wordStart[col], count: wordCount[col]) ?? wordMiss[col] : Self.generalLookup
                                if tn > 0, code != Self.generalLookup {
                                    if code == -2 { return .problem(cellProblem(.unknownLevel, tp, tn, col)) }
                                    if code == -1 { return .problem(cellProblem(.notBoolean, tp, tn, col)) }
                                    if slot >= 0 { values[slot] = code }
                                } else if tn > 0 {
                                    if kinds[col] == .level, !Cells.levels.contains(where: { Cells.equals(tp, tn, $0) }) {
                                        return .problem(cellProblem(.unknownLevel, tp, tn, col))
                                    }
                                    if slot >= 0 {
                                        let code = columns.attributeCode(tp, tn, table: layout.tables[col])
                                        if code < 0 { return .problem(cellProblem(.notBoolean, tp, tn, col)) }
                                        values[slot] = code
                                    }
                                }
                            case .parent, .unused:
                                break
                            }
                        }
                        col += 1
                        if i >= limit { i = limit; break }
                        if p[i] == delimiter { i += 1; continue }
                        // A newline (after an optional CR).
                        i += 1
                        break
                    }
                    if col == 1, lastLength == 0, ncols > 1 { return .blank(next: i) }
                    if col != ncols {
                        return .problem(RecordProblem(localRow: records + 1, column: min(col, ncols) + (col > ncols ? 1 : 0),
                                                      message: "the row has \(col) field\(col == 1 ? "" : "s"); the header has \(ncols)", hint: col > ncols ? "quote a field that holds \(delimiter == 0x09 ? "a tab" : "a comma")" : nil))
                    }
                    if !hasID { return .problem(cellProblem(.emptyID, p + pos, 0, idColumn)) }
                    if let problem = textProblem(id: id, name: name, record: p + pos, idColumn: idColumn) { return .problem(problem) }
                    return .record(next: i, id: id, name: name, invented: inventedFlag)
        }
    }

    /// The plain decimal cells from `i` (column `col`) on, each read into its slot while its unit
    /// allows it, as the fast path of `parseFields` reads one: a loop with few live values, so that they
    /// stay in registers (inside `parseFields`, with the general path's state around it, they did not).
    /// Empty cells between two delimiters are passed over (no evidence). Returns where it stopped: at the
    /// start of a cell it does not take (for `parseFields`'s readers), or after the newline that ends the
    /// record.
    @inline(never)
    static func numberRun(_ p: UnsafePointer<UInt8>, _ start: Int, _ startColumn: Int, limit: Int, ncols: Int, delimiter: UInt8,
                          fast: UnsafePointer<FastColumn>, values: UnsafeMutablePointer<Int64>,
                          pow10: UnsafePointer<Int64>) -> (i: Int, col: Int, endOfRecord: Bool) {
        var i = start, col = startColumn
        while true {
            let column = fast[min(col, ncols)]
            guard column.kind == FastColumn.number else { return (i, col, false) }
            // An empty cell before the next one (about 2% of an export's): no evidence, the slot stays
            // as the record started it. Tested only when the cell does not start with a digit.
            if p[i] &- 0x30 > 9, p[i] == delimiter, i < limit {
                col &+= 1
                i &+= 1
                continue
            }
            guard let (raw, length, fraction) = Cells.fastDecimal(p + i, pow10: pow10),
                  raw <= column.max, !(column.whole && fraction), !column.oneByte || length == 1 else { return (i, col, false) }
            let j = i &+ length
            guard j < limit else { return (i, col, false) }
            let next = p[j]
            guard next == delimiter || next == 0x0A else { return (i, col, false) }
            values[Int(column.slot)] = raw
            col &+= 1
            i = j &+ 1
            if next == 0x0A { return (i, col, true) }
        }
    }

    /// The checks on the text a row copies into the output: a byte order mark at the start of a record
    /// (two exported files pasted together: it would stay, invisible, in the unit id), and an id or
    /// name that is not UTF-8. Only the two fields are scanned, and ASCII a word at a time.
    func textProblem(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, record: UnsafePointer<UInt8>, idColumn: Int) -> RecordProblem? {
        if record[0] == 0xEF, record[1] == 0xBB, record[2] == 0xBF {
            return RecordProblem(localRow: records + 1, column: 1, message: "a byte order mark (U+FEFF) starts this row, in the middle of the file; two exported files pasted together?",
                                 hint: "remove it (and the second file's header row, if it has one)")
        }
        for (field, kind) in [(id, RowLayout.Kind.id), (name, .name)] where field.count > 0 {
            if let bad = UTF8Check.firstInvalidOffset(field) {
                let col = (format == .jsonl ? jsonLayout : layout).kinds.firstIndex(of: kind) ?? idColumn
                return RecordProblem(localRow: records + 1, column: format == .jsonl ? 1 : col + 1,
                                     message: "the \(kind == .id ? "unit id" : "unit name") is not valid UTF-8 (byte \(bad + 1) of the field); expected UTF-8 text, as the start of the file is (a file is read as GBK/GB18030 only when its start is not UTF-8)",
                                     hint: "save the whole file in one encoding: UTF-8 (Excel: CSV UTF-8; WPS: UTF-8) or GBK (Excel: CSV 逗号分隔)",
                                     columnName: format == .jsonl ? (kind == .id ? "id" : "name") : layout.names[col])
            }
        }
        return nil
    }

    /// Reads a metric, verdict or date cell (trimmed, not empty) into its slot.
    @inline(__always)
    func apply(_ kind: RowLayout.Kind, slot: Int, unit: MetricUnit, _ p: UnsafePointer<UInt8>, _ n: Int,
               values: UnsafeMutableBufferPointer<Int64>) -> CellProblem? {
        let result: Result<Int64, CellProblem>
        switch kind {
        case .metric: result = Cells.metric(p, n, unit: unit)
        case .verdict: result = Cells.verdict(p, n)
        default: result = Cells.date(p, n, monthStarts: monthStarts)
        }
        switch result {
        case .success(let v): values[slot] = v; return nil
        case .failure(let problem): return problem
        }
    }

    /// A quoted field's content with doubled quotes made single, copied into `scratch`.
    func unescape(_ p: UnsafePointer<UInt8>, _ n: Int, into scratch: OutputBytes) -> (UnsafePointer<UInt8>, Int) {
        scratch.removeAll()
        var k = 0
        while k < n {
            scratch.append(p[k])
            k += p[k] == 0x22 && k + 1 < n && p[k + 1] == 0x22 ? 2 : 1
        }
        return Cells.trim(scratch.base, scratch.count)
    }

    func cellProblem(_ problem: CellProblem, _ p: UnsafePointer<UInt8>, _ n: Int, _ col: Int, unit: MetricUnit? = nil) -> RecordProblem {
        let cell = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        let (message, hint) = problem.message(cell: cell, unit: unit)
        return RecordProblem(localRow: records + 1, column: col + 1, message: message, hint: hint, columnName: layout.names[col])
    }

    /// Scores the parsed record and writes its row.
    @inline(__always)
    func finishRecord(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, invented inventedFlag: Bool) {
        // Through a pointer: passing the stored property itself would copy it, retaining and releasing
        // its values for every unit.
        let s = withUnsafeMutablePointer(to: &facts) { compiled.score($0.pointee, scratch: scratch, lists: writesRows) }
        if s.error > 0, let p = evidenceProblem() {
            problem = p
            return
        }
        rows += 1
        // FNV-1a over the id's bytes.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        idHashes.append(hash)
        idRows.append(Int32(truncatingIfNeeded: records + 1))
        if writesRows { writer.row(id: id, name: name, invented: inventedFlag, score: s, scratch: scratch, into: out) }
        if s.grade >= 0 { gradeCounts[s.grade] += 1 } else { noGrade += 1 }
        if inventedFlag { invented += 1 }
        if s.revokedMask != 0 {
            for v in 0..<revokedCounts.count where s.revokedMask & (1 << UInt64(v)) != 0 { revokedCounts[v] += 1 }
        }
    }

    /// Evidence a check refuses (a numerator above its denominator), located at its column.
    func evidenceProblem() -> RecordProblem? {
        for planned in compiled.plan.indicators {
            guard let p = planned.evaluator.evidenceProblem(facts) else { continue }
            let activeLayout = format == .jsonl ? jsonLayout : layout
            let col = activeLayout.column(ofSlot: p.slot)
            return RecordProblem(localRow: records + 1, column: (col ?? 0) + 1, message: "\(planned.indicator.id): \(p.message)", hint: nil,
                                 columnName: col.map { activeLayout.names[$0] })
        }
        return nil
    }
}

/// A column as the CSV fast path sees it: which fast reader applies, what the metric's unit
/// requires of a plain decimal, and the slot. One load per cell.
///
/// Every metric column takes the decimal reader: a rate, a count, a duration, and a yes/no written
/// 1/0 alike, with what its unit allows as data (a largest value, whole numbers, one byte), so that
/// the reader's choice does not vary column to column (a mispredicted jump per cell otherwise). What
/// the data refuse goes to the general reader, which knows every spelling and names the problem.
struct FastColumn {
    static let other: UInt8 = 0, number: UInt8 = 1, verdict: UInt8 = 2, date: UInt8 = 3

    var kind: UInt8
    /// Counts: no fraction. Yes/no: the one byte 1 or 0.
    var whole: Bool
    var oneByte: Bool
    var slot: Int32
    /// The largest value (×10⁶) the fast path takes: 1 for a rate or a yes/no, 100 for a score.
    var max: Int64

    init(_ kind: RowLayout.Kind, unit: MetricUnit, slot: Int) {
        self.slot = Int32(truncatingIfNeeded: Swift.max(slot, 0))
        (whole, oneByte, max) = (false, false, .max)
        switch kind {
        case .metric:
            self.kind = Self.number
            switch unit {
            case .percent: max = fixedScale
            case .count: whole = true
            case .score: max = 100 * fixedScale
            case .boolean: max = fixedScale; oneByte = true
            case .days, .working_days, .hours, .minutes: break
            }
        case .verdict: self.kind = Self.verdict
        case .event: self.kind = Self.date
        default: self.kind = Self.other
        }
    }
}
