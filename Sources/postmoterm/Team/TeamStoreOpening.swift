import PostgresTeamStore
import PostmotermCore

/// The one place the command line makes a team store from its connection: the PostgreSQL
/// adapter. Bad settings fail with `TeamStoreError.invalidURL` (never the password).
enum TeamStoreOpening {
    static func open(_ connection: TeamConnection) throws -> any TeamStore {
        try PostgresTeamStore(connection: connection)
    }
}
