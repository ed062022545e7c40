/// One moment of an incident's life as its log shows it: when, and what showed it.
public struct Milestone: Codable, Hashable, Sendable {
    /// Which moment.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The impact began: the earliest firing alert's `startsAt` or the first balancer
        /// anomaly, whichever is earlier.
        case impactBegan
        /// The first alert fired (its own `startsAt`).
        case detected
        /// A person took it on: the incident was started.
        case acknowledged
        case mitigated
        case resolved
    }

    /// What recorded it.
    public enum Source: String, Codable, Sendable {
        /// An alert (`alertFiring`), at its own `startsAt`.
        case alert
        /// A balancer observation (`balancerObservation`).
        case balancer
        /// The incident's start (`incidentStarted`).
        case incident
        /// A status change (`statusChanged`), or the incident's own record of it.
        case status
    }

    public var kind: Kind
    /// When, amendments applied (a corrected time counts).
    public var at: Timestamp
    public var source: Source
    /// What it was, for people: an alert's name and summary, an observation's text, the title.
    public var text: String

    public init(kind: Kind, at: Timestamp, source: Source, text: String) {
        self.kind = kind
        self.at = at
        self.source = source
        self.text = text
    }
}
