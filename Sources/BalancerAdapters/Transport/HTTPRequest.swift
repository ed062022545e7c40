import Foundation
import PostmotermCore

/// One HTTP/1.1 request to an HTTP(S) endpoint: a balancer's stats page or admin interface, an
/// Alertmanager, a Prometheus. The small client sends it with `Connection: close` and reads one
/// answer (``perform(timeout:limit:)``).
///
/// Its `description` names the method and the path only: never the `Authorization` value, the
/// extra headers or the body (they may carry credentials).
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: HTTPMethod
    public var secure: Bool
    public var host: String
    public var port: Int
    /// Path and query, starting with `/`.
    public var path: String
    /// Sent as the `Authorization` header.
    public var authorization: HTTPAuthorization?
    /// Further header fields (e.g. `Content-Type`); `Host`, `User-Agent`, `Accept`, `Connection`,
    /// `Authorization` and `Content-Length` are written by the request itself.
    public var headers: [(name: String, value: String)]
    /// The body; a request with a body (or a POST) carries its `Content-Length`.
    public var body: [UInt8]
    /// HTTPS only: trust the CA certificates in this PEM file instead of the system store
    /// (tests; users set `SSL_CERT_FILE`).
    public var caFile: String?

    public init(
        method: HTTPMethod = .get, secure: Bool, host: String, port: Int, path: String,
        authorization: HTTPAuthorization? = nil, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        caFile: String? = nil
    ) {
        self.method = method
        self.secure = secure
        self.host = host
        self.port = port
        self.path = path
        self.authorization = authorization
        self.headers = headers
        self.body = body
        self.caFile = caFile
    }

    public var description: String { "\(method.rawValue) \(path)" }

    /// The request bytes for plain HTTP/1.1 (`Connection: close`, or `keep-alive` for
    /// ``HTTPKeepAliveConnection``).
    func requestBytes(keepAlive: Bool = false) -> [UInt8] {
        var text = "\(method.rawValue) \(path) HTTP/1.1\r\nHost: \(BalancerAddressHost.format(host, port))\r\n"
        text += "User-Agent: postmoterm\r\nAccept: */*\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n"
        if let authorization { text += "Authorization: \(authorization.headerValue)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method != .get { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }

    /// Performs the request over ``SocketExchange`` (HTTP) or ``TLSExchange`` (HTTPS), reading
    /// until ``HTTPResponseFraming`` says the answer is whole (or cannot become so: then the parse
    /// says why) or the peer closes. Throws ``TransportError``, ``TLSError`` or
    /// ``HTTPResponse/ParseError``.
    public func perform(timeout: Double, limit: Int) async throws -> HTTPResponse {
        let request = requestBytes()
        let bytes: [UInt8]
        if secure {
            let (host, port, caFile) = (host, port, caFile)
            bytes = try await BlockingIO.run { () throws -> [UInt8] in
                var framing = HTTPResponseFraming()
                return try TLSExchange.run(host: host, port: port, request: request, timeout: timeout, limit: limit,
                                           caFile: caFile, isComplete: { (try? framing.advance($0)) ?? true })
            }
        } else {
            let endpoint = SocketEndpoint.tcp(host: host, port: port)
            bytes = try await BlockingIO.run { () throws(TransportError) -> [UInt8] in
                var framing = HTTPResponseFraming()
                return try SocketExchange.run(endpoint, request: request, timeout: timeout, limit: limit,
                                              isComplete: { (try? framing.advance($0)) ?? true })
            }
        }
        return try HTTPResponse.parse(bytes)
    }

    /// Whether every wait of ``perform(timeout:limit:)`` is bounded by its timeout: the host is an
    /// IP literal (no name lookup).
    public var boundsItsOwnTime: Bool { SocketEndpoint.tcp(host: host, port: 0).waitsAreBounded }
}
