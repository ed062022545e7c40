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

    @OptionGroup var teamOptions: TeamOptions

    /// The team store configured for this command, if any.
    var teamConnection: TeamConnection? { teamOptions.connection }

    /// Opens the store, creating the directory and database when missing; with `readOnly`
    /// (commands that only read) nothing is created or written. Says on stderr when anyone
    /// may write the directory or the database. In team mode, sends what is pending and fetches
    /// what is new first (a bounded wait; see `TeamSession`): then even reading commands open
    /// the log for writing, to import other hosts' events.
    func openStore(readOnly: Bool = false) throws -> SQLiteIncidentStore {
        let directory = DataDirectory.resolve(explicit: dataDir)
        let connection = teamConnection
        let store = try readOnly && connection == nil
            ? SQLiteIncidentStore(readingFrom: directory) : SQLiteIncidentStore(directory: directory)
        for warning in store.permissionWarnings { Terminal.note(warning) }
        if let connection { TeamSession.begin(log: store, connection: connection) }
        return store
    }
}

/// `--incident ID`: which incident; without it, the one `IncidentChoice` picks (the current
/// incident of `postmoterm use`, else the only open one, else the newest open one, said on stderr).
struct IncidentSelection: ParsableArguments {
    @Option(
        name: .customLong("incident"),
        help: ArgumentHelp(
            "Incident id (default: the current one set with `postmoterm use`, else the only open incident, else the newest open one, named on stderr; for timeline and export, else the latest).",
            valueName: "id"))
    var incident: String?

    /// The incident `raw` names; when there is none, the refusal suggests the id it most likely
    /// meant (`no incident '2026-12-07-api-erors'; did you mean 2026-12-07-api-errors? …`).
    static func incident(named raw: String, in store: SQLiteIncidentStore) throws -> Incident {
        do {
            guard let id = IncidentID(rawValue: raw) else { throw IncidentStoreError.incidentNotFound(raw) }
            do {
                return try store.incident(id)
            } catch IncidentStoreError.incidentNotFound where TeamSession.active?.fetch(id) == true {
                return try store.incident(id)  // a host that never saw it: fetched from the team store
            }
        } catch IncidentStoreError.incidentNotFound {
            let known = (try? store.summaries().map(\.incident.id)) ?? []
            guard let near = IncidentIDSuggestion.nearest(to: raw, among: known) else {
                throw IncidentStoreError.incidentNotFound(Terminal.safe(raw))
            }
            throw IncidentCommandError("no incident '\(Terminal.safe(raw))'; did you mean \(near)? (see `postmoterm list`)")
        }
    }

    /// What a writing command was about to do: when nothing is open, the refusal names the most
    /// recent incident, when it was resolved, and how to reach it anyway.
    enum Intent {
        case log
        case changeStatus(to: IncidentStatus)
    }

    /// The named incident, else `IncidentChoice`'s; with `orLatest` (reading commands such as
    /// `timeline` and `export`), the current incident even when resolved, else the most recently
    /// started one when none is open.
    func resolve(in store: SQLiteIncidentStore, orLatest: Bool = false, for intent: Intent? = nil) throws -> Incident {
        if let raw = incident {
            return try Self.incident(named: raw, in: store)
        }
        let current = try CurrentIncident.read(store)
        if orLatest, let current { return current }
        let summaries = try store.summaries()
        let open = summaries.map(\.incident).filter(\.isOpen)
        let choice = IncidentChoice.make(open: open, current: current, playbookPath: nil)
        if let current, !current.isOpen {
            Terminal.note("note: the current incident \(current.id) is resolved (`postmoterm use --clear` forgets it)")
        }
        if let line = choice.announcement(openCount: open.count) { Terminal.note(line) }
        if let chosen = choice.incident { return chosen }
        if orLatest, let latest = summaries.first?.incident { return latest }
        if let intent, let latest = summaries.first?.incident {
            throw IncidentCommandError(Self.nothingOpen(latest: latest, intent: intent, now: SystemClock().now()))
        }
        throw IncidentStoreError.noOpenIncident
    }

    /// The refusal when no incident is open but `latest` (resolved) exists, e.g.
    /// "2026-12-07-api-errors was already resolved at 18:36 UTC; nothing open to resolve".
    static func nothingOpen(latest: Incident, intent: Intent, now: Timestamp) -> String {
        let when = latest.resolvedAt.map { at in
            (at.utcDayNumber == now.utcDayNumber ? "" : " on \(at.isoDate)") + " at \(at.hourMinute) UTC"
        } ?? ""
        switch intent {
        case .changeStatus(let status):
            let verb = status == .mitigated ? "mitigate" : status == .resolved ? "resolve" : "change"
            return "\(latest.id) was already \(latest.status.rawValue)\(when); nothing open to \(verb) "
                + "(start one with `postmoterm start --title TEXT`)"
        case .log:
            return "no open incident: the most recent, \(latest.id), was \(latest.status.rawValue)\(when); "
                + "`postmoterm log --incident \(latest.id) TEXT` adds a note to it after resolution"
        }
    }
}

/// The current incident of `postmoterm use`, read from the store's data directory.
enum CurrentIncident {
    static func file(_ store: SQLiteIncidentStore) -> CurrentIncidentFile {
        CurrentIncidentFile(directory: (store.path as NSString).deletingLastPathComponent)
    }

    /// The current incident, nil when none is set (or the id is not in this store).
    static func read(_ store: SQLiteIncidentStore) throws -> Incident? {
        guard let id = file(store).read() else { return nil }
        do {
            return try store.incident(id)
        } catch IncidentStoreError.incidentNotFound {
            return nil
        }
    }
}

/// `--as NAME` and `--role ROLE`: who is writing.
struct AuthorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Your name in the timeline (default: $POSTMOTERM_AUTHOR, $USER, $LOGNAME, else your account's name).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The role you hold, e.g. IC (shown next to your name).", valueName: "role"))
    var role: String?

    var author: Author {
        let role = role?.trimmingCharacters(in: .whitespacesAndNewlines)
        return Author(name: Self.responderName(name), role: role?.isEmpty == false ? role : nil)
    }

    /// `ResponderName`'s rule on this process's environment and account: the name every command,
    /// the console and the demo write as.
    static func responderName(_ explicit: String?) -> String {
        ResponderName.resolve(
            explicit: explicit, environment: ProcessInfo.processInfo.environment,
            accountName: ProcessInfo.processInfo.userName)
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
