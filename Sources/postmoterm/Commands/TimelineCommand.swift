import ArgumentParser
import Foundation
import PostmotermCore

/// `postmoterm timeline [--incident ID] [--json] [--all]`: the events, amendments applied.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Print an incident's timeline, amendments applied.",
        discussion: """
            One line per event in the order things happened (backdated notes in their place): \
            time (UTC), sequence, kind, author and text. ★ marks starred events; edited text is \
            marked (edited). Hidden events and the balancer's counter samples (bookkeeping for \
            the draft's impact figures) are left out unless --all.
            """)

    @OptionGroup var selection: IncidentSelection
    @Flag(help: "Print the amended timeline as JSON (hidden entries and counter samples included).") var json = false
    @Flag(help: "Include hidden events and the balancer's counter samples.") var all = false
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        let store = try storage.openStore(readOnly: true)
        let incident = try selection.resolve(in: store, orLatest: true)
        let view = TimelineView(events: try store.timelineEvents(of: incident.id))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(TerminalSafe.escapingInvisibleControls(inJSON: String(decoding: try encoder.encode(view.entries), as: UTF8.self)))
            return
        }
        // Without --all, only the narrative (`EventKind.isNarrative`): counter samples are
        // bookkeeping for the draft's impact.
        let entries = all ? view.entries : view.narrativeEntries()
        let crossesDays = entries.first.map { first in entries.contains { $0.time.utcDayNumber != first.time.utcDayNumber } } ?? false
        var out = "\(incident.id) — \(Terminal.safe(incident.title)) [\(incident.status.rawValue)]\n"
        for entry in entries {
            let time = (crossesDays ? entry.time.isoDate + " " : "") + entry.time.hourMinuteSecond
            var marks: [String] = []
            if entry.isTextEdited { marks.append("edited") }
            if entry.isHidden { marks.append("hidden") }
            if entry.isBackdated, abs(entry.event.recordedAt.milliseconds(since: entry.time)) >= 1000 {
                marks.append("logged \(entry.event.recordedAt.hourMinute)")
            }
            let suffix = marks.isEmpty ? "" : "  (" + marks.joined(separator: ", ") + ")"
            let star = entry.isStarred ? "★ " : "  "
            let kind = entry.kind.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)
            let conflict = entry.data[TeamConflict.noteKey].map { "  [\(Terminal.safe($0))]" } ?? ""
            out += "\(time)  #\(entry.sequence)\t\(star)\(kind) \(Terminal.safe(entry.author.description)): \(Terminal.safe(entry.text))\(suffix)\(conflict)\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
