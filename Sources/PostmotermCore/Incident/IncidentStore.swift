/// Durable storage of incidents and their append-only event logs.
///
/// Every method returns only after the data is committed (an appended `Event` has been written
/// durably when `append` returns it). Several processes may share one store: a writer never
/// loses another's event, and each sees the others' events through `events(of:after:)`.
/// Errors are `IncidentStoreError`s.
public protocol IncidentStore: Sendable {
    /// Opens a new incident (status investigating) and records its `incidentStarted` event as
    /// sequence 1. The id is `IncidentID.base(title:startedAt:)`, suffixed when taken.
    func createIncident(_ draft: IncidentDraft) throws -> Incident

    /// The incident with `id`, or `IncidentStoreError.incidentNotFound`.
    func incident(_ id: IncidentID) throws -> Incident

    /// All incidents with their event counts, the most recently started first.
    func summaries() throws -> [IncidentSummary]

    /// The open incident that started last, or nil when every incident is resolved.
    func mostRecentOpenIncident() throws -> Incident?

    /// Appends `draft` to the incident and returns the committed event with its sequence.
    /// A `statusChanged` draft also moves the incident (and fails if the move is not allowed);
    /// an `amendment` must name an existing non-amendment event of the same incident.
    func append(_ draft: EventDraft, to incident: IncidentID) throws -> Event

    /// Appends several drafts in one transaction (all or none), e.g. an import or a burst of
    /// balancer observations; returns the committed events in order.
    func append(contentsOf drafts: [EventDraft], to incident: IncidentID) throws -> [Event]

    /// The incident's events with a sequence greater than `sequence`, in sequence order, at most
    /// `limit` of them (nil: all). `after: 0` gives the whole log; pass the last sequence seen to tail.
    func events(of incident: IncidentID, after sequence: Int64, limit: Int?) throws -> [Event]

    /// A cheap fingerprint that changes whenever anything is committed, by any process: poll it
    /// several times a second and fetch only when it moved.
    func revision() throws -> StoreRevision
}

extension IncidentStore {
    /// Appends one draft after another (stores with transactions commit them together instead).
    public func append(contentsOf drafts: [EventDraft], to incident: IncidentID) throws -> [Event] {
        try drafts.map { try append($0, to: incident) }
    }

    /// Every event of the incident, in sequence order.
    public func events(of incident: IncidentID) throws -> [Event] {
        try events(of: incident, after: 0, limit: nil)
    }

    /// All incidents, the most recently started first.
    public func incidents() throws -> [Incident] {
        try summaries().map(\.incident)
    }

    /// The incident named by `id` when given, else the most recent open one.
    public func resolveIncident(_ id: IncidentID?) throws -> Incident {
        if let id { return try incident(id) }
        guard let open = try mostRecentOpenIncident() else { throw IncidentStoreError.noOpenIncident }
        return open
    }
}
