import PostgresNIO
import PostmotermCore

/// Brings a database to ``TeamSchema/supportedVersion``: reads `postmoterm_schema` first; a newer
/// version fails with ``TeamStoreError/newerSchema(store:found:supported:)`` before anything is
/// written. Otherwise every missing migration runs in one transaction, under an advisory lock
/// (two hosts migrating at once: the second waits, then finds nothing to do).
struct SchemaMigrator {
    let store: String

    func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        let found = try await version(connection, logger: logger)
        try check(found)
        guard found < TeamSchema.supportedVersion else { return }
        try await connection.transaction(logger: logger) {
            try await connection.query("SELECT pg_advisory_xact_lock(\(TeamSchema.migrationLock))", logger: logger)
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
