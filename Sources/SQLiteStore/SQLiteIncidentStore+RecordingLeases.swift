import GRDB
import PostmotermCore

extension SQLiteIncidentStore: RecordingLeases {
    /// Read and written in one `BEGIN IMMEDIATE` transaction: two processes claiming at the same
    /// moment are serialized by SQLite's write lock, so exactly one of them gets a free lease.
    public func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64) throws
        -> RecordingLease
    {
        try write { db in
            _ = try EventRows.fetchIncident(incident, db)
            let now = clock.now()
            // Cached statements: a console renews its lease every few seconds, and preparing
            // the two statements anew was most of a renewal's instructions (callgrind).
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT holder, expiresAt FROM recording_lease WHERE incidentID = ? AND balancer = ?"),
                arguments: [incident.rawValue, balancer]),
                let current: String = row["holder"], current != holder,
                let expiresAt: Int64 = row["expiresAt"], expiresAt > now.millisecondsSinceEpoch
            {
                return RecordingLease(holder: current, expiresAt: Timestamp(millisecondsSinceEpoch: expiresAt), isMine: false)
            }
            let expiresAt = now.adding(milliseconds: milliseconds)
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO recording_lease (incidentID, balancer, holder, expiresAt) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [incident.rawValue, balancer, holder, expiresAt.millisecondsSinceEpoch])
            return RecordingLease(holder: holder, expiresAt: expiresAt, isMine: true)
        }
    }

    public func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM recording_lease WHERE incidentID = ? AND balancer = ? AND holder = ?",
                arguments: [incident.rawValue, balancer, holder])
        }
    }
}
