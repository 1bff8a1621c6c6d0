import FazhiBase
import FazhiYAML
import FuzzSupport
import Foundation

/// Parses any bytes as a YAML stream, renders every diagnostic, and reads every scalar as each type.
func fuzzYAML(_ bytes: UnsafeRawBufferPointer) {
    let source = SourceFile(name: "fuzz.yaml", bytes: bytes)
    do {
        let parser = try YAMLParser(source: source, limits: YAMLLimits(maxFileBytes: 1 << 20, maxDepth: 64, aliasBudget: 10_000, maxScalarBytes: 1 << 16))
        while let document = try parser.nextDocument() {
            visit(document.value, depth: 0)
        }
    } catch {
        _ = error.description
    }
}

func visit(_ value: NodeValue, depth: Int) {
    guard depth < 64 else { return }
    if value.isScalar {
        _ = try? value.int()
        _ = try? value.number()
        _ = try? value.rate()
        _ = try? value.bool()
        _ = try? value.date()
        do { _ = try value.rate() } catch { _ = error.description }
        return
    }
    if let entries = try? value.entries() {
        _ = value.unknownKeys(allowed: ["id", "title", "metric"], context: "fuzz").map(\.description)
        for entry in entries { visit(entry.value, depth: depth + 1) }
    }
    for item in (try? value.list()) ?? [] { visit(item, depth: depth + 1) }
}

@main struct FuzzYAMLRunner {
    static func main() {
        #if FUZZING
        exit(FuzzRunner.fuzz { data, count in
            fuzzYAML(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
        #else
        exit(FuzzRunner.run(fuzzYAML))
        #endif
    }
}
