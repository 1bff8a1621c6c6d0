public import FazhiBase
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A sheet of a workbook, in the workbook's order.
public struct SheetInfo: Sendable, Hashable {
    public var name: String
    public var hidden: Bool
    /// The part holding its XML (`xl/worksheets/sheet1.xml`).
    var part: String
}

/// What reading a whole sheet found besides its rows.
public struct SheetSummary: Sendable {
    public var rows = 0
    public var cells = 0
    public var merged: [CellRange] = []
    /// Whether the sheet's autofilter filters some column (rows it hides are then the filter's).
    public var filtered = false
}

/// Reads an xlsx workbook: the container through ZIPFoundation, the parts with Foundation's SAX
/// parser (`XMLParser`). Sheets are streamed row by row to a callback, never built as a tree: a sheet
/// part is extracted in chunks to a temporary file and parsed from an `InputStream`, so memory does not
/// grow with the number of rows. Shared strings are held (cells refer to them by index).
///
/// Every problem is a `Diagnostic`: at the file for the container and parts, at `file.xlsx:Sheet!C12`
/// for a cell.
public final class WorkbookReader {
    /// The file's name as the user gave it.
    public let file: String
    public let limits: SheetLimits
    public private(set) var sheets: [SheetInfo] = []
    /// Whether dates count from 1904-01-01 (old Mac Excel) instead of 1900-01-01.
    public private(set) var date1904 = false
    private let archive: Archive
    private var sharedStrings: [String]?
    private var formats: [NumberFormatKind] = []

