import BalancerAdapters
import Foundation
import PostmotermCore

/// Finds how to authenticate to an Alertmanager. Order: the URL's own `user:password@`, then
/// `--alerts-auth-file FILE` (one line `user:password`), then `--alerts-token-file FILE` (one
/// line, a bearer token), then `$POSTMOTERM_ALERTS_AUTH` (`user:password`), then
/// `$POSTMOTERM_ALERTS_TOKEN` (a bearer token). Nothing found: no `Authorization` header. The
/// secrets never reach argv, the screen or an error message.
public enum AlertmanagerCredentials {
    /// `user:password` for basic auth.
    public static let basicVariable = "POSTMOTERM_ALERTS_AUTH"
    /// A bearer token.
    public static let tokenVariable = "POSTMOTERM_ALERTS_TOKEN"

    /// Why credentials could not be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A file cannot be read (the value is the path and the reason).
        case unreadableFile(String)
        /// A file or variable does not hold what it should (the value names which and what).
        case malformed(String)

        public var description: String {
            switch self {
            case .unreadableFile(let detail): "cannot read \(detail)"
            case .malformed(let detail): detail
            }
        }
    }

    public static func resolve(
        _ address: AlertmanagerAddress, authFile: String?, tokenFile: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> HTTPAuthorization? {
        if let credentials = address.credentials { return .basic(credentials) }
        if let authFile {
            guard let credentials = BasicCredentials(userColonPassword: try read(authFile)) else {
                throw .malformed("the auth file \(authFile) must hold one line user:password")
            }
            return .basic(credentials)
        }
        if let tokenFile {
            guard let token = BearerToken(try read(tokenFile)) else { throw .malformed("the token file \(tokenFile) is empty") }
            return .bearer(token)
        }
        if let value = environment[basicVariable], !value.isEmpty {
            guard let credentials = BasicCredentials(userColonPassword: value) else {
                throw .malformed("$\(basicVariable) must hold user:password")
            }
            return .basic(credentials)
        }
        if let value = environment[tokenVariable], let token = BearerToken(value) { return .bearer(token) }
        return nil
    }

    private static func read(_ path: String) throws(Failure) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadableFile("\(path): \((error as NSError).localizedDescription)")
        }
    }
}
