/// Which playbook an incident uses now: the one it started with (``Incident/playbookPath``),
/// unless a responder chose another since (`playbookChosen` events, `o` on an alert): then the
/// latest choice. Every later `open` of the incident, and a restarted console, opens that one.
public struct IncidentPlaybook: Sendable, Hashable {
    /// The playbook's absolute path.
    public var path: String
    /// The SHA-256 of its bytes when chosen (``PlaybookDigest``), when known.
    public var digest: String?

    public init(path: String, digest: String? = nil) {
        self.path = path
        self.digest = digest
    }

    /// The playbook of `incident` after `events` (its log, in order); nil when it has none.
    public static func current(of incident: Incident, events: [Event]) -> IncidentPlaybook? {
        if let chosen = events.last(where: { $0.kind == .playbookChosen && $0.data["playbookPath"]?.isEmpty == false }),
           let path = chosen.data["playbookPath"] {
            return IncidentPlaybook(path: path, digest: chosen.data["playbookDigest"])
        }
        return incident.playbookPath.map { IncidentPlaybook(path: $0, digest: incident.playbookDigest) }
    }

}