    public init(path: String, limits: SheetLimits = .default) throws(Diagnostic) {
        file = path
        self.limits = limits
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsm") || lower.hasSuffix(".xltm") {
            throw Diagnostic.error("\(path): a macro-enabled workbook (.xlsm) is not read, so that no macro travels with the evidence; expected an .xlsx workbook",
                                   at: nil, hint: "in Excel or WPS: 文件 → 另存为 → Excel 工作簿 (*.xlsx)")
        }
        var head = [UInt8](repeating: 0, count: 8)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Diagnostic.error("\(path): cannot open the file", at: nil)
        }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: 0)
        let got = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        for (i, b) in got.enumerated() { head[i] = b }
        if got.count >= 4, head[0] == 0xD0, head[1] == 0xCF, head[2] == 0x11, head[3] == 0xE0 {
            throw Diagnostic.error("\(path): this is an old binary Excel workbook (.xls) or a password-protected one; expected an .xlsx workbook",
                                   at: nil, hint: "in Excel or WPS: 文件 → 另存为 → Excel 工作簿 (*.xlsx), without a password")
        }
        guard got.count >= 4, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03 || head[2] == 0x05, head[3] == 0x04 || head[3] == 0x06 else {
            throw Diagnostic.error("\(path): not an xlsx workbook (an xlsx file is a zip archive; this one does not start like one)", at: nil,
                                   hint: "save the spreadsheet as Excel 工作簿 (*.xlsx)")
        }
        if Int64(size) > limits.maxFileBytes {
            throw Diagnostic.error("\(path): the file is \(size >> 20) MiB; expected at most \(limits.maxFileBytes >> 20) MiB", at: nil)
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Diagnostic.error("\(path): the file is damaged or incomplete (its zip directory cannot be read); expected a complete .xlsx workbook", at: nil,
                                   hint: "copy the file again, or open it in Excel or WPS and save it again")
        }
        if archive["xl/vbaProject.bin"] != nil {
            throw Diagnostic.error("\(path): the workbook holds macros (xl/vbaProject.bin); expected a workbook without macros", at: nil,
                                   hint: "in Excel or WPS: 文件 → 另存为 → Excel 工作簿 (*.xlsx)")
        }
        try readWorkbook()
    }

    // MARK: Parts

    /// A whole (small) part, checked against its cap.
    func part(_ path: String, limit: Int64) throws(Diagnostic) -> Data? {
        guard let entry = archive[path] else { return nil }
        try check(entry, limit: limit)
        var data = Data()
        var utf8 = UTF8Stream()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if Int64(data.count) > limit { throw PartTooLarge() }
                if let bad = utf8.feed(chunk) { throw NotUTF8(offset: bad) }
            }
            if let bad = utf8.finish() { throw NotUTF8(offset: bad) }
        } catch is PartTooLarge {
            throw tooLarge(path, limit: limit)
        } catch let e as NotUTF8 {
            throw notUTF8(path, e.offset)
        } catch {
            throw Diagnostic.error("\(file): part \(path) is damaged (\(error)); expected a complete .xlsx workbook", at: nil,
                                   hint: "open it in Excel or WPS and save it again")
        }
        return data
    }

    private struct PartTooLarge: Error {}
    private struct NotUTF8: Error { var offset: Int }

    private func notUTF8(_ path: String, _ offset: Int) -> Diagnostic {
        Diagnostic.error("\(file): part \(path) is not UTF-8 text (at byte \(offset)); expected a workbook saved by a spreadsheet program (the file may be damaged)",
                         at: nil, hint: "open it in Excel or WPS and save it again")
    }

    private func tooLarge(_ path: String, limit: Int64) -> Diagnostic {
        Diagnostic.error("\(file): part \(path) is larger than \(limit >> 20) MiB uncompressed (a zip bomb, or far more data than a workbook of evidence holds); expected at most \(limit >> 20) MiB",
                         at: nil)
    }

    private func check(_ entry: Entry, limit: Int64) throws(Diagnostic) {
        let declared = Int64(clamping: entry.uncompressedSize)
        if declared > limit { throw tooLarge(entry.path, limit: limit) }
        let compressed = max(1, Int64(clamping: entry.compressedSize))
        if declared > 1 << 20, declared / compressed > limits.maxCompressionRatio {
            throw Diagnostic.error("\(file): part \(entry.path) expands \(declared / compressed) times (\(declared >> 20) MiB from \(compressed >> 10) KiB): a zip bomb; expected an ordinary workbook",
                                   at: nil)
        }
    }

    /// Parses a small part with a delegate; malformed XML is an error naming the part and line.
    private func parse(_ path: String, _ data: Data, _ delegate: ElementCollector) throws(Diagnostic) {
        if Self.hasDoctype(data) {
            throw Diagnostic.error("\(file): part \(path) declares a DTD; expected plain spreadsheet XML (Excel and WPS never write one)", at: nil)
        }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            throw Diagnostic.error("\(file): part \(path) is not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber); expected a workbook saved by a spreadsheet program",
                                   at: nil, hint: "open it in Excel or WPS and save it again")
        }
    }

    static func hasDoctype(_ data: Data) -> Bool {
        data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil
    }

    private func readWorkbook() throws(Diagnostic) {
        guard let wb = try part("xl/workbook.xml", limit: limits.maxPartBytes) else {
            throw Diagnostic.error("\(file): the workbook part (xl/workbook.xml) is missing; expected an .xlsx workbook", at: nil,
                                   hint: "a .zip that is not a spreadsheet, or a damaged file")
        }
        let w = ElementCollector(["sheet", "workbookPr"])
        try parse("xl/workbook.xml", wb, w)
        date1904 = w.elements.contains { $0.name == "workbookPr" && ($0.attributes["date1904"] == "1" || $0.attributes["date1904"] == "true") }
        var targets: [String: String] = [:]
        if let rels = try part("xl/_rels/workbook.xml.rels", limit: limits.maxPartBytes) {
            let r = ElementCollector(["Relationship"])
            try parse("xl/_rels/workbook.xml.rels", rels, r)
            for e in r.elements {
                guard let id = e.attributes["Id"], let target = e.attributes["Target"] else { continue }
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        for (i, e) in w.elements.filter({ $0.name == "sheet" }).enumerated() {
            guard let name = e.attributes["name"] else { continue }
            let part = e.attributes["id"].flatMap { targets[$0] } ?? "xl/worksheets/sheet\(i + 1).xml"
            sheets.append(SheetInfo(name: name, hidden: e.attributes["state"].map { $0 != "visible" } ?? false, part: part))
        }
        if let styles = try part("xl/styles.xml", limit: limits.maxPartBytes) {
            let s = ElementCollector(["numFmt", "xf", "cellXfs"], track: "cellXfs")
            try parse("xl/styles.xml", styles, s)
            var codes: [Int: String] = [:]
            for e in s.elements where e.name == "numFmt" {
                if let id = e.attributes["numFmtId"].flatMap(Int.init) { codes[id] = e.attributes["formatCode"] }
            }
            formats = s.elements.filter { $0.name == "xf" && $0.inTracked }.map { xf in
                let id = xf.attributes["numFmtId"].flatMap(Int.init) ?? 0
                return NumberFormatKind.classify(id: id, code: codes[id])
            }
        }
    }

    /// The shared-string table, read on first use. Rich-text runs are joined; phonetic runs (`rPh`)
    /// are left out.
    func strings() throws(Diagnostic) -> [String] {
        if let sharedStrings { return sharedStrings }
        var out: [String] = []
        if let data = try part("xl/sharedStrings.xml", limit: limits.maxSharedStringBytes) {
            let collector = SharedStringCollector()
            if Self.hasDoctype(data) {
                throw Diagnostic.error("\(file): part xl/sharedStrings.xml declares a DTD; expected plain spreadsheet XML", at: nil)
            }
            let parser = XMLParser(data: data)
            parser.delegate = collector
            parser.shouldResolveExternalEntities = false
            if !parser.parse() {
                throw Diagnostic.error("\(file): part xl/sharedStrings.xml is not well-formed XML at line \(parser.lineNumber); expected a workbook saved by a spreadsheet program", at: nil)
            }
            out = collector.strings
        }
        sharedStrings = out
        return out
    }

    /// The location of a cell of a sheet, as diagnostics print it: `file.xlsx:Sheet!C12`.
    public func location(sheet: String, row: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, row: row, column: column)
    }

    /// A sheet by name.
    public func sheet(named name: String) -> SheetInfo? { sheets.first { $0.name == name } }

    // MARK: Streaming a sheet

    /// Streams the sheet's rows, in file order, to `body`. Errors thrown by `body` stop the read and are
    /// rethrown; problems of the sheet itself are `Diagnostic`s located at the cell or the part.
    public func read(sheet: SheetInfo, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        guard let entry = archive[sheet.part] else {
            throw Diagnostic.error("\(file): sheet \"\(sheet.name)\" has no data part (\(sheet.part)); expected a complete .xlsx workbook", at: nil)
        }
        try check(entry, limit: limits.maxSheetBytes)
        let strings = try strings()
        // Extract to a temporary file in chunks (never the whole part in memory), then stream it.
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fazhi-sheet-\(getpid())-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let out = FileHandle(forWritingAtPath: temporary.path) else {
            throw Diagnostic.error("\(file): cannot make a temporary file to read sheet \"\(sheet.name)\"", at: nil)
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        var written: Int64 = 0
        var tail = Data()
        var utf8 = UTF8Stream()
        let limit = limits.maxSheetBytes
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                written += Int64(chunk.count)
                if written > limit { throw PartTooLarge() }
                if let bad = utf8.feed(chunk) { throw NotUTF8(offset: bad) }
                var window = tail
                window.append(chunk.prefix(16))
                if Self.hasDoctype(window) || Self.hasDoctype(chunk) { throw DoctypeFound() }
                tail = chunk.suffix(16)
                try out.write(contentsOf: chunk)
            }
            try out.close()
            if let bad = utf8.finish() { throw NotUTF8(offset: bad) }
        } catch is PartTooLarge {
            try? out.close()
            throw tooLarge(sheet.part, limit: limit)
        } catch let e as NotUTF8 {
            try? out.close()
            throw notUTF8(sheet.part, e.offset)
        } catch is DoctypeFound {
            try? out.close()
            throw Diagnostic.error("\(file): part \(sheet.part) declares a DTD; expected plain spreadsheet XML (Excel and WPS never write one)", at: nil)
        } catch {
            try? out.close()
            throw Diagnostic.error("\(file): sheet \"\(sheet.name)\" is damaged (\(error)); expected a complete .xlsx workbook", at: nil,
                                   hint: "open it in Excel or WPS and save it again")
        }
        guard let stream = InputStream(url: temporary) else {
            throw Diagnostic.error("\(file): cannot read back sheet \"\(sheet.name)\"", at: nil)
        }
        return try withoutActuallyEscaping(body) { body in
            let delegate = SheetStreamer(reader: self, sheet: sheet.name, strings: strings, formats: formats, body: body)
            let parser = XMLParser(stream: stream)
            parser.delegate = delegate
            parser.shouldResolveExternalEntities = false
            let ok = parser.parse()
            parser.delegate = nil
            if let error = delegate.failure { throw error }
            if !ok {
                throw Diagnostic.error("\(file): sheet \"\(sheet.name)\" (\(sheet.part)) is not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber); expected a sheet saved by a spreadsheet program",
                                       at: nil, hint: "open it in Excel or WPS and save it again")
            }
            return delegate.summary
        }
    }

    private struct DoctypeFound: Error {}
}

