import PostmotermCore

/// One alert in the alerts pane, in pane order: firing ones grouped by alertname (most severe
/// group first), then the silenced and inhibited ones apart.
public struct AlertRow: Sendable, Hashable {
    public var source: String
    public var alert: Alert
    /// Silenced or inhibited: firing, but held back from receivers.
    public var isSuppressed: Bool { alert.status.isSilenced || alert.status.isInhibited }

    /// The rows of `sources`, in pane order. Each row's sort key (held back, severity rank, name,
    /// start, fingerprint) is read once, not at every comparison: a 1,000-alert answer sorts
    /// without ten thousand label lookups and lower-casings.
    static func rows(_ sources: [AlertSourceView]) -> [AlertRow] {
        let all = sources.flatMap { source in source.alerts.map { AlertRow(source: source.source, alert: $0) } }
        let keys = all.map(SortKey.init)
        return all.indices.sorted { keys[$0].precedes(keys[$1]) }.map { all[$0] }
    }

    /// What the pane order compares, read from a row once.
    private struct SortKey {
        var isSuppressed: Bool
        var rank: Int
        var name: String
        var startsAt: Timestamp
        var fingerprint: String

        init(_ row: AlertRow) {
            isSuppressed = row.isSuppressed
            rank = AlertRow.severityRank(row.alert.severity)
            name = row.alert.name
            startsAt = row.alert.startsAt
            fingerprint = row.alert.fingerprint
        }

        /// Firing before held back; across alertnames the more severe, then the name; within one
        /// alertname the longest firing first.
        func precedes(_ other: SortKey) -> Bool {
            if isSuppressed != other.isSuppressed { return !isSuppressed }
            if name != other.name { return rank != other.rank ? rank < other.rank : name < other.name }
            return startsAt != other.startsAt ? startsAt < other.startsAt : fingerprint < other.fingerprint
        }
    }

    /// critical, then error/page, warning, info, others.
    static func severityRank(_ severity: String?) -> Int {
        switch severity?.lowercased() {
        case "critical", "page", "sev-1", "sev1": 0
        case "error", "high", "major": 1
        case "warning", "warn": 2
        case "info", "low", "none": 4
        default: 3
        }
    }
}
