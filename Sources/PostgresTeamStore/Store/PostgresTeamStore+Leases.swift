import PostgresNIO
import PostmotermCore

extension PostgresTeamStore {
    /// The server's clock in milliseconds since the epoch (every host's lease is timed by it,
    /// so hosts whose clocks disagree still agree on who holds a lease).
    private static let serverNow = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

    /// One transaction: take the row when it is free, expired or already `holder`'s (an upsert
    /// whose update only applies then), else read who has it. Two hosts claiming at once are
    /// serialized by the row's lock: exactly one gets a free lease.
    public func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64)
        async throws -> RecordingLease
    {
        try await prepareOnce()
        return try await work.run { connection, logger in
            try await connection.transaction(logger: logger) {
                try await Self.requirePublished([incident], connection, logger)
                let taken = try await connection.query(
                    """
                    INSERT INTO recording_leases AS lease (incident_id, balancer, holder, expires_at)
                    VALUES (\(incident.rawValue), \(balancer), \(holder), \(unescaped: Self.serverNow) + \(milliseconds))
                    ON CONFLICT (incident_id, balancer) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                    WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= \(unescaped: Self.serverNow)
                    RETURNING expires_at
                    """, logger: logger
                ).collect()
                if let row = taken.first {
                    return RecordingLease(
                        holder: holder, expiresAt: Timestamp(millisecondsSinceEpoch: try row.decode(Int64.self)), isMine: true)
                }
                let current = try await connection.query(
                    """
                    SELECT holder, expires_at FROM recording_leases
                    WHERE incident_id = \(incident.rawValue) AND balancer = \(balancer)
                    """, logger: logger
                ).collect()
                guard let row = current.first else {
                    throw TeamStoreError.corruptRecord("the lease of \(balancer) for \(incident) vanished while claimed")
                }
                let (other, expiresAt) = try row.decode((String, Int64).self)
                return RecordingLease(holder: other, expiresAt: Timestamp(millisecondsSinceEpoch: expiresAt), isMine: false)
            }
        }
    }

    public func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) async throws {
        try await prepareOnce()
        try await work.run { connection, logger in
            _ = try await connection.query(
                """
                DELETE FROM recording_leases
                WHERE incident_id = \(incident.rawValue) AND balancer = \(balancer) AND holder = \(holder)
                """, logger: logger)
        }
    }
}
