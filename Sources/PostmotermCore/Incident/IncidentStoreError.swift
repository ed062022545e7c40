/// Why a store could not do what was asked. Each reads as one line for the user.
public enum IncidentStoreError: Error, Hashable, Sendable {
    /// No incident has this id.
    case incidentNotFound(String)
    /// A command needed "the most recent open incident" and every incident is resolved (or none exists).
    case noOpenIncident
    /// The incident cannot move from one status to the other (statuses only move forward).
    case invalidStatusChange(incident: IncidentID, from: IncidentStatus, to: String)
    /// An amendment names an event that does not exist in the incident, or that is itself an amendment.
    case amendedEventNotFound(incident: IncidentID, sequence: Int64)
    /// The event draft breaks a rule (empty note, missing amendment details, …); the text says which.
    case invalidEvent(String)
    /// The data directory cannot be created, read or written.
    case dataDirectoryUnusable(path: String, reason: String)
    /// The database file exists but is not an SQLite database (or not postmoterm's); it is left untouched.
    case notADatabase(path: String)
    /// The database was written by a newer postmoterm; it is left untouched.
    case newerDatabase(path: String)
    /// The storage engine failed (disk full, I/O error, …); the text is the engine's message.
    case storage(String)
    /// A stored record cannot be read back (an unknown event kind, bad data).
    case corruptRecord(String)
    /// The database file is damaged (`PRAGMA quick_check` found problems): nothing is appended
    /// to it; the text says what SQLite found.
    case damagedDatabase(path: String, finding: String)
    /// A reading command found no database yet (reading never creates one).
    case noLog(path: String)
}

extension IncidentStoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .incidentNotFound(let id):
            return "no incident '\(id)' (see `postmoterm list`)"
        case .noOpenIncident:
            return "no open incident: start one with `postmoterm start --title TEXT` or name one with --incident ID"
        case .invalidStatusChange(let id, let from, let to):
            return "incident \(id) is \(from.rawValue) and cannot become \(to)"
        case .amendedEventNotFound(let id, let sequence):
            return "incident \(id) has no event \(sequence) to amend"
        case .invalidEvent(let reason):
            return "cannot record event: \(reason)"
        case .dataDirectoryUnusable(let path, let reason):
            return "cannot use data directory \(path): \(reason)"
        case .notADatabase(let path):
            return "\(path) is not a postmoterm database; it was left untouched (move it away or choose another --data-dir)"
        case .newerDatabase(let path):
            return "\(path) was written by a newer postmoterm; it was left untouched (upgrade postmoterm to open it)"
        case .storage(let message):
            return "storage error: \(message)"
        case .corruptRecord(let message):
            return "unreadable record in the database: \(message)"
        case .damagedDatabase(let path, let finding):
            return "\(path) is damaged (\(finding)); nothing was written to it. Recover what is readable with `sqlite3 '\(path)' .recover | sqlite3 recovered.sqlite`, check it, then move recovered.sqlite to \(path)"
        case .noLog(let path):
            return "no incident log at \(path) yet: start one with `postmoterm start --title TEXT`"
        }
    }
}
