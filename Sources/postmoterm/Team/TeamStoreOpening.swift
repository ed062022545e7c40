import Foundation
import PostgresTeamStore
import PostmotermCore

/// The one place the command line makes a team store from its connection: the PostgreSQL
/// adapter. Bad settings fail with `TeamStoreError.invalidURL` (never the password).
enum TeamStoreOpening {
    static func open(_ connection: TeamConnection) throws -> any TeamStore {
        try PostgresTeamStore(connection: connection, homeDirectory: homeDirectory())
    }

    /// Where `~/.pgpass` is: `$HOME` (as libpq reads it), else the account's home. Foundation's
    /// `NSHomeDirectory()` ignores `$HOME` on Linux, so a responder's `HOME=…` was not honoured.
    static func homeDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
