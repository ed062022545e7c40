import Foundation
import PostgresNIO
import PostmotermCore

extension PostgresTeamStore {
    private static let incidentColumns = """
        id, origin, title, severity, playbook_path, playbook_digest, started_at, opened_by, opened_by_role, opened_on_host
        """

    @discardableResult
    public func publish(_ incident: SharedIncident) async throws -> SharedIncident {
        try await prepareOnce()
        return try await work.run { connection, logger in
            try await connection.transaction(logger: logger) {
                let inserted = try await connection.query(
                    """
                    INSERT INTO incidents (\(unescaped: Self.incidentColumns))
                    VALUES (\(incident.id.rawValue), \(incident.origin.uuid), \(incident.title), \(incident.severity),
                        \(incident.playbookPath), \(incident.playbookDigest), \(incident.startedAt.millisecondsSinceEpoch),
                        \(incident.openedBy.name), \(incident.openedBy.role), \(incident.openedOnHost))
                    ON CONFLICT DO NOTHING RETURNING id
                    """, logger: logger
                ).collect()
                if !inserted.isEmpty { return incident }
                let sameOrigin = try await Self.incidents(
                    where: "origin = \(incident.origin.uuid)", connection, logger)
                if let stored = sameOrigin.first { return stored }
                let sameID = try await Self.incidents(where: "id = \(incident.id.rawValue)", connection, logger)
                let holder = sameID.first.map { "\($0.openedBy) on \($0.openedOnHost)" } ?? "another host"
                throw TeamStoreError.incidentIDTaken(incident.id, openedBy: holder)
            }
        }
    }

    public func incidents() async throws -> [SharedIncident] {
        try await prepareOnce()
        return try await work.run { connection, logger in
            try await Self.incidents(where: "true ORDER BY started_at DESC, id", connection, logger)
        }
    }

    public func incident(_ id: IncidentID) async throws -> SharedIncident? {
        try await prepareOnce()
        return try await work.run { connection, logger in
            try await Self.incidents(where: "id = \(id.rawValue)", connection, logger).first
        }
    }

    /// The incidents matching `condition` (a query fragment with its binds).
    private static func incidents(where condition: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> [SharedIncident]
    {
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(incidentColumns) FROM incidents WHERE \(condition.sql)", binds: condition.binds)
        var incidents: [SharedIncident] = []
        for try await (id, origin, title, severity, path, digest, startedAt, name, role, host) in try await connection.query(
            query, logger: logger
        ).decode((String, UUID, String, String?, String?, String?, Int64, String, String?, String).self) {
            guard let incidentID = IncidentID(rawValue: id), let originID = EventOriginID(origin) else {
                throw TeamStoreError.corruptRecord("incident '\(id)' has an unreadable id or origin")
            }
            incidents.append(
                SharedIncident(
                    id: incidentID, title: title, severity: severity, playbookPath: path, playbookDigest: digest,
                    startedAt: Timestamp(millisecondsSinceEpoch: startedAt), openedBy: Author(name: name, role: role),
                    openedOnHost: host, origin: originID))
        }
        return incidents
    }
}
