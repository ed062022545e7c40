/// An alert's `status` in Alertmanager's API v2: whether it is shown to receivers (`active`),
/// held back by a silence or an inhibition (`suppressed`), or not yet routed (`unprocessed`).
public struct AlertStatus: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case active
        case suppressed
        case unprocessed
    }

    public var state: State
    /// The ids of the silences that hold the alert back.
    public var silencedBy: [String]
    /// The fingerprints of the alerts that inhibit it.
    public var inhibitedBy: [String]

    public init(state: State = .active, silencedBy: [String] = [], inhibitedBy: [String] = []) {
        self.state = state
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
    }

    public var isSilenced: Bool { !silencedBy.isEmpty }
    public var isInhibited: Bool { !inhibitedBy.isEmpty }
}
