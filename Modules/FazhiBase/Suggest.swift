/// "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a typo.
package enum Suggest {
    package static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.unicodeScalars)
        // A typo of a key is short; a long word (a garbage header, a sentence) has no suggestion, and
        // costs nothing: the distance is quadratic.
        guard !w.isEmpty, w.count <= 64 else { return nil }
        let allowed = max(1, min(3, (w.count + 2) / 4))
        var best: (String, Int)?
        for candidate in candidates {
            let c = Array(candidate.unicodeScalars)
            // The distance is at least the difference in length: such a candidate can never be close enough.
            guard abs(c.count - w.count) <= allowed else { continue }
            let d = distance(w, c)
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        return d <= allowed ? candidate : nil
    }

    /// Up to `limit` candidates close enough to be a typo of `word`, closest first (ties in the
    /// candidates' order), for a list of "did you mean" choices.
    package static func nearest(to word: String, among candidates: some Sequence<String>, limit: Int = 5) -> [String] {
        let w = Array(word.unicodeScalars)
        guard !w.isEmpty, w.count <= 64 else { return [] }
        let allowed = max(1, min(3, (w.count + 2) / 4))
        var found: [(String, Int)] = []
        var seen: Set<String> = []
        for candidate in candidates where seen.insert(candidate).inserted {
            let c = Array(candidate.unicodeScalars)
            guard abs(c.count - w.count) <= allowed else { continue }
            let d = distance(w, c)
            if d <= allowed { found.append((candidate, d)) }
        }
        return Array(found.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.prefix(limit).map(\.element.0))
    }

    /// Edit distance where inserting, deleting or replacing a character, or swapping two neighbours
    /// (metirc → metric), each counts as one edit (optimal string alignment).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
