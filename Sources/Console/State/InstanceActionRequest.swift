import PostmotermCore

/// An action on a balancer instance, asked for from the health pane. The runtime turns it into
/// a checked `BalancerActionRequest` (PostmotermCore) and runs it.
public struct InstanceActionRequest: Sendable, Hashable {
    /// Label of the source (the ``HealthRow/source`` of the instance).
    public var source: String
    public var pool: String
    public var instance: String
    public var action: BalancerAction

    public init(source: String, pool: String, instance: String, action: BalancerAction) {
        self.source = source
        self.pool = pool
        self.instance = instance
        self.action = action
    }

    /// The exact HAProxy runtime API command, shown before the responder confirms.
    public var runtimeCommand: String {
        (try? action.haproxyCommand(pool: pool, instance: instance))
            ?? "\(action.label) \(TerminalSafe.escape(pool))/\(TerminalSafe.escape(instance)) (refused: not a valid server name)"
    }
}
