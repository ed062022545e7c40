import Foundation
import PostmotermCore

/// The incident's identity and where it stands, as the header shows it.
public struct IncidentHeader: Sendable, Hashable {
    public var id: String
    public var title: String
    public var severity: String
    public var status: IncidentStatus
    public var startedAt: Date
    /// When it was resolved (the `T+` clock stops there); nil while open.
    public var resolvedAt: Date?

    public init(
        id: String, title: String, severity: String, status: IncidentStatus, startedAt: Date, resolvedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.status = status
        self.startedAt = startedAt
        self.resolvedAt = resolvedAt
    }

    /// Time since the start, at `now`; the incident's whole duration once resolved.
    public func elapsed(at now: Date) -> TimeInterval {
        (resolvedAt ?? now).timeIntervalSince(startedAt)
    }
}

extension IncidentStatus {
    /// The status `R` moves to, nil once resolved.
    var next: IncidentStatus? {
        switch self {
        case .investigating: .mitigated
        case .mitigated: .resolved
        case .resolved: nil
        }
    }
}