/// Collects the attributes of chosen elements of a small part (names without namespace prefix).
final class ElementCollector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var inTracked: Bool
    }
    let wanted: Set<String>
    let track: String?
    var depth = 0
    var elements: [Element] = []

    init(_ wanted: Set<String>, track: String? = nil) {
        self.wanted = wanted
        self.track = track
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        let name = localName(elementName)
        if name == track { depth += 1 }
        guard wanted.contains(name) else { return }
        var attributes: [String: String] = [:]
        for (k, v) in attributeDict { attributes[localName(k)] = v }
        elements.append(Element(name: name, attributes: attributes, inTracked: depth > 0))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if localName(elementName) == track { depth -= 1 }
    }
}

/// `x:row` → `row`, `r:id` → `id`.
func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
}

/// The shared-string table: each `si`'s text runs (`t`, also inside `r`), phonetic runs skipped.
final class SharedStringCollector: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        switch localName(elementName) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if inText { current += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// The SAX delegate that turns a sheet's XML into rows. It keeps one row's cells at a time.
final class SheetStreamer: NSObject, XMLParserDelegate {
    let reader: WorkbookReader
    let sheet: String
    let strings: [String]
    let formats: [NumberFormatKind]
    let body: (SheetRow) throws -> Void
    var failure: (any Error)?
    var summary = SheetSummary()

