/// Why a `--balancer` address could not be read.
public enum BalancerAddressError: Error, Equatable, Sendable {
    /// The address is empty.
    case empty
    /// The scheme is not one postmoterm knows (the value is the escaped scheme or text).
    case unknownScheme(String)
    /// `haproxy+unix://` without an absolute path after it.
    case missingPath(String)
    /// The scheme needs an explicit port (`haproxy+tcp`, `envoy+http`).
    case missingPort(String)
    /// The port is not a number between 1 and 65535.
    case badPort(String)
    /// The host is empty or malformed.
    case badHost(String)
    /// A path was given where the scheme takes none.
    case unexpectedPath(String)
    /// User info without a `:password` part.
    case credentialsWithoutPassword
}

extension BalancerAddressError: CustomStringConvertible {
    public var description: String {
        let forms = "use haproxy+unix:///path/admin.sock, a socket path, haproxy+tcp://HOST:PORT, haproxy+http(s)://HOST:PORT/stats or envoy+http://HOST:PORT"
        switch self {
        case .empty: return "empty balancer address; \(forms)"
        case .unknownScheme(let scheme): return "unknown balancer address \"\(scheme)\"; \(forms)"
        case .missingPath(let scheme): return "\(scheme):// needs an absolute socket path, e.g. \(scheme):///run/haproxy/admin.sock"
        case .missingPort(let scheme): return "\(scheme):// needs a port, e.g. \(scheme)://127.0.0.1:9901"
        case .badPort(let scheme): return "\(scheme):// has a port that is not a number from 1 to 65535"
        case .badHost(let scheme): return "\(scheme):// has an empty or malformed host"
        case .unexpectedPath(let scheme): return "\(scheme):// takes no path"
        case .credentialsWithoutPassword: return "credentials in a balancer address must read user:password@"
        }
    }
}
