import FazhiBase

/// Collects every problem of a load, so that an author sees them all in one run.
final class Problems {
    /// A ruleset in the `extends` chain could not be read: what depends on it is not checked.
    var unreadableParent = false
    var list: [Diagnostic] = []

    func add(_ d: Diagnostic) { list.append(d) }
    func add(_ ds: [Diagnostic]) { list += ds }

    /// Runs `body`, recording its error instead of stopping.
    func attempt<T>(_ body: () throws(Diagnostic) -> T) -> T? {
        do { return try body() } catch { list.append(error); return nil }
    }

    func text(_ map: NodeValue, _ key: String) -> String? {
        guard let v = map[key], !v.isNull else { return nil }
        return attempt { () throws(Diagnostic) in try v.text() }
    }

    func requiredText(_ map: NodeValue, _ key: String, _ what: String) -> String? {
        attempt { () throws(Diagnostic) in try map.required(key, what).text() }
    }

    /// A printed field that may be marked `{ unobtained: why }` (the document prints it, the transcriber
    /// could not obtain it): the marker's text in brackets for the field, and the reason; else `read`.
    func unobtainable(_ map: NodeValue, _ key: String, into unobtained: inout [String: String], _ read: () -> String?) -> String? {
        guard let v = map[key], v.isMapping else { return read() }
        keys(v, ["unobtained"], "an unobtained field")
        guard let why = text(v, "unobtained") else {
            add(v.expected("{ unobtained: why it could not be obtained } or the text as printed"))
            return nil
        }
        unobtained[key] = why
        return "【原文未取得：\(why)】"
    }

    func texts(_ map: NodeValue, _ key: String) -> [String] {
        guard let v = map[key] else { return [] }
        return attempt { () throws(Diagnostic) in try v.listOrSingle().map { x throws(Diagnostic) in try x.text() } } ?? []
    }

    func date(_ map: NodeValue, _ key: String) -> CalendarDate? {
        guard let v = map[key], !v.isNull else { return nil }
        return attempt { () throws(Diagnostic) in try v.date() }
    }

    func int(_ map: NodeValue, _ key: String) -> Int? {
        guard let v = map[key], !v.isNull else { return nil }
        return attempt { () throws(Diagnostic) in try v.int() }
    }

    func number(_ map: NodeValue, _ key: String) -> FixedPoint? {
        guard let v = map[key], !v.isNull else { return nil }
        return attempt { () throws(Diagnostic) in try v.number() }
    }

    func rate(_ map: NodeValue, _ key: String) -> FixedPoint? {
        guard let v = map[key], !v.isNull else { return nil }
        return attempt { () throws(Diagnostic) in try v.rate() }
    }

    func list(_ map: NodeValue, _ key: String) -> [NodeValue] {
        guard let v = map[key], !v.isNull else { return [] }
        return attempt { () throws(Diagnostic) in try v.list() } ?? []
    }

    func keys(_ map: NodeValue, _ allowed: [String], _ context: String) {
        if !map.isMapping { add(map.expected("a mapping")); return }
        add(map.unknownKeys(allowed: allowed, context: context))
    }
}
