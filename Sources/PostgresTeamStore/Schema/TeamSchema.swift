/// The team store's tables, as versioned migrations. Version N is `migrations[N - 1]`; a
/// database is at the version in `postmoterm_schema`. Never edit a shipped migration: add one.
///
/// - `incidents`: one row per published incident (``SharedIncident``), `origin` unique.
/// - `events`: one row per accepted event; `server_order` (an identity) is the shared order,
///   `origin_id` is unique (pushes are idempotent on it). `data` is two parallel arrays (keys
///   sorted) so reading 100,000 events decodes no JSON.
/// - `recording_leases`: who records which balancer for which incident, until when (the
///   server's clock, milliseconds since the epoch).
enum TeamSchema {
    /// Each migration is a list of statements (the extended protocol takes one at a time).
    static let migrations: [[String]] = [
        // 1
        [
            "CREATE TABLE postmoterm_schema (version integer NOT NULL)",
            "INSERT INTO postmoterm_schema (version) VALUES (0)",
            """
            CREATE TABLE incidents (
                id text PRIMARY KEY,
                origin uuid NOT NULL UNIQUE,
                title text NOT NULL,
                severity text,
                playbook_path text,
                playbook_digest text,
                started_at bigint NOT NULL,
                opened_by text NOT NULL,
                opened_by_role text,
                opened_on_host text NOT NULL,
                published_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE events (
                server_order bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                origin_id uuid NOT NULL UNIQUE,
                incident_id text NOT NULL REFERENCES incidents (id),
                origin_host text NOT NULL,
                author_name text NOT NULL,
                author_role text,
                kind text NOT NULL,
                body text NOT NULL,
                data_keys text[] NOT NULL,
                data_values text[] NOT NULL,
                happened_at bigint,
                recorded_at bigint NOT NULL,
                amends uuid
            )
            """,
            "CREATE INDEX events_by_incident ON events (incident_id, server_order)",
            """
            CREATE TABLE recording_leases (
                incident_id text NOT NULL REFERENCES incidents (id),
                balancer text NOT NULL,
                holder text NOT NULL,
                expires_at bigint NOT NULL,
                PRIMARY KEY (incident_id, balancer)
            )
            """,
        ]
    ]

    /// The newest version this postmoterm knows.
    static var supportedVersion: Int { migrations.count }

    /// The advisory lock key every migrating host takes (two hosts migrating at once: one waits,
    /// then finds the work done). "postmoterm" in ASCII, truncated.
    static let migrationLock: Int64 = 0x706f_7374_6d6f_7465

    /// The advisory lock key every push takes for its transaction, so server orders are assigned
    /// in commit order (a reader that saw order N never later finds a new event below N).
    static let pushLock: Int64 = 0x706f_7374_7075_7368

    /// The LISTEN/NOTIFY channel; payloads are `incident:serverOrder`.
    static let channel = "postmoterm"
}
