import GRDB
import PostmotermCore

/// Reading and writing incidents and events as rows (by column, without Codable, because opening
/// a 100,000-event incident must stay fast).
enum EventRows {
    static let eventColumns =
        "sequence, recordedAt, happenedAt, authorName, authorRole, kind, text, data, amends"

    /// Inserts `event` and its origin (team mode: its origin id, the host that wrote it, and its
    /// server order when it came from the team store).
    static func insert(
        _ event: Event, origin: EventOriginID, host: String, serverOrder: Int64? = nil, _ db: Database
    ) throws {
        // Cached: a busy log appends many times per connection; parse the SQL once.
        try db.cachedStatement(
            sql: """
                INSERT INTO event (incidentID, \(eventColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                event.incidentID.rawValue, event.sequence, event.recordedAt.millisecondsSinceEpoch,
                event.happenedAt?.millisecondsSinceEpoch, event.author.name, event.author.role,
                event.kind.rawValue, event.text, FlatJSON.encode(event.data), event.amends,
            ])
        try db.cachedStatement(
            sql: "INSERT INTO event_origin (eventID, originID, originHost, serverOrder) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [db.lastInsertedRowID, origin.text, host, serverOrder])
    }

    static func fetchEvents(_ id: IncidentID, after sequence: Int64, limit: Int?, _ db: Database) throws -> [Event] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(eventColumns) FROM event
                WHERE incidentID = ? AND sequence > ? ORDER BY sequence LIMIT ?
                """)
        let cursor = try Row.fetchCursor(statement, arguments: [id.rawValue, sequence, limit ?? -1])
        var events: [Event] = []
        while let row = try cursor.next() {
            let kindName: String = row[5]
            guard let kind = EventKind(rawValue: kindName) else {
                throw IncidentStoreError.corruptRecord("event \(id)#\(row[0] as Int64) has unknown kind '\(kindName)'")
            }
            let dataText: String = row[7]
            guard let data = FlatJSON.decode(dataText) else {
                throw IncidentStoreError.corruptRecord("event \(id)#\(row[0] as Int64) has unreadable data")
            }
            events.append(
                Event(
                    incidentID: id, sequence: row[0],
                    recordedAt: Timestamp(millisecondsSinceEpoch: row[1]),
                    happenedAt: (row[2] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)),
                    author: Author(name: row[3], role: row[4]), kind: kind, text: row[6], data: data,
                    amends: row[8]))
        }
        return events
    }

    static func fetchIncident(_ id: IncidentID, _ db: Database) throws -> Incident {
        let statement = try db.cachedStatement(sql: "SELECT * FROM incident WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id.rawValue]) else {
            throw IncidentStoreError.incidentNotFound(id.rawValue)
        }
        return try incident(row)
    }

    static func incident(_ row: Row) throws -> Incident {
        let rawID: String = row["id"]
        let rawStatus: String = row["status"]
        guard let id = IncidentID(rawValue: rawID), let status = IncidentStatus(rawValue: rawStatus) else {
            throw IncidentStoreError.corruptRecord("incident '\(rawID)' has status '\(rawStatus)'")
        }
        return Incident(
            id: id, title: row["title"], severity: row["severity"], status: status,
            playbookPath: row["playbookPath"], playbookDigest: row["playbookDigest"],
            startedAt: Timestamp(millisecondsSinceEpoch: row["startedAt"]),
            mitigatedAt: (row["mitigatedAt"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)),
            resolvedAt: (row["resolvedAt"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)))
    }

    static func insertIncident(_ incident: Incident, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO incident (id, title, severity, status, playbookPath, playbookDigest, startedAt, mitigatedAt, resolvedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: incidentArguments(incident))
    }

    static func incidentArguments(_ incident: Incident) -> StatementArguments {
        [
            incident.id.rawValue, incident.title, incident.severity, incident.status.rawValue,
            incident.playbookPath, incident.playbookDigest, incident.startedAt.millisecondsSinceEpoch,
            incident.mitigatedAt?.millisecondsSinceEpoch, incident.resolvedAt?.millisecondsSinceEpoch,
        ]
    }
}
