/// One committed entry of an incident's timeline. Events are never changed or deleted; an
/// `amendment` event changes how another reads (see `TimelineView`).
public struct Event: Codable, Hashable, Sendable, Identifiable {
    public var incidentID: IncidentID
    /// 1, 2, 3, … within the incident, in commit order.
    public var sequence: Int64
    /// When the store committed it.
    public var recordedAt: Timestamp
    /// When it happened, if the author said it happened at another time (a backdated note).
    public var happenedAt: Timestamp?
    public var author: Author
    public var kind: EventKind
    public var text: String
    /// Structured details; the keys per kind are listed on `EventKind`.
    public var data: [String: String]
    /// For an amendment: the sequence of the event it amends.
    public var amends: Int64?

    public init(
        incidentID: IncidentID, sequence: Int64, recordedAt: Timestamp, happenedAt: Timestamp? = nil,
        author: Author, kind: EventKind, text: String, data: [String: String] = [:], amends: Int64? = nil
    ) {
        self.incidentID = incidentID
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.happenedAt = happenedAt
        self.author = author
        self.kind = kind
        self.text = text
        self.data = data
        self.amends = amends
    }

    /// When the event happened: `happenedAt` if given, else `recordedAt`.
    public var time: Timestamp { happenedAt ?? recordedAt }

    /// `incidentID#sequence`, unique across a store.
    public var id: String { "\(incidentID.rawValue)#\(sequence)" }
}
