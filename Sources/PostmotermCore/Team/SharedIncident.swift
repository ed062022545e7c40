/// An incident as the team store knows it: what does not change once it is opened. Its status,
/// mitigation and resolution follow from its events (every host replays them), so they are not
/// here.
///
/// Incident ids are made from the date and the title on the host that opens the incident, so two
/// hosts may open different incidents with the same id: ``origin`` (the origin id of the
/// incident's `incidentStarted` event) tells them apart, and publishing a second one under a
/// taken id fails with ``TeamStoreError/incidentIDTaken(_:openedBy:)``.
public struct SharedIncident: Codable, Hashable, Sendable, Identifiable {
    public var id: IncidentID
    public var title: String
    public var severity: String?
    /// The playbook file as given on the opening host's command line.
    public var playbookPath: String?
    /// The digest of that playbook's bytes (`sha256:…`), so another host can check its copy.
    public var playbookDigest: String?
    public var startedAt: Timestamp
    /// Who opened it, and on which host.
    public var openedBy: Author
    public var openedOnHost: String
    /// The origin id of its `incidentStarted` event.
    public var origin: EventOriginID

    public init(
        id: IncidentID, title: String, severity: String? = nil, playbookPath: String? = nil,
        playbookDigest: String? = nil, startedAt: Timestamp, openedBy: Author, openedOnHost: String,
        origin: EventOriginID
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.playbookPath = playbookPath
        self.playbookDigest = playbookDigest
        self.startedAt = startedAt
        self.openedBy = openedBy
        self.openedOnHost = openedOnHost
        self.origin = origin
    }
}
