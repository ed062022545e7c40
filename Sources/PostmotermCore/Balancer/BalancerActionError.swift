/// Why a ``BalancerAction`` was not sent, or what went wrong sending it. Every description is one
/// sentence a responder can act on.
public enum BalancerActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The console runs with `--read-only`: it watches and logs, it does not act.
    case readOnly
    /// The source cannot take commands (`source` is the masked address, `reason` says why:
    /// an HAProxy stats page, an Envoy admin interface).
    case sourceCannotAct(source: String, reason: String)
    /// A pool or instance name with characters that could carry a second command (escaped).
    case invalidName(String)
    /// A weight outside ``BalancerAction/weightRange``.
    case weightOutOfRange(Int)
    /// A runtime command that is empty, several commands (`;`) or has a control character (escaped).
    case invalidCommand(String)

    public var description: String {
        switch self {
        case .readOnly:
            return "read-only: this console was started with --read-only and does not act on the balancer"
        case .sourceCannotAct(let source, let reason):
            return "\(source) cannot act: \(reason)"
        case .invalidName(let name):
            return "refused: \(name) is not a valid HAProxy proxy or server name"
        case .weightOutOfRange(let weight):
            return "refused: weight \(weight) is outside \(BalancerAction.weightRange.lowerBound)…\(BalancerAction.weightRange.upperBound)"
        case .invalidCommand(let command):
            return "refused: `\(command)` is not one runtime command (empty, `;` or a control character)"
        }
    }
}
