import PostmotermCore

/// One Alertmanager as the console shows it: how current (live, STALE with age…) and its alerts.
public struct AlertSourceView: Sendable, Hashable {
    /// The Alertmanager (masked address).
    public var source: String
    public var state: SourceState
    /// The alerts of its last good answer (kept while it fails).
    public var alerts: [Alert]

    public init(source: String, state: SourceState, alerts: [Alert]) {
        self.source = source
        self.state = state
        self.alerts = alerts
    }
}
