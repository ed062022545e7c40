import PostmotermCore

/// One source in a ``MonitorUpdate``: how current its data is, the last good snapshot, the last error.
public struct SourceReport: Sendable {
    /// The source (masked address).
    public var source: String
    /// live, stale (with age and reason), unreachable (never answered), or pending.
    public var state: SourceState
    /// The last good, refined snapshot (rates, breakers); kept while the source fails.
    public var snapshot: BalancerSnapshot?
    /// The error of the last poll, while it fails.
    public var error: BalancerFetchError?
    /// Consecutive failed polls; the next poll waits `interval × 2^(failures−1)` (capped).
    public var consecutiveFailures: Int
    /// Seconds until the next poll of this source is due.
    public var nextPollIn: Double

    public init(source: String, state: SourceState, snapshot: BalancerSnapshot?, error: BalancerFetchError?,
                consecutiveFailures: Int, nextPollIn: Double) {
        self.source = source
        self.state = state
        self.snapshot = snapshot
        self.error = error
        self.consecutiveFailures = consecutiveFailures
        self.nextPollIn = nextPollIn
    }
}
