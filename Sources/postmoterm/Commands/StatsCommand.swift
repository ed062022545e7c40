import ArgumentParser
import Foundation
import PostmotermCore

/// `postmoterm stats [--since TIME] [--json]`: the median and 90th percentile of the times to
/// detect, acknowledge, mitigate and resolve over the incidents in the log (``MilestoneStatistics``).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Median and 90th percentile of the times to detect, acknowledge, mitigate and resolve, over incidents.",
        discussion: """
            Each time counts only the incidents whose log shows both of its ends (see README \
            "Milestones"): an incident without alerts has no time to detect. Percentiles are by \
            nearest rank, so each figure is one incident's own time.

            Examples:
              postmoterm stats
              postmoterm stats --since "2026-11-01 00:00"
            """)

    @Option(help: ArgumentHelp(
        "Only incidents started at or after this time: YYYY-MM-DD HH:MM[:SS] or ISO 8601 (UTC unless a zone is given), or HH:MM today.",
        valueName: "time"))
    var since: String?

    @Flag(help: "Print JSON instead of a table.") var json = false
    @OptionGroup var storage: DataDirectoryOptions

    /// `stats --json`.
    struct Output: Encodable {
        var since: Timestamp?
        var statistics: MilestoneStatistics
    }

    func run() throws {
        let now = SystemClock().now()
        var from: Timestamp?
        if let since {
            do {
                from = try TimeParser.parse(since, day: now)
            } catch {
                throw IncidentCommandError("--since: \(error.description)")
            }
        }
        var milestones: [IncidentMilestones] = []
        do {
            let store = try storage.openStore(readOnly: true)
            for summary in try store.summaries() where from.map({ summary.incident.startedAt >= $0 }) ?? true {
                milestones.append(try store.milestones(of: summary.incident))
            }
        } catch IncidentStoreError.noLog {
            milestones = []
        }
        let statistics = MilestoneStatistics(milestones)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Output(since: from, statistics: statistics)), as: UTF8.self))
            return
        }
        let scope = from.map { " started since \($0.isoDate) \($0.hourMinuteSecond) UTC" } ?? ""
        guard statistics.incidents > 0 else {
            print("No incidents\(scope).")
            return
        }
        print("\(statistics.incidents == 1 ? "1 incident" : "\(statistics.incidents) incidents")\(scope)")
        print("")
        var table = [["", "INCIDENTS", "MEDIAN", "90TH PERCENTILE"]]
        for (name, measure) in [
            ("Time to detect", statistics.timeToDetect), ("Time to acknowledge", statistics.timeToAcknowledge),
            ("Time to mitigate", statistics.timeToMitigate), ("Time to resolve", statistics.timeToResolve),
        ] {
            table.append([name, String(measure.count), measure.median?.spelledOut ?? "-", measure.p90?.spelledOut ?? "-"])
        }
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
        if statistics.withoutImpactStart > 0 {
            print("")
            print("\(statistics.withoutImpactStart) of them show no beginning of the impact (no alert, no balancer anomaly before a first look): their times to mitigate and resolve count from when they were started.")
        }
    }
}
