/// A cheap fingerprint of everything in a store: it changes whenever any process commits an
/// incident or an event. Poll `IncidentStore.revision()` and fetch only when it moved.
public struct StoreRevision: Hashable, Comparable, Sendable {
    /// Grows with every commit; 0 for an empty store.
    public let value: Int64

    public init(_ value: Int64) {
        self.value = value
    }

    public static func < (lhs: StoreRevision, rhs: StoreRevision) -> Bool {
        lhs.value < rhs.value
    }
}
