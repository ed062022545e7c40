import ArgumentParser
import Foundation
import MarkdownAdapter
import PostmotermCore

/// `postmoterm start --title TEXT [--severity SEV] [--playbook FILE]`: opens an incident and
/// prints its id.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an incident and print its id.",
        discussion: """
            The id is the UTC date and the title, e.g. 2026-11-25-api-outage (suffixed -2, -3 … when \
            taken). With --playbook, the playbook's path and SHA-256 are recorded; its follow-ups \
            become the postmortem's tasks.

            Example:
              id=$(postmoterm start --title "API outage" --severity SEV1 --playbook playbooks/api-outage-load-balancer.md)

            Starting a second incident with the title of one that is still open warns on stderr and \
            says how to join that one instead (`postmoterm use ID`, `postmoterm open --incident ID`).
            """)

    @Option(help: "What is happening, in a few words.") var title: String
    @Option(help: "Severity as your team names it, e.g. SEV1 (default: the playbook's `severity:`).") var severity: String?
    @Option(help: ArgumentHelp("The playbook guiding the response.", valueName: "file")) var playbook: String?
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw IncidentCommandError("--title is empty")
        }
        var playbookPath: String?
        var playbookDigest: String?
        var loadedPlaybook: Playbook?
        if let playbook {
            let located = PlaybookArgument.locate(playbook)
            if let note = located.note { Terminal.note(note) }
            let absolute = located.path
            let result = PlaybookLoader.load(path: absolute)
            guard let loaded = result.playbook else {
                let reason = result.diagnostics.first.map { $0.message } ?? "cannot read it"
                throw IncidentCommandError("--playbook \(playbook): \(reason)")
            }
            if result.hasErrors {
                Terminal.note("warning: \(playbook) has errors (see `postmoterm check \(playbook)`); starting anyway")
            }
            playbookPath = absolute
            loadedPlaybook = loaded
            playbookDigest = PlaybookDigest.stored(loaded)
        }
        let store = try storage.openStore()
        let wanted = IncidentChoice.normalized(title)
        for twin in try store.summaries().map(\.incident) where twin.isOpen && IncidentChoice.normalized(twin.title) == wanted {
            Terminal.note(
                "warning: incident \(twin.id) with this title is open since \(twin.startedAt.hourMinute) UTC; starting another. "
                    + "To join it instead: postmoterm use \(twin.id) (or open --incident \(twin.id))")
        }
        let incident = try store.createIncident(
            IncidentDraft(
                title: title, severity: IncidentDraft.severity(given: severity, playbook: loadedPlaybook), playbookPath: playbookPath, playbookDigest: playbookDigest,
                startedAt: try time.timestamp(incidentStartedAt: nil), author: who.author))
        try TeamSession.active?.share(incident.id)
        print(incident.id.rawValue)
    }
}
