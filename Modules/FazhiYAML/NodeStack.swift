import FazhiBase
/// The children of every open collection, in one buffer, innermost collection last.
///
/// A finished collection is moved out into one exactly sized array: no per-node copy and release,
/// and no regrowth of each collection's array as children arrive. Kept between documents.
final class NodeStack {
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<Node>

    init(capacity: Int = 256) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func push(_ node: Node) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        (storage + count).initialize(to: node)
        count += 1
    }

    /// The node at a position (a copy; for messages).
    subscript(position: Int) -> Node { storage[position] }

    /// The text of the scalar at a position, or nil for a collection.
    func scalarText(at position: Int) -> String? {
        if case .scalar(let scalar) = storage[position].content { return scalar.text }
        return nil
    }

    /// Moves the nodes from `base` on out as a sequence's items.
    func popItems(from base: Int) -> [Node] {
        let n = count - base
        guard n > 0 else { return [] }
        let items = [Node](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: storage + base, count: n)
            initialized = n
        }
        count = base
        return items
    }

    /// Moves the nodes from `base` on out as a mapping's pairs (key, value, key, value, …).
    func popPairs(from base: Int) -> [Node.Pair] {
        let n = (count - base) / 2
        guard n > 0 else { return [] }
        let pairs = [Node.Pair](unsafeUninitializedCapacity: n) { buffer, initialized in
            var from = storage + base
            for j in 0..<n {
                (buffer.baseAddress! + j).initialize(to: Node.Pair(key: from.move(), value: (from + 1).move()))
                from += 2
            }
            initialized = n
        }
        count = base
        return pairs
    }

    func removeAll() {
        storage.deinitialize(count: count)
        count = 0
    }
}
