/// Everything the exporter needs; it reads nothing else (no clock, no files).
public struct PostmortemInput: Sendable {
    public var incident: Incident
    /// The incident's whole log in sequence order, amendments included.
    public var events: [Event]
    /// The follow-up tasks of the incident's playbook (`Playbook.followUps[].text`), if the
    /// playbook could be read; they open the **Specific tasks** list.
    public var followUps: [String]
    /// When the draft is generated: the end of an unresolved incident's duration so far.
    public var generatedAt: Timestamp
    /// The incident's per-instance history (``CounterHistoryStore``): per-instance traffic.
    public var history: [CounterHistoryBucket]
    /// Charts written beside the draft, linked from it (title, path relative to the draft).
    public var charts: [(title: String, path: String)]

    public init(
        incident: Incident, events: [Event], followUps: [String] = [], generatedAt: Timestamp,
        history: [CounterHistoryBucket] = [], charts: [(title: String, path: String)] = []
    ) {
        self.incident = incident
        self.events = events
        self.followUps = followUps
        self.generatedAt = generatedAt
        self.history = history
        self.charts = charts
    }
}
