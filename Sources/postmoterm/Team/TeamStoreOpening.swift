import PostmotermCore

/// The one place the command line makes a team store from its connection: the PostgreSQL
/// adapter (`PostgresTeamStore`, team-pg's target) once it is part of the build.
enum TeamStoreOpening {
    static func open(_ connection: TeamConnection) throws -> any TeamStore {
        throw TeamStoreError.invalidURL("\(connection.redactedURL): this build of postmoterm has no PostgreSQL adapter yet")
    }
}
