/// Where a socket connects: a unix socket path, or a TCP host and port.
public enum SocketEndpoint: Sendable, Hashable {
    case unix(path: String)
    case tcp(host: String, port: Int)
}
