import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` over the machine's cores, in order; the first error (by index) is thrown. For per-item
    /// work with nothing shared, such as reading and scoring thousands of stored evidence documents.
    package func parallelMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        let count = self.count
        if count < 64 { return try map(transform) }
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        _ = results.initialize(from: repeatElement(nil, count: count))
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let next = Atomic<Int>(0)
        let chunk = 32
        let slots = UnsafeSendable(results)
        self.withUnsafeBufferPointer { items in
            let input = UnsafeSendable(items)
            DispatchQueue.concurrentPerform(iterations: Swift.min(count / chunk + 1, 64)) { _ in
                while true {
                    let start = next.add(chunk, ordering: .relaxed).oldValue
                    if start >= count { return }
                    for i in start..<Swift.min(start + chunk, count) {
                        slots.value[i] = Result { try transform(input.value[i]) }
                    }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}

/// A pointer handed to `concurrentPerform`'s workers, each writing its own indices only.
private struct UnsafeSendable<P>: @unchecked Sendable {
    let value: P
    init(_ value: P) { self.value = value }
}
