import PostgresNIO

extension PostgresConnection {
    /// Runs `body` between BEGIN and COMMIT; on an error, ROLLBACK (when the connection still
    /// answers) and the error as `body` threw it (not wrapped, so it can be told apart).
    func transaction<T: Sendable>(logger: Logger, _ body: () async throws -> T) async throws -> T {
        try await query("BEGIN", logger: logger)
        do {
            let value = try await body()
            try await query("COMMIT", logger: logger)
            return value
        } catch {
            if !isClosed { _ = try? await query("ROLLBACK", logger: logger) }
            throw error
        }
    }
}
