import GRDB
import PostmotermCore

/// The database schema, as versioned migrations. Add a migration for every change; never edit
/// a shipped one. A database carrying a migration this build does not know is refused.
enum Schema {
    /// `PRAGMA application_id` of postmoterm databases ("PMTR").
    static let applicationID: Int32 = 0x504D_5452

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-incidents-and-events") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE incident (
                        id TEXT PRIMARY KEY NOT NULL,
                        title TEXT NOT NULL,
                        severity TEXT,
                        status TEXT NOT NULL,
                        playbookPath TEXT,
                        playbookDigest TEXT,
                        startedAt INTEGER NOT NULL,
                        mitigatedAt INTEGER,
                        resolvedAt INTEGER
                    );
                    CREATE INDEX incident_startedAt ON incident(startedAt);
                    -- id: global commit order across incidents (the store revision).
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        incidentID TEXT NOT NULL REFERENCES incident(id),
                        sequence INTEGER NOT NULL,
                        recordedAt INTEGER NOT NULL,
                        happenedAt INTEGER,
                        authorName TEXT NOT NULL,
                        authorRole TEXT,
                        kind TEXT NOT NULL,
                        text TEXT NOT NULL,
                        data TEXT NOT NULL DEFAULT '{}',
                        amends INTEGER,
                        UNIQUE (incidentID, sequence)
                    );
                    -- Append-only: the log is never changed or deleted, not even by mistake.
                    CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                    CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                    """)
        }
        migrator.registerMigration("v2-incident-balancers") { db in
            // The balancers an incident was watched on, so reopening it reconnects to them.
            // Addresses only (`BalancerAddress.recorded`): never credentials.
            try db.execute(
                sql: """
                    CREATE TABLE incident_balancer (
                        incidentID TEXT NOT NULL REFERENCES incident(id),
                        address TEXT NOT NULL,
                        firstWatchedAt INTEGER NOT NULL,
                        PRIMARY KEY (incidentID, address)
                    );
                    """)
        }
        migrator.registerMigration("v3-recording-lease") { db in
            // One recorder per balancer per incident (issue 13.3): `balancer` is the address
            // without credentials, `expiresAt` milliseconds since the epoch on the store's clock.
            try db.execute(
                sql: """
                    CREATE TABLE recording_lease (
                        incidentID TEXT NOT NULL REFERENCES incident(id),
                        balancer TEXT NOT NULL,
                        holder TEXT NOT NULL,
                        expiresAt INTEGER NOT NULL,
                        PRIMARY KEY (incidentID, balancer)
                    );
                    """)
        }
        migrator.registerMigration("v4-team-sync") { db in
            // Team mode (issue 15). `event_origin`: every event's globally unique origin id
            // (UUIDv7), the host that wrote it, and its order in the team store once accepted
            // (NULL: waiting in the outbox). `team_incident`: incidents shared with the team
            // store, whether published yet, and the last server order fetched. The outbox is
            // the pending events of shared incidents (`team_outbox`).
            try db.execute(
                sql: """
                    CREATE TABLE event_origin (
                        eventID INTEGER PRIMARY KEY NOT NULL REFERENCES event(id),
                        originID TEXT NOT NULL UNIQUE,
                        originHost TEXT NOT NULL,
                        serverOrder INTEGER UNIQUE
                    );
                    CREATE INDEX event_origin_pending ON event_origin(eventID) WHERE serverOrder IS NULL;
                    CREATE TABLE team_incident (
                        incidentID TEXT PRIMARY KEY NOT NULL REFERENCES incident(id),
                        published INTEGER NOT NULL DEFAULT 0,
                        lastFetched INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE VIEW team_outbox AS
                        SELECT event.id AS eventID, event.incidentID AS incidentID
                        FROM event_origin
                        JOIN event ON event.id = event_origin.eventID
                        JOIN team_incident ON team_incident.incidentID = event.incidentID
                        WHERE event_origin.serverOrder IS NULL;
                    """)
            // Back-fill: ids made from each event's own recording time, in commit order.
            let clock = ManualClock(Timestamp(millisecondsSinceEpoch: 0))
            let generator = EventOriginIDGenerator(clock: clock, random: SystemRandomNumberGenerator())
            let host = TeamHost.label()
            let rows = try Row.fetchCursor(db, sql: "SELECT id, recordedAt FROM event ORDER BY id")
            let insert = try db.makeStatement(
                sql: "INSERT INTO event_origin (eventID, originID, originHost) VALUES (?, ?, ?)")
            while let row = try rows.next() {
                clock.set(Timestamp(millisecondsSinceEpoch: row[1]))
                try insert.execute(arguments: [row[0] as Int64, generator.next().text, host])
            }
        }
        migrator.registerMigration("v5-counter-history") { db in
            // Per-instance history in 10-second buckets (`CounterHistoryBucket`), written by the
            // console recording the balancer. Per incident and balancer one `counter_history_source`
            // row (a small key for the many rows below); instance names kept once per change of
            // the balancer's instances (`counter_history_names`, in effect from `fromBucket` on);
            // the values in parts of at most `SQLiteIncidentStore.historyPartSize` instances
            // (rows well under a page: a bigger row spills into an overflow page of its own).
            try db.execute(
                sql: """
                    CREATE TABLE counter_history_source (
                        id INTEGER PRIMARY KEY,
                        incidentID TEXT NOT NULL REFERENCES incident(id),
                        source TEXT NOT NULL,
                        UNIQUE (incidentID, source)
                    );
                    CREATE TABLE counter_history_names (
                        sourceID INTEGER NOT NULL REFERENCES counter_history_source(id),
                        fromBucket INTEGER NOT NULL,
                        names BLOB NOT NULL,
                        PRIMARY KEY (sourceID, fromBucket)
                    );
                    CREATE TABLE counter_history (
                        sourceID INTEGER NOT NULL REFERENCES counter_history_source(id),
                        bucket INTEGER NOT NULL,
                        part INTEGER NOT NULL,
                        counters BLOB NOT NULL,
                        PRIMARY KEY (sourceID, bucket, part)
                    );
                    """)
        }
        return migrator
    }
}
