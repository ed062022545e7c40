import Foundation
import PostmotermCore

/// A GET request to an HTTP(S) endpoint of a balancer.
struct HTTPGet: Sendable {
    var secure: Bool
    var host: String
    var port: Int
    /// Path and query, starting with `/`.
    var path: String
    var credentials: BasicCredentials?
    /// HTTPS only: trust the CA certificates in this PEM file instead of the system store
    /// (tests; users set `SSL_CERT_FILE`).
    var caFile: String? = nil

    /// The request bytes for plain HTTP/1.1 (`Connection: close`).
    var requestBytes: [UInt8] {
        var text = "GET \(path) HTTP/1.1\r\nHost: \(BalancerAddressHost.format(host, port))\r\n"
        text += "User-Agent: postmoterm\r\nAccept: */*\r\nConnection: close\r\n"
        if let credentials { text += "Authorization: \(credentials.authorizationHeader)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Performs the request over ``SocketExchange`` (HTTP) or ``TLSExchange`` (HTTPS), reading
    /// until ``HTTPResponseFraming`` says the answer is whole (or cannot become so: then the parse
    /// says why) or the peer closes. Throws ``TransportError``, ``TLSError`` or
    /// ``HTTPResponse/ParseError``.
    func perform(timeout: Double, limit: Int) async throws -> HTTPResponse {
        let request = requestBytes
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
}

/// `host:port` with IPv6 hosts bracketed.
enum BalancerAddressHost {
    static func format(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
