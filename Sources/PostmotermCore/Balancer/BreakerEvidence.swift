/// What a source shows that bears on an instance's breaker; ``SnapshotHistory`` turns it, with the
/// previous sample, into a ``BreakerState``.
public enum BreakerEvidence: Sendable, Hashable {
    /// HAProxy server. `failedObservations` is the `hanafail` counter, `nil` when the server has
    /// no `observe` (then the breaker is not observed); `throttlePercent` is the slow-start
    /// throttle, `nil` when not throttled. (The check status that also counts, `HANA`, is the
    /// instance's ``BalancerInstance/checkStatus``: the evidence holds no string, so copying it
    /// costs nothing.)
    case haproxy(failedObservations: UInt64?, throttlePercent: Int?)
    /// Envoy host: whether it currently fails an outlier check (is ejected); `nil` when the cluster
    /// has no outlier detection figures.
    case envoy(outlierEjected: Bool?)
    /// Nothing known.
    case none
}
