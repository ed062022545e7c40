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
        ordered(sources).rows
    }

    /// The rows of `sources` in pane order, and that order (row `r` shows the `order[r]`-th alert
    /// of the sources' alerts in turn).
    static func ordered(_ sources: [AlertSourceView]) -> (rows: [AlertRow], order: [Int]) {
        let all = sources.flatMap { source in source.alerts.map { AlertRow(source: source.source, alert: $0) } }
        let keys = all.map(SortKey.init)
        let order = all.indices.sorted { keys[$0].precedes(keys[$1]) }
        return (order.map { all[$0] }, order)
    }

    /// ``ordered(_:)`` of `sources`, taking `order` again when `previous` (which it sorted) holds
    /// alerts that sort alike at every place: a re-sent answer, where only `updatedAt` and
    /// `endsAt` move, is not sorted again (the rows are the same as a sort gives).
    static func ordered(_ sources: [AlertSourceView], previous: [AlertSourceView], order: [Int]) -> (rows: [AlertRow], order: [Int]) {
        guard sources.count == previous.count, order.count == previous.reduce(0, { $0 + $1.alerts.count }) else { return ordered(sources) }
        var all: [AlertRow] = []
        all.reserveCapacity(order.count)
        for (source, before) in zip(sources, previous) {
            guard source.source == before.source, source.alerts.count == before.alerts.count else { return ordered(sources) }
            for (alert, old) in zip(source.alerts, before.alerts) {
                guard sortAlike(alert, old) else { return ordered(sources) }
                all.append(AlertRow(source: source.source, alert: alert))
            }
        }
        return (order.map { all[$0] }, order)
    }

    /// Whether `alert` and `other` have the same sort key (the labels compared whole first: an
    /// alert taken again from the previous answer shares its labels' storage, compared at once).
    private static func sortAlike(_ alert: Alert, _ other: Alert) -> Bool {
        guard alert.fingerprint == other.fingerprint, alert.startsAt == other.startsAt,
            alert.status.isSilenced == other.status.isSilenced, alert.status.isInhibited == other.status.isInhibited
        else { return false }
        if alert.labels == other.labels { return true }
        return alert.name == other.name && severityRank(alert.severity) == severityRank(other.severity)
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
