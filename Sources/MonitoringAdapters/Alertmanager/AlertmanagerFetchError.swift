import BalancerAdapters
import PostmotermCore

/// Why one request to one Alertmanager failed; the description names the Alertmanager (masked)
/// and the reason. Never contains credentials.
public struct AlertmanagerFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Error, Equatable, Sendable {
        /// The socket layer failed (refused, timed out, too large…).
        case transport(TransportError)
        /// HTTP 401 or 403: the credentials are missing or refused.
        case unauthorized(status: Int, hadCredentials: Bool)
        /// Another HTTP status than the one expected.
        case httpStatus(Int, String)
        /// The answer is not HTTP at all.
        case notHTTP(String)
        /// An HTTP answer cut short or badly framed.
        case malformedHTTP(HTTPResponse.ParseError)
        /// HTTP, but not Alertmanager's API v2 JSON.
        case notAlertmanager(AlertmanagerAnswerError)
        /// TLS failed.
        case https(String)
    }

    public var source: String
    public var reason: Reason

    public init(source: String, reason: Reason) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reasonText)" }

    /// The reason alone.
    public var reasonText: String {
        switch reason {
        case .transport(let error): return error.description
        case .unauthorized(let status, let had):
            return had ? "\(status) unauthorized: the credentials were refused"
                : "\(status) unauthorized: give credentials with --alerts-auth-file FILE, --alerts-token-file FILE, "
                    + "$\(AlertmanagerCredentials.basicVariable) or $\(AlertmanagerCredentials.tokenVariable)"
        case .httpStatus(let code, let reason): return "HTTP \(code) \(TerminalSafe.escape(reason))"
        case .notHTTP(let got): return "not an HTTP answer: got \(got)"
        case .malformedHTTP(let error): return error.description
        case .notAlertmanager(let error): return error.description
        case .https(let message): return "HTTPS failed: \(TerminalSafe.escape(message))"
        }
    }

    /// The failure as the console shows it: no answer (unreachable) or a wrong one (garbage).
    public var failure: SourceFailure {
        switch reason {
        case .transport(.responseTooLarge), .notHTTP, .malformedHTTP, .notAlertmanager:
            return SourceFailure(kind: .garbage, reason: description)
        default:
            return SourceFailure(kind: .unreachable, reason: description)
        }
    }
}
