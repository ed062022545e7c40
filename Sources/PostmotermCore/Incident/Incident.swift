/// An incident: what happened, how bad, which playbook guided it, and when it started,
/// was mitigated and was resolved. The events of its timeline are stored separately.
public struct Incident: Codable, Hashable, Sendable, Identifiable {
    public var id: IncidentID
    public var title: String
    /// Free text as the responders name it, e.g. `SEV1`; nil when nobody said.
    public var severity: String?
    public var status: IncidentStatus
    /// The playbook file the incident was opened with, as given on the command line.
    public var playbookPath: String?
    /// A digest of the playbook's bytes when the incident started (e.g. `sha256:…`), so a later
    /// reader can tell whether the playbook changed since.
    public var playbookDigest: String?
    public var startedAt: Timestamp
    public var mitigatedAt: Timestamp?
    public var resolvedAt: Timestamp?

    public init(
        id: IncidentID, title: String, severity: String? = nil, status: IncidentStatus = .investigating,
        playbookPath: String? = nil, playbookDigest: String? = nil, startedAt: Timestamp,
        mitigatedAt: Timestamp? = nil, resolvedAt: Timestamp? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.status = status
        self.playbookPath = playbookPath
        self.playbookDigest = playbookDigest
        self.startedAt = startedAt
        self.mitigatedAt = mitigatedAt
        self.resolvedAt = resolvedAt
    }

    public var isOpen: Bool { status.isOpen }

    /// From the start to the resolution, or to `now` while the incident is open.
    public func duration(now: Timestamp) -> ElapsedTime {
        ElapsedTime(from: startedAt, to: resolvedAt ?? now)
    }
}
