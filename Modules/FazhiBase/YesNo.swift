/// The one list of how a user may write yes or no wherever a yes/no is typed: YAML evidence and
/// rulesets (`NodeValue.bool`), batch cells (boolean metrics, yes/no attributes, `invented`), the
/// store's unit tables. Excel and WPS users write 是/否 or 1/0 as often as true/false.
///
/// Only where a yes/no is expected: a count column does not take 是, and an attribute that is not
/// tested as true/false keeps `1` as written.
package enum YesNo {
    package static let trueSpellings = ["true", "True", "TRUE", "是", "1"]
    package static let falseSpellings = ["false", "False", "FALSE", "否", "0"]
    /// For messages: what is accepted.
    package static let accepted = "true or false (是 / 否, 1 / 0)"

    /// true, false, or nil when the text is not a yes/no.
    package static func parse(_ text: String) -> Bool? {
        if trueSpellings.contains(text) { return true }
        if falseSpellings.contains(text) { return false }
        return nil
    }
}
