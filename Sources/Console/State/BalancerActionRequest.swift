/// An action on a balancer instance, asked for from the health pane.
public struct BalancerActionRequest: Sendable, Hashable {
    public var source: String
    public var pool: String
    public var instance: String
    public var action: BalancerActionKind

    public init(source: String, pool: String, instance: String, action: BalancerActionKind) {
        self.source = source
        self.pool = pool
        self.instance = instance
        self.action = action
    }

    /// The HAProxy runtime API command this sends, shown before the responder confirms.
    public var runtimeCommand: String {
        let server = "\(pool)/\(instance)"
        switch action {
        case .drain: return "set server \(server) state drain"
        case .ready: return "set server \(server) state ready"
        case .maintenance: return "set server \(server) state maint"
        case .weight(let weight): return "set server \(server) weight \(weight)"
        }
    }
}

/// What to do to an instance.
public enum BalancerActionKind: Sendable, Hashable {
    case drain
    case ready
    case maintenance
    case weight(Int)
}
