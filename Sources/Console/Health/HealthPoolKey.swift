/// One pool of one source: what the health pane folds (Space) and groups rows by.
public struct HealthPoolKey: Sendable, Hashable {
    public var source: String
    public var pool: String

    public init(source: String, pool: String) {
        self.source = source
        self.pool = pool
    }
}
