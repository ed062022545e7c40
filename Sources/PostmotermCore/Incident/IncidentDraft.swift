/// What a caller gives to open an incident; the store picks the id and records the first event.
public struct IncidentDraft: Hashable, Sendable {
    public var title: String
    public var severity: String?
    public var playbookPath: String?
    public var playbookDigest: String?
    /// When the incident started; nil means now.
    public var startedAt: Timestamp?
    /// Who opened it.
    public var author: Author

    public init(
        title: String, severity: String? = nil, playbookPath: String? = nil,
        playbookDigest: String? = nil, startedAt: Timestamp? = nil, author: Author
    ) {
        self.title = title
        self.severity = severity
        self.playbookPath = playbookPath
        self.playbookDigest = playbookDigest
        self.startedAt = startedAt
        self.author = author
    }
}
