/// Caps on what reading one workbook may cost, so a hostile or broken file (a zip bomb, a sheet of a
/// million empty rows) ends in a clear error instead of exhausting memory or time.
public struct SheetLimits: Sendable {
    /// The whole file on disk.
    public var maxFileBytes: Int64 = 512 << 20
    /// One worksheet's XML, uncompressed (it is streamed, so this bounds time, not memory).
    public var maxSheetBytes: Int64 = 1 << 30
    /// The shared-string table's XML, uncompressed (held in memory as strings).
    public var maxSharedStringBytes: Int64 = 128 << 20
    /// Any other part (workbook, relationships, styles), uncompressed.
    public var maxPartBytes: Int64 = 16 << 20
    /// Uncompressed ÷ compressed size above which a part is taken for a zip bomb (text XML compresses
    /// about 10–30×; a bomb thousands of times).
    public var maxCompressionRatio: Int64 = 1_000
    /// Rows in one sheet (Excel's own limit is 1,048,576).
    public var maxRows = 1_048_576
    /// Cells in one sheet.
    public var maxCells = 50_000_000

    public init() {}

    public static let `default` = SheetLimits()
}
