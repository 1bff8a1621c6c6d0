import FazhiBase

/// A unit's level (层级): the six ids rulesets and evidence use, and the Chinese words offices type for
/// them (in an Excel sheet, a YAML `level:`, a unit table). One mapping, read by every input format and
/// shown back in Chinese by the reports.
package enum UnitLevel {
    /// The level ids, from the top.
    package static let ids = ["nation", "region", "city", "county", "township", "department"]

    /// Chinese words accepted for each id. 区 is a county-level district (市辖区), 街道 a township-level
    /// sub-district; 自治区 and 省 are both the provincial level.
    package static let words: [(word: String, id: String)] = [
        ("国家", "nation"), ("全国", "nation"),
        ("自治区", "region"), ("省", "region"), ("省级", "region"), ("自治区/省", "region"),
        ("市", "city"), ("地级市", "city"), ("设区的市", "city"), ("市级", "city"),
        ("县", "county"), ("区", "county"), ("县级", "county"), ("县（市、区）", "county"), ("县区", "county"), ("县（区）", "county"),
        ("乡镇", "township"), ("乡", "township"), ("镇", "township"), ("街道", "township"), ("乡镇（街道）", "township"),
        ("部门", "department"),
    ]

    /// Every accepted spelling: the ids and the Chinese words.
    package static let spellings: [String] = ids + words.map(\.word)

    /// The level id a text names (an id, or a Chinese word), or nil.
    package static func id(_ text: String) -> String? {
        if ids.contains(text) { return text }
        return words.first { $0.word == text }?.id
    }

    /// What reports show for a level id: 国家, 自治区/省, 市, 县（市、区）, 乡镇（街道）, 部门.
    package static func chinese(_ id: String) -> String {
        switch id {
        case "nation": "国家"
        case "region": "自治区/省"
        case "city": "市"
        case "county": "县（市、区）"
        case "township": "乡镇（街道）"
        case "department": "部门"
        default: id
        }
    }

    /// For messages: what is accepted.
    package static let accepted = "one of nation, region, city, county, township, department (or 国家, 自治区/省, 市, 县/区, 乡镇/街道, 部门)"

    /// "did you mean …?" for a text that names no level.
    package static func suggestion(_ text: String) -> String? {
        Suggest.closest(to: text, among: spellings).map { "did you mean \"\($0)\"?" }
    }
}
