import PostmotermCore

/// One alert in the alerts pane, in pane order: firing ones grouped by alertname (most severe
/// group first), then the silenced and inhibited ones apart.
public struct AlertRow: Sendable, Hashable {
    public var source: String
    public var alert: Alert
    /// Silenced or inhibited: firing, but held back from receivers.
    public var isSuppressed: Bool { alert.status.isSilenced || alert.status.isInhibited }

    /// The rows of `sources`, in pane order.
    static func rows(_ sources: [AlertSourceView]) -> [AlertRow] {
        let all = sources.flatMap { source in source.alerts.map { AlertRow(source: source.source, alert: $0) } }
        return all.sorted { lhs, rhs in
            if lhs.isSuppressed != rhs.isSuppressed { return !lhs.isSuppressed }
            let (left, right) = (severityRank(lhs.alert.severity), severityRank(rhs.alert.severity))
            if lhs.alert.name != rhs.alert.name {
                return left != right ? left < right : lhs.alert.name < rhs.alert.name
            }
            return lhs.alert.startsAt != rhs.alert.startsAt ? lhs.alert.startsAt < rhs.alert.startsAt
                : lhs.alert.fingerprint < rhs.alert.fingerprint
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
