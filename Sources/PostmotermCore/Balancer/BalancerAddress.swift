import Foundation

/// Where a balancer's figures come from, as the user typed it (`--balancer ADDR`).
///
/// Accepted spellings:
/// - `haproxy+unix:///run/haproxy/admin.sock`, or a bare path to the socket (`/run/haproxy/admin.sock`,
///   `./admin.sock`) — the HAProxy runtime API on a unix socket;
/// - `haproxy+tcp://HOST:PORT` — the runtime API on TCP;
/// - `haproxy+http://[USER:PASSWORD@]HOST:PORT/PATH` and `haproxy+https://…` — the stats page, read
///   as CSV (`;csv` is appended to the path when missing);
/// - `envoy+http://HOST:PORT` — the Envoy admin interface.
///
/// Credentials in the URL are kept apart in ``credentials`` and never appear in ``display``.
public struct BalancerAddress: Sendable, Hashable {
    /// Which protocol the address speaks, and where.
    public enum Endpoint: Sendable, Hashable {
        /// HAProxy runtime API on a unix socket.
        case haproxyUnix(path: String)
        /// HAProxy runtime API on TCP.
        case haproxyTCP(host: String, port: Int)
        /// HAProxy stats page over HTTP(S); `path` starts with `/` and ends with `;csv`.
        case haproxyStatsPage(secure: Bool, host: String, port: Int, path: String)
        /// Envoy admin interface over HTTP.
        case envoyAdmin(host: String, port: Int)
    }

    public let endpoint: Endpoint
    /// Basic-auth credentials from the URL's user info, if any.
    public let credentials: BasicCredentials?

    public init(endpoint: Endpoint, credentials: BasicCredentials? = nil) {
        self.endpoint = endpoint
        self.credentials = credentials
    }

    /// Whether the source is HAProxy (runtime API or stats page) rather than Envoy.
    public var isHAProxy: Bool {
        if case .envoyAdmin = endpoint { return false }
        return true
    }

    /// Whether the source is the HAProxy runtime API (unix or TCP), which accepts commands.
    public var isRuntimeSocket: Bool {
        switch endpoint {
        case .haproxyUnix, .haproxyTCP: return true
        default: return false
        }
    }

    /// The address as it is shown to people and written into timelines: credentials masked.
    public var display: String {
        let auth = credentials == nil ? "" : "***:***@"
        switch endpoint {
        case .haproxyUnix(let path):
            return "haproxy+unix://\(path)"
        case .haproxyTCP(let host, let port):
            return "haproxy+tcp://\(Self.hostPort(host, port))"
        case .haproxyStatsPage(let secure, let host, let port, let path):
            return "haproxy+\(secure ? "https" : "http")://\(auth)\(Self.hostPort(host, port))\(path)"
        case .envoyAdmin(let host, let port):
            return "envoy+http://\(auth)\(Self.hostPort(host, port))"
        }
    }

    /// This address with other credentials (for `--auth-file` or the environment).
    public func with(credentials: BasicCredentials?) -> BalancerAddress {
        BalancerAddress(endpoint: endpoint, credentials: credentials)
    }

    static func hostPort(_ host: String, _ port: Int) -> String {
        // A byte search: `contains(":")` with a string went through Foundation's `range(of:)`,
        // 4,400 instructions an address, a tenth of `health` at 10,003 servers (callgrind).
        host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
