/// Why a poll of a source gave no usable data, as the detector and the console see it.
public struct SourceFailure: Sendable, Hashable, Error {
    public enum Kind: String, Sendable, Hashable {
        /// No answer: refused, timed out, permission denied, 401, name not found…
        case unreachable
        /// An answer, but not what the source should say (HTML instead of CSV, truncated, huge).
        case garbage
    }

    public var kind: Kind
    /// Says which balancer and why, e.g. `haproxy+unix:///run/haproxy/admin.sock: connection refused`.
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