    private var row: SheetRow?
    private var lastRow = 0
    private var lastColumn = 0
    // The cell being read.
    private var cellRow = 0, cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var hasValue = false, hasFormula = false, inlineText = false
    private var value = "", formula = ""
    private var collecting: Collect = .none
    private var phonetic = 0
    private enum Collect { case none, value, formula, inline }

    init(reader: WorkbookReader, sheet: String, strings: [String], formats: [NumberFormatKind], body: @escaping (SheetRow) throws -> Void) {
        self.reader = reader
        self.sheet = sheet
        self.strings = strings
        self.formats = formats
        self.body = body
    }

    private func fail(_ error: any Error, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    private func located(_ message: String, row: Int, column: Int, hint: String? = nil) -> Diagnostic {
        Diagnostic.error(message, at: reader.location(sheet: sheet, row: row, column: column), hint: hint)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        switch localName(elementName) {
        case "row":
            var number = lastRow + 1
            if let r = attributeDict["r"] {
                guard let n = Int(r), n >= 1 else {
                    return fail(Diagnostic.error("\(reader.file): sheet \"\(sheet)\": bad row number \"\(r)\" after row \(lastRow); expected 1 to 1048576", at: nil), parser)
                }
                number = n
            }
            if number > reader.limits.maxRows {
                return fail(located("row \(number) is past the last row a sheet may have (\(reader.limits.maxRows)); expected a sheet of at most \(reader.limits.maxRows) rows",
                                    row: min(number, 1_048_576), column: 1), parser)
            }
            summary.rows += 1
            lastRow = number
            lastColumn = 0
            let hidden = attributeDict["hidden"] == "1" || attributeDict["hidden"] == "true"
            row = SheetRow(number: number, hidden: hidden, cells: [])
        case "c":
            let currentRow = row?.number ?? lastRow
            cellRow = currentRow
            cellColumn = lastColumn + 1
            if let ref = attributeDict["r"] {
                guard let (column, r) = Self.parse(reference: ref) else {
                    return fail(located("bad cell reference \"\(ref)\" (in row \(currentRow)); expected a column and row such as C12", row: max(1, currentRow),
                                        column: max(1, lastColumn + 1)), parser)
                }
                guard r == currentRow else {
                    return fail(located("cell reference \"\(ref)\" inside row \(currentRow); expected a cell of row \(currentRow)", row: max(1, currentRow), column: column), parser)
                }
                cellColumn = column
            }
            lastColumn = cellColumn
            summary.cells += 1
            if summary.cells > reader.limits.maxCells {
                return fail(located("more than \(reader.limits.maxCells) cells in sheet \"\(sheet)\"; expected a smaller sheet", row: cellRow, column: cellColumn), parser)
            }
            cellType = attributeDict["t"] ?? "n"
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            hasValue = false
            hasFormula = false
            inlineText = false
            value = ""
            formula = ""
        case "v":
            collecting = .value
            hasValue = true
        case "f":
            collecting = .formula
            hasFormula = true
        case "is":
            inlineText = true
        case "t":
            if inlineText, phonetic == 0 { collecting = .inline; hasValue = true }
        case "rPh":
            phonetic += 1
        case "filterColumn":
            summary.filtered = true
        case "mergeCell":
            if let ref = attributeDict["ref"] {
                let ends = ref.split(separator: ":")
                if let a = Self.parse(reference: String(ends[0])), let b = Self.parse(reference: String(ends.last!)) {
                    summary.merged.append(CellRange(firstRow: a.row, firstColumn: a.column, lastRow: b.row, lastColumn: b.column))
                }
            }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch collecting {
        case .none: break
        case .value, .inline: value += string
        case .formula: formula += string
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        switch localName(elementName) {
        case "v", "f": collecting = .none
        case "t": if collecting == .inline { collecting = .none }
        case "rPh": phonetic -= 1
        case "c":
            do {
                if let cell = try makeCell() { row?.cells.append(cell) }
            } catch {
                fail(error, parser)
            }
        case "row":
            guard let done = row else { return }
            row = nil
            do { try body(done) } catch { fail(error, parser) }
        default:
            break
        }
    }

    private func makeCell() throws(Diagnostic) -> SheetCell? {
        let format = cellStyle < formats.count ? formats[cellStyle] : .general
        func cell(_ v: CellValue) -> SheetCell { SheetCell(row: cellRow, column: cellColumn, value: v, format: format, isFormula: hasFormula) }
        if hasFormula, !hasValue { return cell(.formulaWithoutValue(formula)) }
        guard hasValue else { return nil }  // a styled empty cell
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), index >= 0 else {
                throw located("shared-string cell holds \"\(value)\"; expected a string index", row: cellRow, column: cellColumn)
            }
            guard index < strings.count else {
                throw located("shared string \(index) does not exist (the table has \(strings.count)); expected an index below \(strings.count)",
                              row: cellRow, column: cellColumn, hint: "the file is damaged: open it in Excel or WPS and save it again")
            }
            return cell(.text(strings[index]))
        case "inlineStr", "str", "d":
            return cell(.text(value))
        case "b":
            switch value.trimmingCharacters(in: .whitespaces) {
            case "1", "true": return cell(.bool(true))
            case "0", "false": return cell(.bool(false))
            default: throw located("boolean cell holds \"\(value)\"; expected 0 or 1", row: cellRow, column: cellColumn)
            }
        case "e":
            return cell(.error(value))
        default:
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return hasFormula ? cell(.formulaWithoutValue(formula)) : nil }
            guard let d = Double(trimmed), d.isFinite else {
                throw located("number cell holds \"\(value)\"; expected a number", row: cellRow, column: cellColumn)
            }
            return cell(.number(d, text: trimmed))
        }
    }

    /// `C12` → (3, 12); nil for anything else (lower case is accepted, as some writers use it).
    static func parse(reference: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0
        var letters = 0, digits = 0
        for u in reference.utf8 {
            if digits == 0, (u >= 65 && u <= 90) || (u >= 97 && u <= 122) {
                column = column * 26 + Int((u & 0xDF) - 64)
                letters += 1
                if letters > 3 { return nil }
            } else if u >= 48 && u <= 57, letters > 0 {
                row = row * 10 + Int(u - 48)
                digits += 1
                if digits > 7 { return nil }
            } else {
                return nil
            }
        }
        guard letters > 0, digits > 0, row >= 1, row <= 1_048_576, column <= 16_384 else { return nil }
        return (column, row)
    }
}
