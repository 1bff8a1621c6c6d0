package import FazhiBase
import FazhiSheets
package import Foundation

/// A Word document (.docx) in the layout of GB/T 9704-2012, 党政机关公文格式: A4, margins 上 37 mm
/// 下 35 mm 左 28 mm 右 26 mm, a grid of 28 lines of 28 characters, the title in 2号 方正小标宋简体
/// centred, the body in 3号 仿宋_GB2312 with a first-line indent of two characters, 一级标题 in 黑体,
/// 二级标题 in 楷体_GB2312, page numbers in 4号 宋体 as "— 1 —" 7 mm below the text block (odd pages on
/// the right, even pages on the left, each one character in), the 发文机关署名 and 成文日期 at the end.
///
/// The XML is written by hand (a handful of fixed parts) and zipped by `OOXMLPackage`, as the xlsx
/// workbooks are. The GB/T fonts are named as they are on an office's machine; the font table gives
/// each the Windows font that stands in for it where it is missing (`w:altName`: 宋体, 仿宋, SimHei,
/// 楷体), which Word reads. LibreOffice does not read `w:altName`: where the GB/T fonts are missing it
/// falls back through fontconfig to a CJK font present for zh-CN (Noto Sans CJK on Debian with
/// fonts-noto-cjk), so the text shows, in another face. The 28 characters a line are kept by
/// condensing each 3号 character by 0.25 pt (16 pt is too wide for 156 mm ÷ 28) and the 28 lines by an
/// exact line height of 225 mm ÷ 28; the `w:docGrid` (lines and characters) says the same for Word,
/// and paragraphs do not snap to it, since LibreOffice snaps a CJK line taller than the grid pitch to
/// two grid lines.
package struct WordDocument: Sendable {
    package enum Font: Sendable {
        case title, body, heading1, heading2, number

        var name: String {
            switch self {
            case .title: "方正小标宋简体"
            case .body: "仿宋_GB2312"
            case .heading1: "黑体"
            case .heading2: "楷体_GB2312"
            case .number: "宋体"
            }
        }
    }

    package enum Alignment: String, Sendable { case left, center, right, both }

    package struct Paragraph: Sendable {
        package var text: String
        package var font: Font = .body
        /// Half-points: 44 is 2号 (22 pt), 32 is 3号 (16 pt), 28 is 4号 (14 pt).
        package var size = 32
        package var alignment: Alignment = .both
        /// First-line indent in characters (the body's two).
        package var indent = 2
        package var bold = false
        /// A page break before it.
        package var newPage = false

        package init(_ text: String, font: Font = .body, size: Int = 32, alignment: Alignment = .both, indent: Int = 2, bold: Bool = false, newPage: Bool = false) {
            self.text = text
            self.font = font
            self.size = size
            self.alignment = alignment
            self.indent = indent
            self.bold = bold
            self.newPage = newPage
        }
    }

    package struct Table: Sendable {
        package var headers: [String]
        package var rows: [[String]]
        /// Column widths in characters of the body size; they add up to 28 or less.
        package var widths: [Int]

        package init(headers: [String], rows: [[String]], widths: [Int]) {
            self.headers = headers
            self.rows = rows
            self.widths = widths
        }
    }

    package enum Block: Sendable {
        case paragraph(Paragraph)
        case table(Table)
    }

    package var blocks: [Block] = []

    package init() {}

    package mutating func add(_ p: Paragraph) { blocks.append(.paragraph(p)) }
    package mutating func add(_ t: Table) { blocks.append(.table(t)) }

    /// The title: 2号 方正小标宋简体, centred, with an empty line after it.
    package mutating func title(_ text: String, newPage: Bool = false) {
        add(Paragraph(text, font: .title, size: 44, alignment: .center, indent: 0, newPage: newPage))
        add(Paragraph("", indent: 0))
    }

    /// A body paragraph, indented two characters.
    package mutating func body(_ text: String) { add(Paragraph(text)) }

    /// 主送机关: flush left.
    package mutating func addressee(_ text: String) { add(Paragraph(text, indent: 0)) }

    /// "一、…" in 黑体; "（一）…" in 楷体.
    package mutating func heading(_ text: String, level: Int = 1) { add(Paragraph(text, font: level == 1 ? .heading1 : .heading2)) }

    /// 发文机关署名 and 成文日期, right-aligned four characters in, after an empty line.
    package mutating func signature(issuer: String, date: String) {
        add(Paragraph("", indent: 0))
        add(Paragraph(issuer + "　　　　", alignment: .right, indent: 0))
        add(Paragraph(date + "　　　　", alignment: .right, indent: 0))
    }

    // MARK: Writing

    /// Twips (1/20 pt) per millimetre.
    static func mm(_ v: Double) -> Int { Int((v * 1440 / 25.4).rounded()) }

    /// The text block: 210 − 28 − 26 = 156 mm wide, 297 − 37 − 35 = 225 mm high.
    static let textWidth = mm(156), textHeight = mm(225)
    /// 28 lines and 28 characters in the text block.
    static let linePitch = textHeight / 28
    static let charPitch = Double(textWidth) / 28
    /// Twentieths of a point taken off each 3号 character so that 28 fit the line: 16 pt is 0.2 pt too
    /// wide for 156 mm ÷ 28 (−5: 15.75 pt).
    static let condense = Int((charPitch - 320).rounded(.down))

    /// The parts of the package.
    package func parts() -> [(String, [UInt8])] {
        [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRels), ("word/_rels/document.xml.rels", Self.documentRels),
         ("word/document.xml", documentXML()), ("word/styles.xml", Self.styles), ("word/settings.xml", Self.settings),
         ("word/fontTable.xml", Self.fontTable), ("word/footer1.xml", Self.footer(odd: true)), ("word/footer2.xml", Self.footer(odd: false))]
    }

    /// The document's bytes (a download from the web app).
    package func data() throws(Diagnostic) -> Data {
        try OOXMLPackage.data(parts(), what: "the document")
    }

    /// Writes the document atomically (see `OOXMLPackage.write`).
    package func write(to path: String) throws(Diagnostic) {
        try OOXMLPackage.write(parts(), to: path, what: "the document")
    }

    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let contentTypes = bytes(declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        </Types>
        """)

    static let packageRels = bytes(declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """)

    static let documentRels = bytes(declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/settings" Target="settings.xml"/>\
        <Relationship Id="rId3" Type="\(relationships)/fontTable" Target="fontTable.xml"/>\
        <Relationship Id="rId4" Type="\(relationships)/footer" Target="footer1.xml"/>\
        <Relationship Id="rId5" Type="\(relationships)/footer" Target="footer2.xml"/>\
        </Relationships>
        """)

    /// Odd and even pages get their own footers.
    static let settings = bytes(declaration + """
        <w:settings xmlns:w="\(main)"><w:evenAndOddHeaders/><w:defaultTabStop w:val="640"/>\
        <w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:doNotExpandShiftReturn/></w:compat></w:settings>
        """)

    /// Each GB/T font and the font that stands in for it where it is missing.
    static let fontTable: [UInt8] = {
        let fonts: [(String, String, String)] = [("方正小标宋简体", "宋体", "roman"), ("仿宋_GB2312", "仿宋", "modern"), ("黑体", "SimHei", "modern"),
                                                ("楷体_GB2312", "楷体", "modern"), ("宋体", "SimSun", "auto"), ("Times New Roman", "Liberation Serif", "roman")]
        var s = declaration + "<w:fonts xmlns:w=\"\(main)\">"
        for (name, alt, family) in fonts {
            s += "<w:font w:name=\"\(name)\"><w:altName w:val=\"\(alt)\"/><w:charset w:val=\"86\"/><w:family w:val=\"\(family)\"/><w:pitch w:val=\"variable\"/></w:font>"
        }
        return bytes(s + "</w:fonts>")
    }()

    static func runProperties(_ font: Font, size: Int, bold: Bool = false) -> String {
        "<w:rPr><w:rFonts w:ascii=\"\(font == .body ? "Times New Roman" : font.name)\" w:hAnsi=\"\(font == .body ? "Times New Roman" : font.name)\" w:eastAsia=\"\(font.name)\" w:cs=\"\(font.name)\"/>"
            + (bold ? "<w:b/>" : "") + (size == 32 ? "<w:spacing w:val=\"\(condense)\"/>" : "") + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>"
    }

    /// Defaults: 3号 仿宋_GB2312, exactly one grid line per line.
    static let styles = bytes(declaration + """
        <w:styles xmlns:w="\(main)"><w:docDefaults><w:rPrDefault>\(runProperties(.body, size: 32))</w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="\(linePitch)" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar>\
        <w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>
        """)

    /// "— 1 —" in 4号 宋体, the PAGE field between the dashes; odd pages right, even left, one character in.
    static func footer(odd: Bool) -> [UInt8] {
        let rPr = runProperties(.number, size: 28)
        let indent = odd ? "<w:ind w:right=\"280\"/>" : "<w:ind w:left=\"280\"/>"
        return bytes(declaration + """
            <w:ftr xmlns:w="\(main)"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="\(odd ? "right" : "left")"/>\(indent)\
            <w:spacing w:line="240" w:lineRule="auto"/></w:pPr>\
            <w:r>\(rPr)<w:t xml:space="preserve">— </w:t></w:r><w:r>\(rPr)<w:fldChar w:fldCharType="begin"/></w:r>\
            <w:r>\(rPr)<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>\(rPr)<w:fldChar w:fldCharType="separate"/></w:r>\
            <w:r>\(rPr)<w:t>1</w:t></w:r><w:r>\(rPr)<w:fldChar w:fldCharType="end"/></w:r><w:r>\(rPr)<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
            """)
    }

    func documentXML() -> [UInt8] {
        var x = XMLBuffer()
        x.raw(Self.declaration)
        x.raw("<w:document xmlns:w=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\"><w:body>")
        for block in blocks {
            switch block {
            case .paragraph(let p): Self.paragraph(p, into: &x)
            case .table(let t): Self.table(t, into: &x)
            }
        }
        // A4; margins 37/35/28/26 mm; the footer's page number 7 mm below the text block.
        let charSpace = Int(((Self.charPitch / 20 - 16) * 4096).rounded())
        x.raw("<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"even\" r:id=\"rId5\"/>")
        x.raw("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>")
        x.raw("<w:pgMar w:top=\"\(Self.mm(37))\" w:right=\"\(Self.mm(26))\" w:bottom=\"\(Self.mm(35))\" w:left=\"\(Self.mm(28))\" w:header=\"\(Self.mm(15))\" w:footer=\"\(Self.mm(22))\" w:gutter=\"0\"/>")
        x.raw("<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"\(Self.linePitch)\" w:charSpace=\"\(charSpace)\"/></w:sectPr>")
        x.raw("</w:body></w:document>")
        return x.bytes
    }

    static func paragraph(_ p: Paragraph, into x: inout XMLBuffer) {
        x.raw("<w:p><w:pPr>")
        if p.newPage { x.raw("<w:pageBreakBefore/>") }
        if p.size > 32 { x.raw("<w:spacing w:line=\"\(linePitch * 3 / 2)\" w:lineRule=\"atLeast\"/>") }
        if p.indent > 0 { x.raw("<w:ind w:firstLineChars=\"\(p.indent * 100)\" w:firstLine=\"\(p.indent * 320)\"/>") }
        x.raw("<w:jc w:val=\"\(p.alignment.rawValue)\"/></w:pPr>")
        if !p.text.isEmpty {
            x.raw("<w:r>\(runProperties(p.font, size: p.size, bold: p.bold))<w:t xml:space=\"preserve\">")
            x.text(p.text)
            x.raw("</w:t></w:r>")
        }
        x.raw("</w:p>")
    }

    /// A table in 4号 (14 pt) with single borders, the header row repeated on each page.
    static func table(_ t: Table, into x: inout XMLBuffer) {
        let widths = t.widths.map { Int(Double($0) * charPitch) }
        x.raw("<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>")
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { x.raw("<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>") }
        x.raw("</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>")
        for w in widths { x.raw("<w:gridCol w:w=\"\(w)\"/>") }
        x.raw("</w:tblGrid>")
        func row(_ cells: [String], header: Bool) {
            x.raw("<w:tr>" + (header ? "<w:trPr><w:tblHeader/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>"))
            for (i, cell) in cells.enumerated() {
                x.raw("<w:tc><w:tcPr><w:tcW w:w=\"\(widths[min(i, widths.count - 1)])\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>")
                x.raw("<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"300\" w:lineRule=\"auto\"/><w:jc w:val=\"\(header ? "center" : "left")\"/></w:pPr>")
                x.raw("<w:r>\(runProperties(header ? .heading1 : .body, size: 28))<w:t xml:space=\"preserve\">")
                x.text(cell)
                x.raw("</w:t></w:r></w:p></w:tc>")
            }
            x.raw("</w:tr>")
        }
        row(t.headers, header: true)
        for r in t.rows { row(r, header: false) }
        x.raw("</w:tbl>")
    }
}
