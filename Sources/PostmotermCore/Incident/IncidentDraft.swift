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

extension IncidentDraft {
    /// The severity a new incident records: the one given on the command line wins, else the
    /// playbook's front matter `severity:`, else none. `start` and `open` both use this rule.
    public static func severity(given: String?, playbook: Playbook?) -> String? {
        if let given, !given[...].trimmingSpaces().isEmpty { return given }
        guard let fromPlaybook = playbook?.metadata.severity?[...].trimmingSpaces(), !fromPlaybook.isEmpty else { return nil }
        return String(fromPlaybook)
    }
}
