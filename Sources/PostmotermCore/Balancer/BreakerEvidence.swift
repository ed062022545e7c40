/// What a source shows that bears on an instance's breaker; ``SnapshotHistory`` turns it, with the
/// previous sample, into a ``BreakerState``.
public enum BreakerEvidence: Sendable, Hashable {
    /// HAProxy server. `failedObservations` is the `hanafail` counter, `nil` when the server has
    /// no `observe` (then the breaker is not observed); `throttlePercent` is the slow-start
    /// throttle, `nil` when not throttled.
    case haproxy(failedObservations: UInt64?, checkStatus: String, throttlePercent: Int?)
    /// Envoy host: whether it currently fails an outlier check (is ejected); `nil` when the cluster
    /// has no outlier detection figures.
    case envoy(outlierEjected: Bool?)
    /// Nothing known.
    case none
}
