/// How a written cell looks: a small closed set (bold, wrap, number format, locked, fill, border),
/// which the writer turns into styles.xml's tables.
public struct CellStyle: Sendable, Hashable {
    public enum NumberFormat: Sendable, Hashable {
        /// General (id 0).
        case general
        /// `0.0%`: the cell holds a fraction (0.9 shows as 90.0%).
        case percent
        /// `0.00%`.
        case percent2
        /// `yyyy-mm-dd`: the cell holds a date serial number.
        case date
        /// `@`: text, so Excel does not turn `0801` into 801.
        case text
        /// `0`: whole numbers.
        case integer
    }

    public var bold: Bool
    public var wrap: Bool
    public var format: NumberFormat
    /// Whether sheet protection keeps the cell from being edited (Excel's default is locked).
    public var locked: Bool
    /// A background colour as RRGGBB, or nil.
    public var fill: String?
    public var border: Bool
    /// Top-aligned (long texts beside short ones read better so).
    public var top: Bool

    public init(bold: Bool = false, wrap: Bool = false, format: NumberFormat = .general, locked: Bool = true, fill: String? = nil,
                border: Bool = false, top: Bool = true) {
        self.bold = bold
        self.wrap = wrap
        self.format = format
        self.locked = locked
        self.fill = fill
        self.border = border
        self.top = top
    }

    public static let plain = CellStyle()
}

/// styles.xml: every distinct `CellStyle` used becomes one cell format (xf), index 0 being the default.
struct StyleTable {
    private(set) var styles: [CellStyle] = [.plain]
    private var index: [CellStyle: Int] = [.plain: 0]

    mutating func id(_ style: CellStyle) -> Int {
        if let i = index[style] { return i }
        styles.append(style)
        index[style] = styles.count - 1
        return styles.count - 1
    }

    static func numberFormatID(_ f: CellStyle.NumberFormat) -> Int {
        switch f {
        case .general: 0
        case .integer: 1
        case .percent2: 10
        case .text: 49
        case .percent: 164
        case .date: 165
        }
    }

    func xml() -> [UInt8] {
        var fills = ["none", "gray125"]
        var fillIndex: [String: Int] = [:]
        for s in styles {
            if let f = s.fill, fillIndex[f] == nil {
                fillIndex[f] = fills.count
                fills.append(f)
            }
        }
        var x = XMLBuffer()
        x.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        x.raw(#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        x.raw(#"<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd"/></numFmts>"#)
        x.raw(#"<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#)
        x.raw(#"<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>"#)
        x.raw("<fills count=\"\(fills.count)\">")
        for (i, f) in fills.enumerated() {
            if i == 0 { x.raw(#"<fill><patternFill patternType="none"/></fill>"#) } else if i == 1 {
                x.raw(#"<fill><patternFill patternType="gray125"/></fill>"#)
            } else {
                x.raw("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF\(f)\"/><bgColor indexed=\"64\"/></patternFill></fill>")
            }
        }
        x.raw("</fills>")
        x.raw(#"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#)
        x.raw(#"<border><left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin"><color rgb="FFBFBFBF"/></right>"#)
        x.raw(#"<top style="thin"><color rgb="FFBFBFBF"/></top><bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/></border></borders>"#)
        x.raw(#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#)
        x.raw("<cellXfs count=\"\(styles.count)\">")
        for s in styles {
            let fmt = Self.numberFormatID(s.format)
            let fill = s.fill.flatMap { fillIndex[$0] } ?? 0
            x.raw("<xf numFmtId=\"\(fmt)\" fontId=\"\(s.bold ? 1 : 0)\" fillId=\"\(fill)\" borderId=\"\(s.border ? 1 : 0)\" xfId=\"0\"")
            if fmt != 0 { x.raw(#" applyNumberFormat="1""#) }
            if s.bold { x.raw(#" applyFont="1""#) }
            if fill != 0 { x.raw(#" applyFill="1""#) }
            if s.border { x.raw(#" applyBorder="1""#) }
            x.raw(#" applyAlignment="1" applyProtection="1">"#)
            x.raw("<alignment\(s.top ? " vertical=\"top\"" : "")\(s.wrap ? " wrapText=\"1\"" : "")/>")
            x.raw("<protection locked=\"\(s.locked ? 1 : 0)\"/></xf>")
        }
        x.raw("</cellXfs>")
        x.raw(#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#)
        x.raw("</styleSheet>")
        return x.bytes
    }
}
