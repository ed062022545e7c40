/// One event as it travels between hosts through the team store: everything the author's host
/// recorded, with references by ``EventOriginID`` instead of local sequences (a sequence means
/// something in one host's SQLite log only).
///
/// The store keeps it byte for byte as pushed; it never rewrites text, data or times. Each event
/// keeps its author's `happenedAt` and the `recordedAt` of its origin; the order every host
/// shows is the store's (``AcceptedEvent/serverOrder``), not these times.
public struct SharedEvent: Codable, Hashable, Sendable, Identifiable {
    /// Made where the event was first written; unique across all hosts and stores.
    public var originID: EventOriginID
    public var incidentID: IncidentID
    /// The label of the host that wrote it (e.g. the host name), for people: "from bastion-2".
    public var originHost: String
    public var author: Author
    public var kind: EventKind
    public var text: String
    /// The same keys as a local event's (see ``EventKind``).
    public var data: [String: String]
    /// When it happened, if the author said another time than `recordedAt`.
    public var happenedAt: Timestamp?
    /// When the origin host committed it to its own log (its clock, not the store's).
    public var recordedAt: Timestamp
    /// For an amendment: the origin id of the event it amends.
    public var amends: EventOriginID?

    public init(
        originID: EventOriginID, incidentID: IncidentID, originHost: String, author: Author, kind: EventKind,
        text: String, data: [String: String] = [:], happenedAt: Timestamp? = nil, recordedAt: Timestamp,
        amends: EventOriginID? = nil
    ) {
        self.originID = originID
        self.incidentID = incidentID
        self.originHost = originHost
        self.author = author
        self.kind = kind
        self.text = text
        self.data = data
        self.happenedAt = happenedAt
        self.recordedAt = recordedAt
        self.amends = amends
    }

    public var id: EventOriginID { originID }
}
