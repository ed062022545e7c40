import ArgumentParser
import Foundation
import PostmotermCore

/// `postmoterm log [--incident ID] [--at TIME] [--as NAME] [--role ROLE] [--action-item] TEXT`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Append a note to an incident's timeline.",
        discussion: """
            The note is stored durably before this command prints its acknowledgement. Several \
            people and scripts may log to one incident at once. Use - as TEXT to read the note \
            from standard input.

            Examples:
              postmoterm log "api-2 returns 502s, draining it"
              postmoterm log --at 14:05 --as carol "deploy 4711 went out"
              postmoterm log --action-item "Alert on 5xx above 5 % for 2 minutes"
            """)

    @OptionGroup var selection: IncidentSelection
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @Flag(name: .customLong("action-item"), help: "Mark the note as a follow-up task for the postmortem.")
    var actionItem = false
    @OptionGroup var storage: DataDirectoryOptions
    @Argument(help: ArgumentHelp("The note (several words are joined with spaces; - reads standard input).", valueName: "text"))
    var text: [String] = []

    func run() throws {
        var note = text.joined(separator: " ")
        if note == "-" {
            note = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw IncidentCommandError("nothing to log: give the note as TEXT") }
        let store = try storage.openStore()
        let incident = try selection.resolve(in: store, for: .log)
        let happenedAt = try time.timestamp(incidentStartedAt: incident.startedAt)
        let event = try store.append(
            .note(note, author: who.author, happenedAt: happenedAt, actionItem: actionItem), to: incident.id)
        let what = actionItem ? "action item" : "note"
        let when = event.happenedAt.map { " for \($0.hourMinute) UTC" } ?? ""
        print("logged \(what) #\(event.sequence) in \(incident.id)\(when) at \(event.recordedAt.hourMinuteSecond) UTC")
    }
}
