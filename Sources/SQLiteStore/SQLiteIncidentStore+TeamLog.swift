import GRDB
import PostmotermCore

extension SQLiteIncidentStore: TeamLog {
    public func sharedIncidents() throws -> [SharedIncidentState] {
        try run {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT incidentID, published, lastFetched FROM team_incident ORDER BY incidentID")
                    .compactMap { row in
                        IncidentID(rawValue: row[0]).map {
                            SharedIncidentState(id: $0, isPublished: row[1], lastFetched: row[2])
                        }
                    }
            }
        }
    }

    @discardableResult
    public func share(_ id: IncidentID) throws -> SharedIncident {
        try write { db in
            let incident = try EventRows.fetchIncident(id, db)
            try db.execute(sql: "INSERT OR IGNORE INTO team_incident (incidentID) VALUES (?)", arguments: [id.rawValue])
            guard let first = try TeamRows.entries(of: id, after: 0, limit: 1, db).first,
                first.event.kind == .incidentStarted
            else {
                throw IncidentStoreError.corruptRecord("incident \(id) has no incidentStarted event")
            }
            return SharedIncident(
                id: id, title: incident.title, severity: incident.severity, playbookPath: incident.playbookPath,
                playbookDigest: incident.playbookDigest, startedAt: first.event.time, openedBy: first.event.author,
                openedOnHost: first.originHost, origin: first.originID)
        }
    }

    public func markPublished(_ id: IncidentID) throws {
        try write { db in
            try db.execute(sql: "UPDATE team_incident SET published = 1 WHERE incidentID = ?", arguments: [id.rawValue])
        }
    }

    public func outbox(limit: Int) throws -> [SharedEvent] {
        try run {
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT event.incidentID, event.sequence FROM team_outbox
                        JOIN event ON event.id = team_outbox.eventID
                        JOIN team_incident ON team_incident.incidentID = team_outbox.incidentID
                        WHERE team_incident.published = 1
                        ORDER BY team_outbox.eventID LIMIT ?
                        """, arguments: [limit])
                var events: [SharedEvent] = []
                for row in rows {
                    guard let id = IncidentID(rawValue: row[0]) else { continue }
                    let sequence: Int64 = row[1]
                    if let entry = try TeamRows.entries(of: id, after: sequence - 1, limit: 1, db).first {
                        events.append(try TeamRows.shared(entry, db))
                    }
                }
                return events
            }
        }
    }

    public func outboxCount() throws -> Int {
        try run {
            try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM team_outbox") ?? 0 }
        }
    }

    public func markAccepted(_ orders: [EventOriginID: Int64]) throws {
        guard !orders.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE event_origin SET serverOrder = ? WHERE originID = ? AND serverOrder IS NULL")
            for (origin, order) in orders.sorted(by: { $0.value < $1.value }) {
                try statement.execute(arguments: [order, origin.text])
            }
        }
    }

    @discardableResult
    public func importShared(_ events: [AcceptedEvent], of shared: SharedIncident) throws -> Int {
        try write { db in
            let id = shared.id
            if (try? EventRows.fetchIncident(id, db)) != nil {
                // A local incident with this id is the team's only if its first event is the
                // team's origin (two hosts may open different incidents under one id).
                let first = try TeamRows.entries(of: id, after: 0, limit: 1, db).first
                guard first?.originID == shared.origin else {
                    throw IncidentStoreError.invalidEvent(
                        "this host has a different incident \(id); the team's (opened by \(shared.openedBy) on \(shared.openedOnHost)) was not imported")
                }
            } else {
                try EventRows.insertIncident(
                    Incident(
                        id: id, title: shared.title, severity: shared.severity, playbookPath: shared.playbookPath,
                        playbookDigest: shared.playbookDigest, startedAt: shared.startedAt), db)
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO team_incident (incidentID, published) VALUES (?, 1)", arguments: [id.rawValue])
            var imported = 0
            var next = try Int64.fetchOne(
                db, sql: "SELECT coalesce(max(sequence), 0) + 1 FROM event WHERE incidentID = ?", arguments: [id.rawValue]) ?? 1
            var highest: Int64 = 0
            var settles = false
            for accepted in events where accepted.event.incidentID == id {
                highest = max(highest, accepted.serverOrder)
                let shared = accepted.event
                if let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT eventID, serverOrder FROM event_origin WHERE originID = ?"),
                    arguments: [shared.originID.text])
                {
                    if (row[1] as Int64?) == nil {
                        try db.execute(
                            sql: "UPDATE event_origin SET serverOrder = ? WHERE eventID = ?",
                            arguments: [accepted.serverOrder, row[0] as Int64])
                    }
                    continue
                }
                let amends = try shared.amends.flatMap { origin in
                    try Int64.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT event.sequence FROM event_origin JOIN event ON event.id = event_origin.eventID WHERE originID = ?"),
                        arguments: [origin.text])
                }
                let event = Event(
                    incidentID: id, sequence: next, recordedAt: shared.recordedAt, happenedAt: shared.happenedAt,
                    author: shared.author, kind: shared.kind, text: shared.text, data: shared.data, amends: amends)
                try EventRows.insert(
                    event, origin: shared.originID, host: shared.originHost, serverOrder: accepted.serverOrder, db)
                next += 1
                imported += 1
                settles = settles || shared.kind == .statusChanged || shared.kind == .amendment || shared.kind == .incidentStarted
            }
            try db.execute(
                sql: "UPDATE team_incident SET lastFetched = max(lastFetched, ?), published = 1 WHERE incidentID = ?",
                arguments: [highest, id.rawValue])
            // Only status changes and amended times move the incident: a catch-up of notes does not
            // replay the whole log per batch.
            if settles { try TeamRows.settleIncident(id, db) }
            return imported
        }
    }

    /// The events a timeline shows: for a shared incident, the converged ones (the same on every
    /// host once converged; see `TeamConvergence`), else the log as it is.
    public func timelineEvents(of id: IncidentID) throws -> [Event] {
        let shared = try run {
            try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM team_incident WHERE incidentID = ?", arguments: [id.rawValue]) ?? false
            }
        }
        return shared ? TeamConvergence.timeline(try teamEntries(of: id)) : try events(of: id)
    }

    public func teamEntries(of id: IncidentID) throws -> [TeamLogEntry] {
        try run {
            try pool.read { db in try TeamRows.entries(of: id, after: 0, limit: nil, db) }
        }
    }
}
