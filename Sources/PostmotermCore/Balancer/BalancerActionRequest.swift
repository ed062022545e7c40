/// One action on one instance, checked before anything is sent: who asks, on which source,
/// and whether that source may act at all.
///
/// ```swift
/// let request = try BalancerActionRequest(
///     action: .drain, source: address, pool: "api", instance: "api-2",
///     author: Author(name: "sam", role: "ops"), readOnly: false)
/// request.command   // "set server api/api-2 state drain" — show it, ask to confirm
/// ```
public struct BalancerActionRequest: Sendable, Hashable {
    public let action: BalancerAction
    /// Where to send it (only an HAProxy runtime socket passes the checks).
    public let source: BalancerAddress
    public let pool: String
    public let instance: String
    /// Who acts; written as the event's author.
    public let author: Author
    /// The exact runtime API command that will be sent.
    public let command: String

    /// Checks the request; throws ``BalancerActionError`` when it must not be sent: read-only,
    /// a source that cannot act (stats page, Envoy), a bad name or weight.
    public init(
        action: BalancerAction, source: BalancerAddress, pool: String, instance: String,
        author: Author, readOnly: Bool
    ) throws(BalancerActionError) {
        if readOnly { throw .readOnly }
        switch source.endpoint {
        case .haproxyUnix, .haproxyTCP:
            break
        case .haproxyStatsPage:
            throw .sourceCannotAct(
                source: source.display,
                reason: "an HAProxy stats page only reports; add the runtime socket (haproxy+unix:///run/haproxy/admin.sock) with --balancer to act")
        case .envoyAdmin:
            throw .sourceCannotAct(
                source: source.display,
                reason: "postmoterm does not change Envoy (its admin interface has no drain or weight command); act through your control plane")
        }
        self.command = try action.haproxyCommand(pool: pool, instance: instance)
        self.action = action
        self.source = source
        self.pool = pool
        self.instance = instance
        self.author = author
    }

    /// The confirmation text: what it does, then the exact command.
    public var confirmation: String {
        "\(action.explanation(pool: pool, instance: instance))\nCommand: \(command)\nOn: \(source.display)"
    }
}
