/// The three panes the focus moves between with Tab.
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case playbook
    case health
    case timeline

    public var title: String {
        switch self {
        case .playbook: "Playbook"
        case .health: "Health"
        case .timeline: "Timeline"
        }
    }

    var next: Pane { Pane(rawValue: (rawValue + 1) % 3) ?? .playbook }
    var previous: Pane { Pane(rawValue: (rawValue + 2) % 3) ?? .playbook }
}
