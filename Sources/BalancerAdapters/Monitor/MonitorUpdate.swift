import PostmotermCore

/// What the ``BalancerPoller`` publishes after each poll (of one source on schedule, or of a
/// round of ``BalancerPoller/pollOnce(force:)``).
public struct MonitorUpdate: Sendable {
    /// When the round ended (wall clock).
    public var at: Timestamp
    /// Every source, in the order given to the monitor.
    public var sources: [SourceReport]
    /// Findings new in this round (each finding is published once).
    public var findings: [Finding]
    /// Sources polled for this update (the others were waiting out their interval or backoff).
    public var polled: [String]

    public init(at: Timestamp, sources: [SourceReport], findings: [Finding], polled: [String]) {
        self.at = at
        self.sources = sources
        self.findings = findings
        self.polled = polled
    }

    /// Whether every source answered its last poll.
    public var allLive: Bool { sources.allSatisfy { $0.state.isLive } }
}
