public import FazhiBase
public import Foundation

/// An xlsx workbook being written: sheets, one shared-string table and one style table. The XML is
/// written by hand (a handful of fixed parts; no Swift xlsx writer is among the available packages),
/// the container by ZIPFoundation.
public final class Workbook {
    public private(set) var sheets: [Worksheet] = []
    var styles = StyleTable()
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    private var stringUses = 0

    public init() {}

    /// Adds a sheet. Names are at most 31 characters and may not hold `[]:*?/\` (Excel's rules).
    public func addSheet(_ name: String) -> Worksheet {
        let sheet = Worksheet(name: name, book: self)
        sheets.append(sheet)
        return sheet
    }

    func sharedString(_ s: String) -> Int {
        stringUses += 1
        if let i = stringIndex[s] { return i }
        strings.append(s)
        stringIndex[s] = strings.count - 1
        return strings.count - 1
    }

    /// The parts of the package, by path, in the order they are stored.
    func parts() -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        var types = XMLBuffer()
        types.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        types.raw(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#)
        types.raw(#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#)
        types.raw(#"<Default Extension="xml" ContentType="application/xml"/>"#)
        types.raw(#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#)
        for i in sheets.indices {
            types.raw("<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
        }
        types.raw(#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#)
        types.raw(#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#)
        types.raw(#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#)
        types.raw("</Types>")
        out.append(("[Content_Types].xml", types.bytes))

        var rels = XMLBuffer()
        rels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        rels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        rels.raw(#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#)
        rels.raw(#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#)
        rels.raw("</Relationships>")
        out.append(("_rels/.rels", rels.bytes))

        var app = XMLBuffer()
        app.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        app.raw(#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Fazhi</Application></Properties>"#)
        out.append(("docProps/app.xml", app.bytes))

        var wb = XMLBuffer()
        wb.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        wb.raw(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        wb.raw(#"<workbookPr date1904="0"/>"#)
        let firstVisible = sheets.firstIndex { !$0.hidden } ?? 0
        wb.raw("<bookViews><workbookView activeTab=\"\(firstVisible)\" firstSheet=\"\(firstVisible)\"/></bookViews><sheets>")
        for (i, sheet) in sheets.enumerated() {
            wb.raw("<sheet name=\"")
            wb.text(sheet.name)
            wb.raw("\" sheetId=\"\(i + 1)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(i + 1)\"/>")
        }
        wb.raw("</sheets>")
        let titled = sheets.enumerated().filter { $0.element.printTitleRows != nil || $0.element.autoFilter }
        if !titled.isEmpty {
            wb.raw("<definedNames>")
            for (i, sheet) in titled {
                let name = SourceLocation.sheetReference(sheet.name)
                if sheet.autoFilter, sheet.maxColumn > 0 {
                    let header = sheet.frozenRows > 0 ? sheet.frozenRows : 1
                    wb.raw("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">")
                    wb.text("\(name)!$A$\(header):$\(SourceLocation.columnName(sheet.maxColumn))$\(max(1, sheet.rows))")
                    wb.raw("</definedName>")
                }
                if let rows = sheet.printTitleRows {
                    wb.raw("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">")
                    wb.text("\(name)!$\(rows.lowerBound):$\(rows.upperBound)")
                    wb.raw("</definedName>")
                }
            }
            wb.raw("</definedNames>")
        }
        wb.raw("</workbook>")
        out.append(("xl/workbook.xml", wb.bytes))

        var wbRels = XMLBuffer()
        wbRels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        wbRels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        for i in sheets.indices {
            wbRels.raw("<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>")
        }
        let n = sheets.count
        wbRels.raw("<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
        wbRels.raw("<Relationship Id=\"rId\(n + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        wbRels.raw("</Relationships>")
        out.append(("xl/_rels/workbook.xml.rels", wbRels.bytes))

        for (i, sheet) in sheets.enumerated() { out.append(("xl/worksheets/sheet\(i + 1).xml", sheet.xml())) }
        out.append(("xl/styles.xml", styles.xml()))

        var ss = XMLBuffer()
        ss.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        ss.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(stringUses)\" uniqueCount=\"\(strings.count)\">")
        for s in strings {
            ss.raw(XMLText.needsPreserve(s) ? #"<si><t xml:space="preserve">"# : "<si><t>")
            ss.text(s)
            ss.raw("</t></si>")
        }
        ss.raw("</sst>")
        out.append(("xl/sharedStrings.xml", ss.bytes))
        return out
    }

    /// The workbook's bytes, zipped in memory (a download from the web app).
    public func data() throws(Diagnostic) -> Data {
        try OOXMLPackage.data(parts(), what: "the workbook")
    }

    /// Writes the workbook to `path` through a temporary file in the same folder, renamed into place at
    /// the end: a failure leaves no file, and never half of one.
    public func write(to path: String) throws(Diagnostic) {
        try OOXMLPackage.write(parts(), to: path, what: "the workbook")
    }
}
