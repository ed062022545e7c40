import GRDB
import PostmotermCore

/// Reading events with their team-mode origin (the `event_origin` table of `v4-team-sync`).
enum TeamRows {
    /// The incident's events after local sequence `sequence`, with origin and server order.
    static func entries(of id: IncidentID, after sequence: Int64, limit: Int?, _ db: Database) throws -> [TeamLogEntry] {
        let events = try EventRows.fetchEvents(id, after: sequence, limit: limit, db)
        guard !events.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT event.sequence, originID, originHost, serverOrder FROM event
                    JOIN event_origin ON event_origin.eventID = event.id
                    WHERE event.incidentID = ? AND event.sequence BETWEEN ? AND ?
                    """),
            arguments: [id.rawValue, events[0].sequence, events[events.count - 1].sequence])
        var origins: [Int64: (EventOriginID, String, Int64?)] = [:]
        for row in rows {
            let text: String = row[1]
            guard let origin = EventOriginID(text) else {
                throw IncidentStoreError.corruptRecord("event \(id)#\(row[0] as Int64) has origin id '\(text)'")
            }
            origins[row[0]] = (origin, row[2], row[3])
        }
        return try events.map { event in
            guard let (origin, host, order) = origins[event.sequence] else {
                throw IncidentStoreError.corruptRecord("event \(id)#\(event.sequence) has no origin id")
            }
            return TeamLogEntry(event: event, originID: origin, originHost: host, serverOrder: order)
        }
    }

    /// The event of `entry` as shipped: `amends` by origin id.
    static func shared(_ entry: TeamLogEntry, _ db: Database) throws -> SharedEvent {
        let event = entry.event
        let amends = try event.amends.flatMap { sequence -> EventOriginID? in
            let text = try String.fetchOne(
                db.cachedStatement(
                    sql: "SELECT originID FROM event_origin JOIN event ON event.id = event_origin.eventID WHERE event.incidentID = ? AND event.sequence = ?"),
                arguments: [event.incidentID.rawValue, sequence])
            return text.flatMap { EventOriginID($0) }
        }
        return SharedEvent(
            originID: entry.originID, incidentID: event.incidentID, originHost: entry.originHost, author: event.author,
            kind: event.kind, text: event.text, data: event.data, happenedAt: event.happenedAt,
            recordedAt: event.recordedAt, amends: amends)
    }

    /// Sets the incident's status and times to what its converged events say.
    static func settleIncident(_ id: IncidentID, _ db: Database) throws {
        let incident = try EventRows.fetchIncident(id, db)
        let converged = TeamConvergence.timeline(try entries(of: id, after: 0, limit: nil, db))
        let settled = TeamConvergence.incident(incident, events: converged)
        guard settled != incident else { return }
        try db.execute(
            sql: "UPDATE incident SET status = ?, startedAt = ?, mitigatedAt = ?, resolvedAt = ? WHERE id = ?",
            arguments: [
                settled.status.rawValue, settled.startedAt.millisecondsSinceEpoch, settled.mitigatedAt?.millisecondsSinceEpoch,
                settled.resolvedAt?.millisecondsSinceEpoch, id.rawValue,
            ])
    }
}
