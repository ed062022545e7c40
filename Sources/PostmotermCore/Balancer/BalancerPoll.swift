/// One poll of one balancer as it is recorded: what it answered (its counters are sampled) and
/// what the detector found in it. Every poll of a recording console passes through
/// ``BalancerRecording``, findings or not: it renews the recording lease.
public struct BalancerPoll: Sendable, Hashable {
    /// The source (masked address).
    public var source: String
    /// The refined snapshot when the poll answered; nil when it failed.
    public var snapshot: BalancerSnapshot?
    /// What the detector found in this poll (each finding once).
    public var findings: [Finding]
    /// When the poll ended (wall clock).
    public var at: Timestamp
    /// The instances' process metrics by Prometheus `instance` label, when fresh (recorded in
    /// the per-instance history, ``CounterHistoryBucket``).
    public var metricsByLabel: [String: InstanceMetrics] = [:]

    public init(source: String, snapshot: BalancerSnapshot?, findings: [Finding], at: Timestamp) {
        self.source = source
        self.snapshot = snapshot
        self.findings = findings
        self.at = at
    }
}
