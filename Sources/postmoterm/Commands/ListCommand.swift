import ArgumentParser
import Foundation
import PostmotermCore

/// `postmoterm list [--json]`: incidents with status, start, duration, event count and the times
/// between their milestones (``IncidentMilestones``).
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List incidents, the most recent first, with their times to detect, acknowledge, mitigate and resolve.",
        discussion: """
            TTD: impact began → first alert; TTA: first alert → incident started; TTM, TTR: impact \
            began (else the start) → mitigated, resolved. `-` where the log does not show both \
            ends (see README "Milestones"); --json has every milestone with what recorded it.
            """)

    @Flag(help: "Print a JSON array instead of a table.") var json = false
    @OptionGroup var storage: DataDirectoryOptions

    /// One incident in `list --json`.
    struct Row: Encodable {
        var id: IncidentID
        var title: String
        var severity: String?
        var status: IncidentStatus
        var startedAt: Timestamp
        var mitigatedAt: Timestamp?
        var resolvedAt: Timestamp?
        var durationSeconds: Int64
        var eventCount: Int
        var playbookPath: String?
        var milestones: IncidentMilestones
    }

    func run() throws {
        var summaries: [IncidentSummary] = []
        var milestones: [IncidentMilestones] = []
        do {
            let store = try storage.openStore(readOnly: true)
            summaries = try store.summaries()
            milestones = try summaries.map { try store.milestones(of: $0.incident) }
        } catch IncidentStoreError.noLog {
            summaries = []
            milestones = []
        }
        let now = SystemClock().now()
        if json {
            let rows = zip(summaries, milestones).map { summary, milestones in
                let incident = summary.incident
                return Row(
                    id: incident.id, title: incident.title, severity: incident.severity, status: incident.status,
                    startedAt: incident.startedAt, mitigatedAt: incident.mitigatedAt, resolvedAt: incident.resolvedAt,
                    durationSeconds: incident.duration(now: now).milliseconds / 1000, eventCount: summary.eventCount,
                    playbookPath: incident.playbookPath, milestones: milestones)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(TerminalSafe.escapingInvisibleControls(inJSON: String(decoding: try encoder.encode(rows), as: UTF8.self)))
            return
        }
        let elsewhere = TeamSession.active?.incidentsNotHere(known: Set(summaries.map(\.incident.id))) ?? ""
        guard !summaries.isEmpty else {
            print(elsewhere.isEmpty ? "No incidents yet. Start one with: postmoterm start --title TEXT" : elsewhere, terminator: "")
            return
        }
        defer { print(elsewhere, terminator: "") }
        var table = [["ID", "STATUS", "SEV", "STARTED (UTC)", "DURATION", "EVENTS", "TTD", "TTA", "TTM", "TTR", "TITLE"]]
        for (summary, milestones) in zip(summaries, milestones) {
            let incident = summary.incident
            let duration = incident.duration(now: now).compact + (incident.isOpen ? "+" : "")
            let times = [milestones.timeToDetect, milestones.timeToAcknowledge, milestones.timeToMitigate, milestones.timeToResolve]
            table.append([
                incident.id.rawValue, incident.status.rawValue, incident.severity.map(Terminal.safe) ?? "-",
                incident.startedAt.isoDate + " " + incident.startedAt.hourMinute, duration, String(summary.eventCount),
            ] + times.map { $0?.elapsed.spelledOut ?? "-" } + [Terminal.safe(incident.title)])
        }
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }
}
