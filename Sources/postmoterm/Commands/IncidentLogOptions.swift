import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

/// `--data-dir DIR`: where the incident database lives (shared by the incident-log commands).
struct DataDirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Directory of the incident database (default: $POSTMOTERM_DATA_DIR, else $XDG_STATE_HOME/postmoterm, else ~/.local/state/postmoterm).",
            valueName: "dir"))
    var dataDir: String?

    /// Opens the store, creating the directory and database when missing.
    func openStore() throws -> SQLiteIncidentStore {
        try SQLiteIncidentStore(directory: DataDirectory.resolve(explicit: dataDir))
    }
}

/// `--incident ID`: which incident; without it, the most recent open one.
struct IncidentSelection: ParsableArguments {
    @Option(
        name: .customLong("incident"),
        help: ArgumentHelp("Incident id (default: the most recent open incident; for timeline and export, else the latest).", valueName: "id"))
    var incident: String?

    /// The named incident, else the most recent open one; with `orLatest` (reading commands such
    /// as `timeline` and `export`), else the most recently started one even if resolved.
    func resolve(in store: some IncidentStore, orLatest: Bool = false) throws -> Incident {
        guard let raw = incident else {
            if orLatest, try store.mostRecentOpenIncident() == nil {
                guard let latest = try store.summaries().first?.incident else { throw IncidentStoreError.noOpenIncident }
                return latest
            }
            return try store.resolveIncident(nil)
        }
        guard let id = IncidentID(rawValue: raw) else { throw IncidentStoreError.incidentNotFound(raw) }
        return try store.incident(id)
    }
}

/// `--as NAME` and `--role ROLE`: who is writing.
struct AuthorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Your name in the timeline (default: $POSTMOTERM_AUTHOR, else your user name).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The role you hold, e.g. IC (shown next to your name).", valueName: "role"))
    var role: String?

    var author: Author {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [name, environment["POSTMOTERM_AUTHOR"], environment["USER"], environment["LOGNAME"], ProcessInfo.processInfo.userName]
        let chosen = candidates.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty } ?? "unknown"
        let role = role?.trimmingCharacters(in: .whitespacesAndNewlines)
        return Author(name: chosen, role: role?.isEmpty == false ? role : nil)
    }
}

/// `--at TIME`: when it happened, if not now.
struct TimeOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "When it happened, if not now: HH:MM or HH:MM:SS (today, UTC), YYYY-MM-DD HH:MM[:SS] or ISO 8601 (e.g. 2026-11-25T14:30:00Z); from 7 days before the incident started to now.",
            valueName: "time"))
    var at: String?

    /// The parsed time, or nil without `--at`; refused outside the ``TimeWindow`` of the incident
    /// that started at `incidentStartedAt` (nil: the incident `start` is about to create).
    func timestamp(incidentStartedAt: Timestamp?, now: Timestamp = SystemClock().now()) throws -> Timestamp? {
        guard let at else { return nil }
        do {
            return try TimeParser.parse(at, day: now, within: TimeWindow(incidentStartedAt: incidentStartedAt, now: now))
        } catch {
            throw IncidentCommandError("--at: \(error.description)")
        }
    }
}

/// A one-line error for the user (ArgumentParser prints `Error: <message>` and exits 1).
struct IncidentCommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Writing to the terminal.
enum Terminal {
    /// `text` with control characters and escape sequences made visible.
    static func safe(_ text: String) -> String {
        TerminalSafe.escape(text)
    }

    /// A line on stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
