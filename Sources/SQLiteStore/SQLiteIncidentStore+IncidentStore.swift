import Foundation
import GRDB
import PostmotermCore

extension SQLiteIncidentStore: IncidentStore {
    public func createIncident(_ draft: IncidentDraft) throws -> Incident {
        try write { db in
            let now = clock.now()
            let base = IncidentID.base(title: draft.title, startedAt: draft.startedAt ?? now)
            let id = try IncidentID.unique(base: base) { candidate in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM incident WHERE id = ?", arguments: [candidate.rawValue]) ?? false
            }
            let (incident, event) = try IncidentLedger.open(draft, id: id, now: now)
            try EventRows.insertIncident(incident, db)
            try EventRows.insert(event, origin: originIDs.next(), host: originHost, db)
            return incident
        }
    }

    public func incident(_ id: IncidentID) throws -> Incident {
        try run {
            try pool.read { db in try EventRows.fetchIncident(id, db) }
        }
    }

    public func summaries() throws -> [IncidentSummary] {
        try run {
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT incident.*,
                               (SELECT count(*) FROM event WHERE event.incidentID = incident.id) AS eventCount,
                               (SELECT max(recordedAt) FROM event WHERE event.incidentID = incident.id) AS lastRecordedAt
                        FROM incident ORDER BY startedAt DESC, id DESC
                        """)
                return try rows.map { row in
                    IncidentSummary(
                        incident: try EventRows.incident(row), eventCount: row["eventCount"],
                        lastRecordedAt: (row["lastRecordedAt"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)))
                }
            }
        }
    }

    public func mostRecentOpenIncident() throws -> Incident? {
        try run {
            try pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM incident WHERE status != 'resolved' ORDER BY startedAt DESC, id DESC LIMIT 1"
                ).map(EventRows.incident)
            }
        }
    }

    public func append(_ draft: EventDraft, to id: IncidentID) throws -> Event {
        try write { db in
            var incident = try EventRows.fetchIncident(id, db)
            return try appendInTransaction(draft, to: &incident, db)
        }
    }

    public func append(contentsOf drafts: [EventDraft], to id: IncidentID) throws -> [Event] {
        try write { db in
            var incident = try EventRows.fetchIncident(id, db)
            return try drafts.map { try appendInTransaction($0, to: &incident, db) }
        }
    }

    /// Allocates the next sequence and records `draft`; the caller holds the write transaction.
    private func appendInTransaction(_ draft: EventDraft, to incident: inout Incident, _ db: Database) throws -> Event {
        let id = incident.id
        let next =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT coalesce(max(sequence), 0) + 1 FROM event WHERE incidentID = ?"),
                arguments: [id.rawValue]) ?? 1
        let (event, updated) = try IncidentLedger.record(draft, in: incident, sequence: next, now: clock.now()) {
            sequence in
            try EventRows.fetchEvents(id, after: sequence - 1, limit: 1, db).first { $0.sequence == sequence }
        }
        try EventRows.insert(event, origin: originIDs.next(), host: originHost, db)
        if updated != incident {
            try db.execute(
                sql: "UPDATE incident SET status = ?, startedAt = ?, mitigatedAt = ?, resolvedAt = ? WHERE id = ?",
                arguments: [
                    updated.status.rawValue, updated.startedAt.millisecondsSinceEpoch, updated.mitigatedAt?.millisecondsSinceEpoch,
                    updated.resolvedAt?.millisecondsSinceEpoch, id.rawValue,
                ])
            incident = updated
        }
        return event
    }

    public func events(of id: IncidentID, after sequence: Int64, limit: Int?) throws -> [Event] {
        if limit == nil, let parallel = try eventsInParallel(of: id, after: sequence) { return parallel }
        return try run {
            try pool.read { db in
                let events = try EventRows.fetchEvents(id, after: sequence, limit: limit, db)
                if events.isEmpty {
                    // Tell "no new events" from "no such incident".
                    _ = try EventRows.fetchIncident(id, db)
                }
                return events
            }
        }
    }

    /// A long log (opening a big incident) is read as two halves on two reader connections at
    /// once. Sequences only grow, so the halves join into one consistent prefix of the log even if
    /// a writer commits in between. Nil when the log is short enough to read in one go.
    private func eventsInParallel(of id: IncidentID, after sequence: Int64) throws -> [Event]? {
        let last = try run {
            try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM event WHERE incidentID = ?", arguments: [id.rawValue])
            }
        }
        guard let last, last - sequence >= parallelReadThreshold else { return nil }
        let middle = sequence + (last - sequence) / 2
        let halves = ParallelHalves()
        let readers = pool
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            do {
                let events = try readers.read { db in
                    half == 0
                        ? try EventRows.fetchEvents(id, after: sequence, limit: Int(middle - sequence), db)
                        : try EventRows.fetchEvents(id, after: middle, limit: nil, db)
                }
                halves.set(half, .success(events))
            } catch {
                halves.set(half, .failure(error))
            }
        }
        return try run { try halves.joined() }
    }

    public func revision() throws -> StoreRevision {
        try run {
            try pool.read { db in
                StoreRevision(try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM event") ?? 0)
            }
        }
    }

    /// One `BEGIN IMMEDIATE` transaction: the write lock is taken first (waiting up to the busy
    /// timeout for other processes), so reads inside see the latest commit and the sequence
    /// allocated is free. Returns after COMMIT.
    func write<T>(_ body: (Database) throws -> T) throws(IncidentStoreError) -> T {
        try run {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw IncidentStoreError.storage("the transaction produced no result") }
                return result
            }
        }
    }
}
