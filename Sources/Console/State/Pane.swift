/// The panes the focus moves between with Tab (the alerts pane only when Alertmanagers are watched).
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case playbook
    case health
    case timeline
    case alerts

    public var title: String {
        switch self {
        case .playbook: "Playbook"
        case .health: "Health"
        case .timeline: "Timeline"
        case .alerts: "Alerts"
        }
    }

    var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count) ?? .playbook }
    var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .playbook }
}
