import PostgresNIO
import PostmotermCore

/// Brings a database to ``TeamSchema/supportedVersion``: reads `postmoterm_schema` first; a newer
/// version fails with ``TeamStoreError/newerSchema(store:found:supported:)`` before anything is
/// written. Otherwise every missing migration runs in one transaction, under a session advisory
/// lock taken before it begins (two hosts migrating at once: the second waits, then finds
/// nothing to do).
struct SchemaMigrator {
    let store: String

    func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        let found = try await version(connection, logger: logger)
        try check(found)
        guard found < TeamSchema.supportedVersion else { return }
        // The lock is the session's, taken before BEGIN: a transaction that began before another
        // host's migration committed keeps a stale view of the catalog (PostgreSQL refreshes it
        // when a transaction starts or a table is locked, not on an advisory lock), so it would
        // not see the tables that host just made ("relation already exists").
        _ = try await connection.query("SELECT pg_advisory_lock(\(TeamSchema.migrationLock))", logger: logger).collect()
        do {
            try await connection.transaction(logger: logger) {
                let current = try await version(connection, logger: logger)
                try check(current)
                for migration in TeamSchema.migrations.dropFirst(current) {
                    for statement in migration {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                }
                try await connection.query(
                    "UPDATE postmoterm_schema SET version = \(Int32(TeamSchema.supportedVersion))", logger: logger)
            }
        } catch {
            // A closed connection has released the lock with its session.
            if !connection.isClosed {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(TeamSchema.migrationLock))", logger: logger).collect()
            }
            throw error
        }
        _ = try await connection.query("SELECT pg_advisory_unlock(\(TeamSchema.migrationLock))", logger: logger).collect()
    }

    /// The version written in the database, 0 when it has no postmoterm tables yet.
    func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists = try await connection.query(
            "SELECT to_regclass('postmoterm_schema') IS NOT NULL", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return 0 }
        let row = try await connection.query("SELECT max(version) FROM postmoterm_schema", logger: logger).collect().first
        return Int(try row?.decode(Int32?.self) ?? 0)
    }

    private func check(_ found: Int) throws {
        if found > TeamSchema.supportedVersion {
            throw TeamStoreError.newerSchema(store: store, found: found, supported: TeamSchema.supportedVersion)
        }
    }
}
