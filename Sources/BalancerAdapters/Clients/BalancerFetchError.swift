import PostmotermCore

/// Why one poll of one balancer failed; the description names the balancer and the reason, e.g.
/// `haproxy+unix:///run/haproxy/admin.sock: permission denied (…)`. Never contains credentials.
public struct BalancerFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Error, Equatable, Sendable {
        /// The socket layer failed (refused, timed out, permission denied, too large…).
        case transport(TransportError)
        /// HTTP 401: the credentials are missing or wrong.
        case unauthorized(hadCredentials: Bool)
        /// Another HTTP status than 200.
        case httpStatus(Int, String)
        /// The answer is not HTTP at all (a raw TCP service?).
        case notHTTP(String)
        /// An HTTP answer that is cut short or badly framed (`Content-Length`, chunks).
        case malformedHTTP(HTTPResponse.ParseError)
        /// The answer is not HAProxy CSV (HTML, truncated, an error text…).
        case notHAProxyCSV(HAProxyCSVError)
        /// The answer is not what the Envoy admin interface returns.
        case notEnvoy(EnvoyAdminError)
        /// The runtime API refused a command (`Permission denied`, `Unknown command`…), escaped.
        case commandRejected(String)
        /// TLS or another HTTPS failure.
        case https(String)
    }

    /// The source (masked address).
    public var source: String
    public var reason: Reason

    public init(source: String, reason: Reason) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reasonText)" }

    /// The reason alone, for tables that already show the source.
    public var reasonText: String {
        switch reason {
        case .transport(let error): return error.description
        case .unauthorized(let had):
            return had ? "401 unauthorized: the credentials were refused"
                : "401 unauthorized: give credentials with --auth-file FILE, $POSTMOTERM_BALANCER_AUTH or user:password@ in the address"
        case .httpStatus(let code, let reason): return "HTTP \(code) \(TerminalSafe.escape(reason))"
        case .notHTTP(let got): return "not an HTTP answer: got \(got)"
        case .malformedHTTP(let error): return error.description
        case .notHAProxyCSV(let error): return error.description
        case .notEnvoy(let error): return error.description
        case .commandRejected(let answer): return "the runtime API answered \"\(answer)\""
        case .https(let message): return "HTTPS failed: \(TerminalSafe.escape(message))"
        }
    }

    /// The failure as the detector classifies it: no answer (unreachable) or a wrong one (garbage).
    public var failure: SourceFailure {
        switch reason {
        case .transport(.responseTooLarge), .notHTTP, .malformedHTTP, .notHAProxyCSV, .notEnvoy:
            return SourceFailure(kind: .garbage, reason: description)
        default:
            return SourceFailure(kind: .unreachable, reason: description)
        }
    }
}
