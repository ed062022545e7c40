/// Why the team store could not do what was asked. Each reads as one line for the user and
/// names the store by its redacted URL (``TeamConnection/redactedURL``): no description ever
/// contains a password, whatever the server or the driver said.
public enum TeamStoreError: Error, Hashable, Sendable {
    /// The URL cannot be used; the text says why (without the password).
    case invalidURL(String)
    /// The store did not answer: connection refused, no route, name unknown, connection lost.
    case unreachable(store: String, reason: String)
    /// The store did not answer within `seconds` (a hung server, a black-holed network).
    case timedOut(store: String, seconds: Double)
    /// The server refused `user`'s credentials (wrong or missing password).
    case authenticationFailed(store: String, user: String)
    /// The server has no database by this name (create it with `createdb NAME`).
    case databaseMissing(store: String, database: String)
    /// TLS was required and failed: refused by the server, or the certificate did not verify.
    case tls(store: String, reason: String)
    /// The store's schema was written by a newer postmoterm (`found` > `supported`); it was left
    /// untouched.
    case newerSchema(store: String, found: Int, supported: Int)
    /// An event was pushed for an incident not published to the store (publish it first).
    case incidentNotPublished(IncidentID)
    /// Another host already published a different incident under this id (different origin).
    case incidentIDTaken(IncidentID, openedBy: String)
    /// The server reported an error not listed above; `message` is the server's, without secrets.
    case server(store: String, message: String)
    /// A stored record cannot be read back.
    case corruptRecord(String)

    /// Whether trying again later may succeed (the network or the server may come back), as
    /// opposed to something a person must fix (credentials, a missing database, a newer schema).
    public var isRetryable: Bool {
        switch self {
        case .unreachable, .timedOut, .server: return true
        case .invalidURL, .authenticationFailed, .databaseMissing, .tls, .newerSchema, .incidentNotPublished,
            .incidentIDTaken, .corruptRecord:
            return false
        }
    }
}

extension TeamStoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidURL(let reason):
            return "team store URL: \(reason)"
        case .unreachable(let store, let reason):
            return "team store \(store) is unreachable: \(reason)"
        case .timedOut(let store, let seconds):
            return "team store \(store) did not answer within \(TeamStoreError.format(seconds)) s"
        case .authenticationFailed(let store, let user):
            return "team store \(store) refused the password of user '\(user)' (set it with $PGPASSWORD, ~/.pgpass or --team-password-file)"
        case .databaseMissing(let store, let database):
            return "team store \(store) has no database '\(database)' (create it once with `createdb \(database)`)"
        case .tls(let store, let reason):
            return "team store \(store): TLS failed: \(reason)"
        case .newerSchema(let store, let found, let supported):
            return "team store \(store) was written by a newer postmoterm (schema \(found), this one knows up to \(supported)); it was left untouched (upgrade postmoterm)"
        case .incidentNotPublished(let id):
            return "incident \(id) is not in the team store yet (publish it with `postmoterm team push \(id)`)"
        case .incidentIDTaken(let id, let openedBy):
            return "the team store already has a different incident \(id) (opened by \(openedBy)); this host's incident stays local"
        case .server(let store, let message):
            return "team store \(store): \(message)"
        case .corruptRecord(let message):
            return "unreadable record in the team store: \(message)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
