/// A number read from a sentence, with what it is attached to: its measure word, its qualifiers, and
/// what kind of number it is (a figure, or a year, a date, a document number …).
package struct Figure: Sendable, Hashable {
    package enum Role: String, Sendable {
        /// A quantity an assessor may want: 53 件, 100%, 两次.
        case figure
        /// A year (2023年), a month or day (11月16日), a document number (〔2023〕25号), an ordinal (第三):
        /// never a metric's figure, and not listed.
        case year, date, documentNumber, ordinal
        /// A change, not a level: 同比增长 5.6%, 提高 3 个百分点. Never a metric's figure; listed apart.
        case change
        /// The old value of a change: the 3 of 由原来的3个工作日压缩至1个工作日. Never a metric's figure;
        /// the new value's naming word may stand before it.
        case previous
    }

    /// Which way a bound points: 不少于两次 is a lower bound, 3个工作日以内 an upper one.
    package enum Bound: String, Sendable { case lower, upper }

    package var role: Role
    /// The value ×10⁶; for a percentage, the fraction of one (95% → 950_000).
    package var raw: Int64
    package var isPercent: Bool
    /// 个百分点: percentage points, a difference of rates.
    package var isPercentagePoints: Bool
    /// The measure word (件, 次, 个工作日 …), nil for a percentage or a bare number.
    package var counter: String?
    /// 余, 多, 约, 近, 左右: not exact.
    package var approximate: Bool
    package var bound: Bound?
    /// The qualifier as printed (不少于, 以上 …), for notes.
    package var boundWord: String?
    /// 每半年 → 2, 每季度 → 4, 每月 → 12: how many per year a count "每…N次" is.
    package var perYear: Int
    /// The words from 每… to the figure as printed ("每半年开展一次"), when `perYear` came from them.
    package var perPhrase: String?
    /// Written in Chinese numerals (两次, 百分之百).
    package var chinese: Bool
    /// Where it sits in the sentence's characters: the number and its measure word, qualifiers included.
    package var range: Range<Int>
    /// Only the number (and a percent sign).
    package var numberRange: Range<Int>
    /// The report line of the number's first character.
    package var line: Int
    /// The figure as printed, qualifiers included: "不少于两次", "110余场次".
    package var written: String

    /// The value scaled to a year for counts written per half year, quarter or month.
    package var scaledRaw: Int64 { raw * Int64(perYear) }
}
