#if canImport(Glibc)
import Glibc
#endif

extension LoopbackSocket {
    /// Why a loopback HTTP request failed (the text says how).
    public struct RequestFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One HTTP/1.1 request to `127.0.0.1:port` on a fresh connection (`Connection: close`), read
    /// until the server closes it: how the launchers of real servers (Alertmanager, Prometheus)
    /// talk to them. The answer's status and body (as sent: chunked framing included for long
    /// ones; tests that read JSON use the product's clients).
    public static func request(
        port: UInt16, _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        authorization: String? = nil, timeout: Double = 2
    ) throws(RequestFailure) -> (status: Int, body: String) {
        let fd: Int32
        do { fd = try makeConnection(port: port, timeout: timeout) } catch {
            throw RequestFailure(description: "connect 127.0.0.1:\(port): \(error)")
        }
        defer { close(fd) }
        let payload = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        if body != nil { head += "Content-Type: \(contentType)\r\nContent-Length: \(payload.count)\r\n" }
        head += "\r\n"
        guard writeAll(fd, Array(head.utf8) + payload) else { throw RequestFailure(description: "\(method) \(path): write failed") }
        guard let answer = read(fd, limit: 8 << 20) else { throw RequestFailure(description: "\(method) \(path): no answer") }
        let text = String(decoding: answer, as: UTF8.self)
        let statusLine = text.prefix { $0 != "\r" && $0 != "\n" }
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let status = Int(fields[1]) else {
            throw RequestFailure(description: "\(method) \(path): not HTTP: \(statusLine.prefix(80))")
        }
        let bodyText = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, bodyText)
    }
}
