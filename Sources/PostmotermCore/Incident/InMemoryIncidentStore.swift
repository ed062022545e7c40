import Foundation

/// An `IncidentStore` in memory, for tests and previews: the same rules as the SQLite store
/// (`IncidentLedger`), stamped by the clock it is given, gone when the process ends.
public final class InMemoryIncidentStore: IncidentStore, @unchecked Sendable {
    private let lock = NSLock()
    private let clock: any WallClock
    private var incidentsByID: [IncidentID: Incident] = [:]
    private var eventsByIncident: [IncidentID: [Event]] = [:]
    private var commits: Int64 = 0
    private var leases: [LeaseKey: RecordingLease] = [:]
    private var histories: [IncidentID: [CounterHistoryBucket]] = [:]

    private struct LeaseKey: Hashable {
        var incident: IncidentID
        var balancer: String
    }

    public init(clock: any WallClock = SystemClock()) {
        self.clock = clock
    }

    public func createIncident(_ draft: IncidentDraft) throws -> Incident {
        try lock.withLock {
            let now = clock.now()
            let base = IncidentID.base(title: draft.title, startedAt: draft.startedAt ?? now)
            let id = IncidentID.unique(base: base) { incidentsByID[$0] != nil }
            let (incident, event) = try IncidentLedger.open(draft, id: id, now: now)
            incidentsByID[id] = incident
            eventsByIncident[id] = [event]
            commits += 1
            return incident
        }
    }

    public func incident(_ id: IncidentID) throws -> Incident {
        try lock.withLock {
            guard let incident = incidentsByID[id] else { throw IncidentStoreError.incidentNotFound(id.rawValue) }
            return incident
        }
    }

    public func summaries() throws -> [IncidentSummary] {
        lock.withLock {
            incidentsByID.values
                .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
                .map { incident in
                    let events = eventsByIncident[incident.id] ?? []
                    return IncidentSummary(
                        incident: incident, eventCount: events.count, lastRecordedAt: events.last?.recordedAt)
                }
        }
    }

    public func mostRecentOpenIncident() throws -> Incident? {
        try summaries().map(\.incident).first(where: \.isOpen)
    }

    public func append(_ draft: EventDraft, to id: IncidentID) throws -> Event {
        try lock.withLock {
            guard let incident = incidentsByID[id] else { throw IncidentStoreError.incidentNotFound(id.rawValue) }
            let events = eventsByIncident[id] ?? []
            let (event, updated) = try IncidentLedger.record(
                draft, in: incident, sequence: Int64(events.count + 1), now: clock.now()
            ) { sequence in
                sequence >= 1 && sequence <= Int64(events.count) ? events[Int(sequence - 1)] : nil
            }
            incidentsByID[id] = updated
            eventsByIncident[id, default: []].append(event)
            commits += 1
            return event
        }
    }

    public func append(contentsOf drafts: [EventDraft], to id: IncidentID) throws -> [Event] {
        try lock.withLock {
            guard var incident = incidentsByID[id] else { throw IncidentStoreError.incidentNotFound(id.rawValue) }
            var events = eventsByIncident[id] ?? []
            let firstNew = events.count
            for draft in drafts {
                let (event, updated) = try IncidentLedger.record(
                    draft, in: incident, sequence: Int64(events.count + 1), now: clock.now()
                ) { sequence in
                    sequence >= 1 && sequence <= Int64(events.count) ? events[Int(sequence - 1)] : nil
                }
                events.append(event)
                incident = updated
            }
            incidentsByID[id] = incident
            eventsByIncident[id] = events
            commits += 1
            return Array(events[firstNew...])
        }
    }

    public func events(of id: IncidentID, after sequence: Int64, limit: Int?) throws -> [Event] {
        try lock.withLock {
            guard let events = eventsByIncident[id] else { throw IncidentStoreError.incidentNotFound(id.rawValue) }
            let start = Int(max(0, min(sequence, Int64(events.count))))
            let end = limit.map { min(events.count, start + max(0, $0)) } ?? events.count
            return Array(events[start..<end])
        }
    }

    public func revision() throws -> StoreRevision {
        lock.withLock { StoreRevision(commits) }
    }
}

extension InMemoryIncidentStore: RecordingLeases {
    public func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64) throws
        -> RecordingLease
    {
        try lock.withLock {
            guard incidentsByID[incident] != nil else { throw IncidentStoreError.incidentNotFound(incident.rawValue) }
            let now = clock.now()
            let key = LeaseKey(incident: incident, balancer: balancer)
            if let current = leases[key], current.holder != holder, current.expiresAt > now {
                return RecordingLease(holder: current.holder, expiresAt: current.expiresAt, isMine: false)
            }
            let lease = RecordingLease(holder: holder, expiresAt: now.adding(milliseconds: milliseconds), isMine: true)
            leases[key] = lease
            return lease
        }
    }

    public func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) throws {
        lock.withLock {
            let key = LeaseKey(incident: incident, balancer: balancer)
            if leases[key]?.holder == holder { leases[key] = nil }
        }
    }
}

extension InMemoryIncidentStore: CounterHistoryStore {
    public func appendHistory(_ buckets: [CounterHistoryBucket], to incident: IncidentID) throws {
        try lock.withLock {
            guard incidentsByID[incident] != nil else { throw IncidentStoreError.incidentNotFound(incident.rawValue) }
            var kept = histories[incident, default: []]
            for bucket in buckets where !kept.contains(where: { $0.source == bucket.source && $0.index == bucket.index }) {
                kept.append(bucket)
            }
            histories[incident] = kept
            commits += 1
        }
    }

    public func history(of incident: IncidentID) throws -> [CounterHistoryBucket] {
        lock.withLock {
            (histories[incident] ?? []).sorted { ($0.source, $0.index) < ($1.source, $1.index) }
        }
    }
}
