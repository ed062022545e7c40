import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

/// `postmoterm team push ID` and `postmoterm team status`: the team store by hand.
struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Share incidents with a team store (PostgreSQL) and see what is waiting to be sent.",
        discussion: """
            Team mode is on when a team store is configured: --team URL, $POSTMOTERM_TEAM_URL, or \
            `team: URL` in $XDG_CONFIG_HOME/postmoterm/config.yaml. Every command then writes to the \
            local log first and ships it in the background; see README "Team mode".
            """,
        subcommands: [TeamPushCommand.self, TeamStatusCommand.self])
}

/// `postmoterm team push ID`: publishes a local-only incident (its whole log) to the team store.
struct TeamPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Publish a local incident, with its whole timeline, to the team store.")

    @Argument(help: ArgumentHelp("The incident id.", valueName: "id")) var incident: String
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        guard storage.teamConnection != nil else {
            throw IncidentCommandError("no team store: give --team URL (or set $POSTMOTERM_TEAM_URL)")
        }
        let store = try storage.openStore()
        let incident = try IncidentSelection.incident(named: incident, in: store)
        guard let session = TeamSession.active else {
            throw IncidentCommandError("the team store could not be set up; \(incident.id) stays local")
        }
        let waitingBefore = try Self.waiting(incident.id, in: store)
        try session.share(incident.id)
        let waiting = try Self.waiting(incident.id, in: store)
        let published = try store.sharedIncidents().first { $0.id == incident.id }?.isPublished ?? false
        let url = session.connection.redactedURL
        if published && waiting == 0 {
            print("published \(incident.id) to \(url): pushed \(Self.grouped(waitingBefore)) events, none left to send")
        } else {
            let reason = session.problem ?? "\(url) did not take them"
            let pushed = waitingBefore - waiting
            print(
                "\(incident.id) is shared; pushed \(Self.grouped(pushed)) events, \(Self.grouped(waiting)) still to send: \(reason) "
                    + "(sent by the next command that reaches the store)")
        }
    }

    /// How many of the incident's events the store has not accepted yet.
    private static func waiting(_ id: IncidentID, in store: SQLiteIncidentStore) throws -> Int {
        try store.teamEntries(of: id).filter { $0.serverOrder == nil }.count
    }

    /// `20000` as `20,000`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }
}

/// `postmoterm team status`: the store, and per shared incident what was exchanged.
struct TeamStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the team store's state: reachable or not, what waits to be sent.")

    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        guard let connection = storage.teamConnection else {
            print("team mode is off (no --team, $POSTMOTERM_TEAM_URL or team: in the config file)")
            return
        }
        let store = try storage.openStore()
        let status = TeamSession.active?.lastStatus
        let now = SystemClock().now()
        var out = "store: \(connection.redactedURL)\n"
        let state = TeamSession.active == nil ? "team: not set up (see the error above)"
            : status?.headerText(now: now) ?? "team: no answer within \(Int(TeamSession.waitSeconds)) s"
        out += "state: \(state)\n"
        if let error = status?.lastError, status?.failingSince != nil { out += "error: \(error)\n" }
        out += "host: \(store.originHost)\n"
        for shared in try store.sharedIncidents() {
            let waiting = try store.teamEntries(of: shared.id).filter { $0.serverOrder == nil }.count
            out += "\(shared.id)  \(shared.isPublished ? "published" : "not published yet")  \(waiting) to send  last fetched #\(shared.lastFetched)\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
