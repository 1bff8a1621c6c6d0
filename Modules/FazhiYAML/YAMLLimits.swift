/// Limits that keep a hostile or broken file from eating the machine. Users can change them.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// How many nodes aliases may add to a document in all (a "billion laughs" stops here).
    public var aliasBudget: Int
    /// Longest scalar, in bytes.
    public var maxScalarBytes: Int

    public init(maxFileBytes: Int = 1 << 30, maxDepth: Int = 200, aliasBudget: Int = 100_000, maxScalarBytes: Int = 1 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.aliasBudget = aliasBudget
        self.maxScalarBytes = maxScalarBytes
    }

    public static let `default` = YAMLLimits()
}
