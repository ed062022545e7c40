import Foundation

/// A ``TeamStore`` in memory, for the pure core's unit tests (as ``InMemoryIncidentStore`` is
/// for the local log): the same contract, leases timed by the clock it is given, and a switch
/// that makes it unreachable, as a dropped link would. Integration tests use the real PostgreSQL.
public final class InMemoryTeamStore: TeamStore, @unchecked Sendable {
    private let lock = NSLock()
    private let clock: any WallClock
    private var incidentsByID: [IncidentID: SharedIncident] = [:]
    private var eventsByIncident: [IncidentID: [AcceptedEvent]] = [:]
    private var orderByOrigin: [EventOriginID: Int64] = [:]
    private var lastOrder: Int64 = 0
    private var leases: [LeaseKey: (holder: String, expiresAt: Timestamp)] = [:]
    private var listeners: [UUID: AsyncStream<TeamNotice>.Continuation] = [:]
    private var reachable = true
    private var pushCalls = 0

    private struct LeaseKey: Hashable {
        var incident: IncidentID
        var balancer: String
    }

    /// The name errors give this store.
    public static let label = "memory://team"

    public init(clock: any WallClock = SystemClock()) {
        self.clock = clock
    }

    /// Whether calls succeed; when false every call fails with `.unreachable`, as when the link
    /// drops. Turning it back on sends `.resubscribed` to every notice stream.
    public var isReachable: Bool {
        get { lock.withLock { reachable } }
        set {
            let continuations = lock.withLock {
                let cameBack = !reachable && newValue
                reachable = newValue
                return cameBack ? Array(listeners.values) : []
            }
            for continuation in continuations { continuation.yield(.resubscribed) }
        }
    }

    /// How many `push` calls reached the store (tests of batching and retries).
    public var pushCount: Int { lock.withLock { pushCalls } }

    /// How many events the store holds, over all incidents.
    public var eventCount: Int { lock.withLock { orderByOrigin.count } }

    public func prepare() async throws {
        try lock.withLock { try checkReachable() }
    }

    @discardableResult
    public func publish(_ incident: SharedIncident) async throws -> SharedIncident {
        try lock.withLock {
            try checkReachable()
            if let existing = incidentsByID[incident.id] {
                guard existing.origin == incident.origin else {
                    throw TeamStoreError.incidentIDTaken(
                        incident.id, openedBy: "\(existing.openedBy) on \(existing.openedOnHost)")
                }
                return existing
            }
            incidentsByID[incident.id] = incident
            return incident
        }
    }

    public func incidents() async throws -> [SharedIncident] {
        try lock.withLock {
            try checkReachable()
            return incidentsByID.values.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
        }
    }

    public func incident(_ id: IncidentID) async throws -> SharedIncident? {
        try lock.withLock {
            try checkReachable()
            return incidentsByID[id]
        }
    }

    public func push(_ events: [SharedEvent]) async throws -> [EventOriginID: Int64] {
        let (answer, notices, continuations) = try lock.withLock {
            try checkReachable()
            pushCalls += 1
            for event in events where incidentsByID[event.incidentID] == nil {
                throw TeamStoreError.incidentNotPublished(event.incidentID)
            }
            var answer: [EventOriginID: Int64] = [:]
            var notices: [TeamNotice] = []
            for event in events {
                if let order = orderByOrigin[event.originID] {
                    answer[event.originID] = order
                    continue
                }
                lastOrder += 1
                orderByOrigin[event.originID] = lastOrder
                eventsByIncident[event.incidentID, default: []].append(AcceptedEvent(serverOrder: lastOrder, event: event))
                answer[event.originID] = lastOrder
                notices.append(.appended(incident: event.incidentID, serverOrder: lastOrder))
            }
            return (answer, notices, Array(listeners.values))
        }
        for notice in notices {
            for continuation in continuations { continuation.yield(notice) }
        }
        return answer
    }

    public func fetch(incident: IncidentID, after serverOrder: Int64, limit: Int?) async throws -> [AcceptedEvent] {
        try lock.withLock {
            try checkReachable()
            let events = eventsByIncident[incident] ?? []
            // Orders grow along the array: binary search for the first one after `serverOrder`.
            var low = 0
            var high = events.count
            while low < high {
                let mid = (low + high) / 2
                if events[mid].serverOrder <= serverOrder { low = mid + 1 } else { high = mid }
            }
            let tail = events[low...]
            return Array(limit.map { tail.prefix($0) } ?? tail)
        }
    }

    public func notices() -> AsyncStream<TeamNotice> {
        let (stream, continuation) = AsyncStream<TeamNotice>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let key = UUID()
        lock.withLock { listeners[key] = continuation }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.listeners.removeValue(forKey: key) }
        }
        return stream
    }

    public func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64)
        async throws -> RecordingLease
    {
        try lock.withLock {
            try checkReachable()
            let now = clock.now()
            let key = LeaseKey(incident: incident, balancer: balancer)
            if let current = leases[key], current.holder != holder, current.expiresAt > now {
                return RecordingLease(holder: current.holder, expiresAt: current.expiresAt, isMine: false)
            }
            let expiresAt = now.adding(milliseconds: milliseconds)
            leases[key] = (holder, expiresAt)
            return RecordingLease(holder: holder, expiresAt: expiresAt, isMine: true)
        }
    }

    public func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) async throws {
        try lock.withLock {
            try checkReachable()
            let key = LeaseKey(incident: incident, balancer: balancer)
            if leases[key]?.holder == holder { leases[key] = nil }
        }
    }

    public func shutdown() async {
        let continuations = lock.withLock {
            defer { listeners.removeAll() }
            return Array(listeners.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    private func checkReachable() throws(TeamStoreError) {
        guard reachable else { throw .unreachable(store: Self.label, reason: "connection refused") }
    }
}
