import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

/// `postmoterm use [ID | --clear]`: the current incident of this user, which every command that
/// picks an incident takes when not given `--incident`.
struct UseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Set, show or clear the incident commands act on when not given --incident.",
        discussion: """
            `postmoterm use ID` makes ID the current incident for your user (kept in the data \
            directory): `log`, `mitigate`, `resolve`, `timeline`, `export` and `open` then act on it \
            without --incident, while it is open (`timeline` and `export` even after it is resolved). \
            `use` alone shows it; `use --clear` forgets it.

            Without a current incident, commands take the only open incident; when several are open \
            they take the newest and name it on stderr (`→ incident ID`), and `open` asks.

            Examples:
              postmoterm use 2026-12-07-api-errors
              postmoterm use
              postmoterm use --clear
            """)

    @Argument(help: ArgumentHelp("The incident to make current.", valueName: "id")) var id: String?
    @Flag(help: "Forget the current incident.") var clear = false
    @OptionGroup var storage: DataDirectoryOptions

    func validate() throws {
        if clear, id != nil { throw ValidationError("give an incident id or --clear, not both") }
    }

    func run() throws {
        let store = try storage.openStore()
        let file = CurrentIncident.file(store)
        if clear {
            try file.clear()
            print("no current incident")
            return
        }
        guard let id else {
            guard let recorded = file.read() else {
                print("no current incident (commands take the only open incident, else the newest and say which)")
                return
            }
            guard let incident = try CurrentIncident.read(store) else {
                throw IncidentCommandError("the current incident \(recorded) is not in this data directory; `postmoterm use --clear` forgets it")
            }
            print(Self.describe(incident))
            return
        }
        let incident = try IncidentSelection.incident(named: id, in: store)
        try file.write(incident.id)
        if !incident.isOpen {
            Terminal.note("note: \(incident.id) is resolved; `log` and `open` without --incident take an open incident instead")
        }
        print(Self.describe(incident))
    }

    /// `2026-12-07-api-errors — API errors (investigating, started 16:00 UTC)`.
    static func describe(_ incident: Incident) -> String {
        "\(incident.id) — \(Terminal.safe(incident.title)) (\(incident.status.rawValue), started \(incident.startedAt.hourMinute) UTC)"
    }
}
