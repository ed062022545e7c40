#if canImport(Glibc)
    import Glibc
#endif

/// Where a socket connects: a unix socket path, or a TCP host and port.
public enum SocketEndpoint: Sendable, Hashable {
    case unix(path: String)
    case tcp(host: String, port: Int)

    /// Whether ``SocketExchange`` keeps every step of an exchange within its timeout: true for a
    /// unix socket and for an IPv4 or IPv6 literal; a host name first goes through a name lookup
    /// (`getaddrinfo`) that no deadline bounds.
    var waitsAreBounded: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _):
            var address = in6_addr()
            return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
        }
    }
}
