import Foundation
import PostmotermCore

/// Finds basic-auth credentials for HTTP sources. Order: the address's own `user:password@`,
/// then `--auth-file FILE` (one line `user:password`), then `$POSTMOTERM_BALANCER_AUTH`.
public enum BalancerCredentialsResolver {
    /// Why credentials could not be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The auth file cannot be read (the value is the path and the reason).
        case unreadableFile(String)
        /// The auth file or variable is not `user:password` (the value names which).
        case malformed(String)

        public var description: String {
            switch self {
            case .unreadableFile(let detail): return "cannot read the auth file \(detail)"
            case .malformed(let origin): return "\(origin) must hold one line user:password"
            }
        }
    }

    /// The environment variable read when no file is given.
    public static let environmentVariable = "POSTMOTERM_BALANCER_AUTH"

    /// `address` with credentials filled in where it had none and it speaks HTTP.
    public static func resolve(
        _ address: BalancerAddress, authFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> BalancerAddress {
        guard address.credentials == nil else { return address }
        switch address.endpoint {
        case .haproxyStatsPage, .envoyAdmin: break
        default: return address
        }
        if let authFile {
            let text: String
            do { text = try String(contentsOfFile: authFile, encoding: .utf8) } catch {
                throw .unreadableFile("\(authFile): \((error as NSError).localizedDescription)")
            }
            guard let credentials = BasicCredentials(userColonPassword: text) else { throw .malformed("the auth file \(authFile)") }
            return address.with(credentials: credentials)
        }
        if let value = environment[environmentVariable], !value.isEmpty {
            guard let credentials = BasicCredentials(userColonPassword: value) else { throw .malformed("$\(environmentVariable)") }
            return address.with(credentials: credentials)
        }
        return address
    }
}
