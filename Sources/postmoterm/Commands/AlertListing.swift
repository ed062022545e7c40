import Foundation
import PostmotermCore

/// How `postmoterm alerts` prints alerts: a table for people, JSON for programs.
enum AlertListing {
    /// A header and one line per alert; every text escaped.
    static func lines(_ alerts: [Alert], now: Timestamp) -> [String] {
        guard !alerts.isEmpty else { return ["No alerts firing."] }
        var rows = [["ALERTNAME", "SEVERITY", "STARTS AT", "FOR", "WHERE", "STATE", "SUMMARY"]]
        for alert in alerts {
            let state = alert.status.isSilenced ? "silenced" : alert.status.isInhibited ? "inhibited" : "firing"
            rows.append([
                TerminalSafe.escape(alert.name), TerminalSafe.escape(alert.severity ?? "-"), alert.startsAt.dateTimeUTC,
                ElapsedTime(from: alert.startsAt, to: now).compact,
                TerminalSafe.escape(alert.whereLabels.joined(separator: " ")), state,
                TerminalSafe.escape(alert.summary ?? ""),
            ])
        }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<6).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[6]
        }
    }

    private struct Entry: Encodable {
        var source: String
        var fingerprint: String
        var alertname: String
        var severity: String?
        var state: String
        var silencedBy: [String]
        var inhibitedBy: [String]
        var startsAt: Timestamp
        var endsAt: Timestamp?
        var labels: [String: String]
        var annotations: [String: String]
        var generatorURL: String
    }

    static func json(_ alerts: [(source: String, alert: Alert)]) throws -> String {
        let entries = alerts.map { source, alert in
            Entry(source: source, fingerprint: alert.fingerprint, alertname: alert.name, severity: alert.severity,
                  state: alert.status.state.rawValue, silencedBy: alert.status.silencedBy, inhibitedBy: alert.status.inhibitedBy,
                  startsAt: alert.startsAt, endsAt: alert.endsAt, labels: alert.labels, annotations: alert.annotations,
                  generatorURL: alert.generatorURL)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
