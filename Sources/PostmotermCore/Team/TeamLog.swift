/// What team mode needs from a host's local log (the SQLite store implements it): which
/// incidents are shared, the outbox of events the team store has not accepted yet, and the
/// import of other hosts' events. Every method is local and quick; none touches the network.
public protocol TeamLog: IncidentStore {
    /// The label this log puts on the events it writes.
    var originHost: String { get }

    /// The incidents shared with the team store, with what was exchanged so far.
    func sharedIncidents() throws -> [SharedIncidentState]

    /// Marks the local incident `id` as shared (its whole log will be sent, once published) and
    /// returns it as the store will know it. Sharing twice changes nothing.
    @discardableResult
    func share(_ id: IncidentID) throws -> SharedIncident

    /// Records that the team store has the incident (its events may now be pushed).
    func markPublished(_ id: IncidentID) throws

    /// Up to `limit` events waiting to be sent, of published incidents, oldest first.
    func outbox(limit: Int) throws -> [SharedEvent]

    /// How many events wait to be sent (of every shared incident).
    func outboxCount() throws -> Int

    /// Records the server orders the store answered for pushed events.
    func markAccepted(_ orders: [EventOriginID: Int64]) throws

    /// Imports events fetched from the store, in server order: events already here (by origin
    /// id) only get their server order; new ones are appended to the local log under the
    /// incident, which is created from `incident` when this host never saw it. The incident's
    /// status then follows the converged order (``TeamConvergence``). Returns how many events
    /// were new here.
    @discardableResult
    func importShared(_ events: [AcceptedEvent], of incident: SharedIncident) throws -> Int

    /// The incident's events with their origin and server order, in local sequence order.
    func teamEntries(of incident: IncidentID) throws -> [TeamLogEntry]
}

/// A shared incident as one host's log knows it.
public struct SharedIncidentState: Hashable, Sendable {
    public var id: IncidentID
    /// Whether the team store has the incident yet.
    public var isPublished: Bool
    /// The highest server order fetched from the store (0: nothing yet).
    public var lastFetched: Int64

    public init(id: IncidentID, isPublished: Bool, lastFetched: Int64) {
        self.id = id
        self.isPublished = isPublished
        self.lastFetched = lastFetched
    }
}
