import FazhiBase
import FazhiYAML

/// Loads `text` as a stream and returns the first problem as the user sees it, or nil when it loads.
func loadError(_ text: String, name: String = "t.yaml", limits: YAMLLimits = .default) -> String? {
    loadError(bytes: Array(text.utf8), name: name, limits: limits)
}

func loadError(bytes: [UInt8], name: String = "t.yaml", limits: YAMLLimits = .default) -> String? {
    do {
        _ = try YAMLParser.documents(in: SourceFile(name: name, bytes: bytes), limits: limits)
        return nil
    } catch {
        return error.description
    }
}

/// Every document of a stream that must load.
func documents(_ text: String, name: String = "t.yaml") throws -> [Document] {
    try YAMLParser.documents(in: SourceFile(name: name, text: text))
}

/// The root of a one-document file that must load, as a typed value.
func root(_ text: String, name: String = "t.yaml") throws -> NodeValue {
    try YAMLParser.singleDocument(in: SourceFile(name: name, text: text)).value
}

/// The rendered diagnostic a typed read throws, or nil when it succeeds.
func failure<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return String(describing: error)
    }
}
