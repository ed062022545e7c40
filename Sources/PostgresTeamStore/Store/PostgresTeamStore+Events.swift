import Foundation
import PostgresNIO
import PostmotermCore

extension PostgresTeamStore {
    /// Rows per INSERT statement (12 parameters each, well under PostgreSQL's 65,535).
    static let rowsPerStatement = 1_000

    public func push(_ events: [SharedEvent]) async throws -> [EventOriginID: Int64] {
        guard !events.isEmpty else { return [:] }
        try await prepareOnce()
        return try await work.run { connection, logger in
            try await connection.transaction(logger: logger) {
                try await connection.query("SELECT pg_advisory_xact_lock(\(TeamSchema.pushLock))", logger: logger)
                try await Self.requirePublished(Set(events.map(\.incidentID)), connection, logger)
                for start in stride(from: 0, to: events.count, by: Self.rowsPerStatement) {
                    let chunk = events[start..<min(events.count, start + Self.rowsPerStatement)]
                    try await connection.query(try Self.insertion(chunk), logger: logger)
                }
                let ids = events.map(\.originID.uuid)
                var orders: [EventOriginID: Int64] = [:]
                let rows = try await connection.query(
                    "SELECT origin_id, server_order FROM events WHERE origin_id = ANY(\(ids))", logger: logger)
                for try await (uuid, order) in rows.decode((UUID, Int64).self) {
                    if let id = EventOriginID(uuid) { orders[id] = order }
                }
                return orders
            }
        }
    }

    public func fetch(incident: IncidentID, after serverOrder: Int64, limit: Int?) async throws -> [AcceptedEvent] {
        try await prepareOnce()
        return try await work.run { connection, logger in
            let rows = try await connection.query(
                """
                SELECT server_order, origin_id, origin_host, author_name, author_role, kind, body, data_keys,
                    data_values, happened_at, recorded_at, amends
                FROM events WHERE incident_id = \(incident.rawValue) AND server_order > \(serverOrder)
                ORDER BY server_order LIMIT \(limit.map(Int64.init))
                """, logger: logger)
            var events: [AcceptedEvent] = []
            if let limit { events.reserveCapacity(limit) }
            for try await row in rows {
                events.append(try Self.event(row, incident: incident))
            }
            return events
        }
    }

    /// Fails with ``TeamStoreError/incidentNotPublished(_:)`` naming the first unpublished one.
    static func requirePublished(_ incidents: Set<IncidentID>, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let wanted = incidents.map(\.rawValue)
        var known: Set<String> = []
        for try await id in try await connection.query("SELECT id FROM incidents WHERE id = ANY(\(wanted))", logger: logger)
            .decode(String.self)
        {
            known.insert(id)
        }
        if let missing = incidents.sorted().first(where: { !known.contains($0.rawValue) }) {
            throw TeamStoreError.incidentNotPublished(missing)
        }
    }

    /// One INSERT … ON CONFLICT DO NOTHING for `events`, NOTIFYing each incident's highest new order.
    private static func insertion(_ events: ArraySlice<SharedEvent>) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: events.count * 12)
        var rows: [String] = []
        rows.reserveCapacity(events.count)
        for event in events {
            let n = bindings.count
            rows.append(
                "($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6), $\(n + 7), $\(n + 8), $\(n + 9), "
                    + "$\(n + 10), $\(n + 11), $\(n + 12))")
            let keys = event.data.keys.sorted()
            bindings.append(event.originID.uuid)
            bindings.append(event.incidentID.rawValue)
            bindings.append(event.originHost)
            bindings.append(event.author.name)
            bindings.append(event.author.role)
            bindings.append(event.kind.rawValue)
            bindings.append(event.text)
            bindings.append(keys)
            bindings.append(keys.map { event.data[$0] ?? "" })
            bindings.append(event.happenedAt?.millisecondsSinceEpoch)
            bindings.append(event.recordedAt.millisecondsSinceEpoch)
            bindings.append(event.amends?.uuid)
        }
        let sql = """
            WITH inserted AS (
                INSERT INTO events (origin_id, incident_id, origin_host, author_name, author_role, kind, body,
                    data_keys, data_values, happened_at, recorded_at, amends)
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (origin_id) DO NOTHING
                RETURNING incident_id, server_order)
            SELECT pg_notify('\(TeamSchema.channel)', incident_id || ':' || max(server_order))
            FROM inserted GROUP BY incident_id
            """
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private static func event(_ row: PostgresRow, incident: IncidentID) throws -> AcceptedEvent {
        let (order, uuid, host, name, role, kindName, text, keys, values, happenedAt, recordedAt, amends) = try row.decode(
            (Int64, UUID, String, String, String?, String, String, [String], [String], Int64?, Int64, UUID?).self)
        guard let originID = EventOriginID(uuid) else { throw TeamStoreError.corruptRecord("event \(order) of \(incident): bad id") }
        guard let kind = EventKind(rawValue: kindName) else {
            throw TeamStoreError.corruptRecord(
                "event \(originID) of \(incident) has the kind '\(kindName)', unknown to this postmoterm (written by a newer one?)")
        }
        guard keys.count == values.count else {
            throw TeamStoreError.corruptRecord("event \(originID) of \(incident): \(keys.count) data keys, \(values.count) values")
        }
        let event = SharedEvent(
            originID: originID, incidentID: incident, originHost: host, author: Author(name: name, role: role), kind: kind,
            text: text, data: Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first }),
            happenedAt: happenedAt.map(Timestamp.init(millisecondsSinceEpoch:)),
            recordedAt: Timestamp(millisecondsSinceEpoch: recordedAt), amends: amends.flatMap(EventOriginID.init))
        return AcceptedEvent(serverOrder: order, event: event)
    }
}
