import FazhiBase
import FazhiSheets
import Foundation
import ZIPFoundation

/// Workbooks built in the test from hand-written parts, as Excel and WPS write them.
enum Fixture {
    static let folder: URL = {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fazhi-sheets-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>
        """

    static func workbook(sheets: [String] = ["Sheet1"], date1904: Bool = false) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        s += date1904 ? #"<workbookPr date1904="1"/>"# : #"<workbookPr/>"#
        s += "<sheets>"
        for (i, name) in sheets.enumerated() { s += "<sheet name=\"\(name)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>" }
        return s + "</sheets></workbook>"
    }

    static func rels(sheets: Int = 1) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 0..<sheets {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        return s + "</Relationships>"
    }

    /// Styles as Excel writes them: xf 0 General, 1 = 0% (id 9), 2 = 0.00% (id 10), 3 = date (id 14),
    /// 4 = custom yyyy/m/d (164), 5 = custom 0.0% (165), 6 = text (49), 7 = 0.00 (id 2).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
        """

    static func sheet(_ rows: String, tail: String = "") -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>"#
            + rows + "</sheetData>" + tail + "</worksheet>"
    }

    static func sharedStrings(_ items: [String]) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(items.count)" uniqueCount="\#(items.count)">"#
            + items.joined() + "</sst>"
    }

    /// A workbook of these parts (path → XML); the standard parts are added unless given.
    @discardableResult
    static func write(_ name: String, parts: [String: String], omit: Set<String> = [], sheetNames: [String] = ["Sheet1"]) throws -> String {
        var all = parts
        if all["[Content_Types].xml"] == nil { all["[Content_Types].xml"] = contentTypes }
        if all["xl/workbook.xml"] == nil { all["xl/workbook.xml"] = workbook(sheets: sheetNames) }
        if all["xl/_rels/workbook.xml.rels"] == nil { all["xl/_rels/workbook.xml.rels"] = rels(sheets: sheetNames.count) }
        if all["xl/styles.xml"] == nil { all["xl/styles.xml"] = styles }
        for o in omit { all[o] = nil }
        return try writeRaw(name, all.mapValues { Data($0.utf8) })
    }

    static func writeRaw(_ name: String, _ parts: [String: Data], compression: CompressionMethod = .deflate) throws -> String {
        let p = path(name)
        try? FileManager.default.removeItem(atPath: p)
        let archive = try Archive(url: URL(fileURLWithPath: p), accessMode: .create)
        for (part, data) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        return p
    }

    /// Every row of the first sheet.
    static func rows(_ path: String, limits: SheetLimits = .default) throws -> [SheetRow] {
        let reader = try WorkbookReader(path: path, limits: limits)
        var rows: [SheetRow] = []
        _ = try reader.read(sheet: reader.sheets[0]) { rows.append($0) }
        return rows
    }

    /// The description of the error reading the first sheet throws.
    static func error(_ path: String, limits: SheetLimits = .default) -> String {
        do {
            _ = try rows(path, limits: limits)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }
}
