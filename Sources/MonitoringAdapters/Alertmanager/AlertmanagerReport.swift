import PostmotermCore

/// One Alertmanager after a poll: how current its data is, the last good alerts and silences
/// (kept while it fails, shown STALE with their age), and the last error.
public struct AlertmanagerReport: Sendable {
    /// The Alertmanager (masked address).
    public var source: String
    /// live, stale (age and reason), unreachable, or pending.
    public var state: SourceState
    /// The last good answer; nil until one came.
    public var snapshot: AlertSnapshot?
    /// The silences as of the last good poll.
    public var silences: [AlertSilence]
    /// Whether this report carries a new snapshot: a good poll whose alerts or silences differ
    /// from the last (a repeated answer keeps the snapshot, and its time, of the first).
    public var isFresh: Bool

    public init(source: String, state: SourceState, snapshot: AlertSnapshot?, silences: [AlertSilence], isFresh: Bool) {
        self.source = source
        self.state = state
        self.snapshot = snapshot
        self.silences = silences
        self.isFresh = isFresh
    }
}
