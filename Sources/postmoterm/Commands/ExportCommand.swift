import ArgumentParser
import Foundation
import MarkdownAdapter
import PostmotermCore

/// `postmoterm export [--incident ID] [--format markdown|json] [--output FILE] [--force]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the postmortem draft (Markdown) or the whole incident (JSON).",
        discussion: """
            Markdown: a postmortem draft with summary, measured figures, timeline, root cause, \
            corrective measures and tasks (the playbook's follow-ups and the action items). What \
            the log cannot know is left as `> _TODO(human): …_` prompts.
            With a Markdown --output, SVG charts of the recorded history (traffic share per \
            instance, 5xx rate, CPU where known, milestones and balancer actions marked) are \
            written beside it (FILE-share.svg, FILE-5xx.svg, FILE-cpu.svg) and linked from the \
            draft; --no-charts leaves them out.
            JSON: the incident, the raw events and the amended timeline.

            Without --output the export goes to standard output. An existing --output file is \
            not overwritten unless --force (you may have edited the draft). Writing a file is \
            recorded in the timeline.
            """)

    /// The export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
        case json
    }

    @OptionGroup var selection: IncidentSelection
    @Option(help: "markdown or json.") var format: Format = .markdown
    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?
    @Flag(help: "Overwrite --output if it exists.") var force = false
    @Flag(help: "Do not write the SVG charts beside a Markdown --output.") var noCharts = false
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        // Only writing a file records an event: to stdout the log is only read.
        let store = try storage.openStore(readOnly: output == nil)
        let incident = try selection.resolve(in: store, orLatest: true)
        // A shared incident's converged events: the same draft on every host (issue 15).
        let events = try store.timelineEvents(of: incident.id)
        if let output, !force {
            // The rule the console's `e` follows too: never over a file edited since postmoterm wrote it.
            let path = LocalPath.absolute(output)
            if !DraftFileRule.mayOverwrite(path: path, existing: DraftFile.digest(atPath: path), events: events) {
                throw IncidentCommandError("\(output) exists and is not what postmoterm last wrote there (edited since?); pass --force to overwrite it")
            }
        }
        let history = try DraftCharts.history(of: incident.id, in: store)
        var charts: [(title: String, path: String)] = []
        if let output, format == .markdown, !noCharts {
            do {
                charts = try DraftCharts.write(history: history, events: events, beside: LocalPath.absolute(output))
            } catch {
                throw IncidentCommandError(String(describing: error))
            }
        }
        let input = PostmortemInput(
            incident: incident, events: events, followUps: followUps(of: incident), generatedAt: SystemClock().now(),
            history: history, charts: charts)
        let data: Data
        switch format {
        case .markdown: data = Data(PostmortemExporter.markdown(input).utf8)
        case .json: data = try PostmortemExporter.json(input) + Data("\n".utf8)
        }
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try DraftFile.write(data, toPath: output)
        } catch {
            throw IncidentCommandError(String(describing: error))
        }
        let path = LocalPath.absolute(output)
        _ = try store.append(
            EventDraft(
                kind: .export, text: "Exported \(format.rawValue) to \(path)", author: who.author,
                data: DraftFile.eventData(path: path, format: format.rawValue, bytes: data)),
            to: incident.id)
        Terminal.note("wrote \(output)")
    }

    /// The follow-ups of the incident's playbook, when the file is still there.
    private func followUps(of incident: Incident) -> [String] {
        guard let path = incident.playbookPath else { return [] }
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.note("note: playbook \(path) is gone; tasks come from action items only")
            return []
        }
        guard let playbook = PlaybookLoader.load(path: path).playbook else {
            Terminal.note("note: cannot read playbook \(path); tasks come from action items only")
            return []
        }
        if PlaybookDigest.changed(stored: incident.playbookDigest, current: playbook) {
            Terminal.note("note: playbook \(path) changed since the incident started; using its current follow-ups")
        }
        return playbook.followUps.map(\.text)
    }
}
