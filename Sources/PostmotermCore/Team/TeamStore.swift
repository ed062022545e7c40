/// The shared store of a team's incidents (issue 15): every host writes to its own local log
/// first, then ships events here in the background and pulls the others' from here. The
/// PostgreSQL adapter (`PostgresTeamStore`) implements it; ``InMemoryTeamStore`` is the pure
/// double for unit tests.
///
/// ## Order
/// The shared order of an incident is the store's **server order** (``AcceptedEvent/serverOrder``):
/// a positive `Int64` the store gives each event when it first accepts it, unique across the
/// store, growing with acceptance, not dense. Every host shows an incident's events in server
/// order, so every host converges on the same timeline. Each event keeps its author's
/// `happenedAt` and its origin's `recordedAt` untouched; they are data, not the order.
///
/// Implementations must never let a reader that has fetched up to order N later see a new event
/// with an order ≤ N (assign orders in commit order, e.g. by serializing pushes), so
/// `fetch(incident:after:)` with the last order seen never misses an event.
///
/// ## Idempotence
/// `push` is idempotent on ``SharedEvent/originID``: pushing an event that is already stored
/// (a retry after a lost answer, a replay after a crash, another host forwarding it) stores
/// nothing new and answers the order it already has. `publish` is idempotent on the incident's
/// ``SharedIncident/origin``.
///
/// ## Errors and time
/// Methods throw ``TeamStoreError`` (descriptions never contain a password). They may wait on the
/// network: callers on a user's key path never call them directly (the shipper does, in the
/// background, and commands wait for it only with a deadline). Adapters bound their own waits
/// (connect, query) and answer ``TeamStoreError/timedOut(store:seconds:)`` rather than hang.
public protocol TeamStore: Sendable {
    /// Gets the store ready: connects, creates or migrates its schema (versioned migrations, run
    /// on first use), checks the version. A store written by a newer postmoterm fails with
    /// ``TeamStoreError/newerSchema(store:found:supported:)`` and is left untouched. Other
    /// methods may call it on first use; calling it again is cheap.
    func prepare() async throws

    /// Makes `incident` known to the team (before its events are pushed). Returns the stored
    /// incident: `incident` itself, or the one already there with the same origin. Fails with
    /// ``TeamStoreError/incidentIDTaken(_:openedBy:)`` when another incident has the id.
    @discardableResult
    func publish(_ incident: SharedIncident) async throws -> SharedIncident

    /// Every published incident, the most recently started first.
    func incidents() async throws -> [SharedIncident]

    /// The published incident with `id`, or nil.
    func incident(_ id: IncidentID) async throws -> SharedIncident?

    /// Stores `events` (of one or several published incidents) atomically: all or none. Answers
    /// the server order of every event, newly accepted or already stored (idempotent on origin
    /// id). Events of an unpublished incident fail with
    /// ``TeamStoreError/incidentNotPublished(_:)``. Callers send at most a few hundred per call.
    func push(_ events: [SharedEvent]) async throws -> [EventOriginID: Int64]

    /// The events of `incident` with a server order greater than `serverOrder`, in server order,
    /// at most `limit` (nil: all). `after: 0` gives the whole incident.
    func fetch(incident: IncidentID, after serverOrder: Int64, limit: Int?) async throws -> [AcceptedEvent]

    /// A new stream of notices (``TeamNotice``): one `.appended` per accepted event (or at least
    /// one per push and incident, with the highest order), from any host, including this one;
    /// `.resubscribed` after the listening connection came back. Live, not stored: a notice is
    /// a hint to fetch, and fetching after the last order seen is always correct. The stream
    /// ends when the store is shut down.
    func notices() -> AsyncStream<TeamNotice>

    /// Takes the recording lease of `balancer` (its address without credentials) for `incident`
    /// when it is free, expired or already `holder`'s, for `milliseconds` from now by the
    /// store's clock; otherwise leaves it. Returns the lease as it stands after the call. The same
    /// rules as ``RecordingLeases/claimRecording(of:for:holder:milliseconds:)``, across machines:
    /// two consoles on two hosts watching one balancer record each observation once. Renewing is
    /// claiming again.
    func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64)
        async throws -> RecordingLease

    /// Gives the lease up at once (an orderly exit), if `holder` has it.
    func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) async throws

    /// Closes connections and ends notice streams. The store is not used after this.
    func shutdown() async
}
