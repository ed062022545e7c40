/// Where an incident stands: investigating → mitigated → resolved (mitigated may be skipped).
public enum IncidentStatus: String, CaseIterable, Codable, Hashable, Sendable {
    case investigating
    case mitigated
    case resolved

    /// Investigating or mitigated: the incident still needs people.
    public var isOpen: Bool { self != .resolved }

    /// Whether an incident in this status may move to `next`. Statuses only move forward.
    public func canChange(to next: IncidentStatus) -> Bool {
        switch (self, next) {
        case (.investigating, .mitigated), (.investigating, .resolved), (.mitigated, .resolved):
            return true
        default:
            return false
        }
    }
}
