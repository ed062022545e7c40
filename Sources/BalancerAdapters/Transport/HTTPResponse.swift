/// An HTTP/1.x response as the small client reads it.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// Why raw bytes are not an HTTP response.
    public enum ParseError: Error, Equatable, Sendable {
        /// No status line / header end; the value describes what arrived.
        case notHTTP(String)
        /// A chunked body that ends early.
        case truncatedBody
    }

    /// Parses a whole response (the connection has closed, or ``isComplete(_:)`` said so).
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> HTTPResponse {
        guard let headerEnd = headerEnd(bytes) else { throw .notHTTP(preview(bytes)) }
        let head = String(decoding: bytes[0..<headerEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else { throw .notHTTP(preview(bytes)) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(headerEnd + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init), body.count > length {
            body = Array(body.prefix(length))
        }
        return HTTPResponse(status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: body)
    }

    /// Whether `bytes` already hold a whole response (by `Content-Length` or the last chunk), so
    /// the reader need not wait for the server to close.
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let headerEnd = headerEnd(bytes) else { return false }
        let head = String(decoding: bytes[0..<headerEnd], as: UTF8.self).lowercased()
        let bodyCount = bytes.count - headerEnd - 4
        for line in head.components(separatedBy: "\r\n") where line.hasPrefix("content-length:") {
            if let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) {
                return bodyCount >= length
            }
        }
        if head.contains("transfer-encoding: chunked") {
            return bytes.count >= 5 && Array(bytes.suffix(5)) == Array("0\r\n\r\n".utf8)
        }
        return false
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 0
        let limit = min(bytes.count - 3, 64 * 1024)
        while index < limit {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private static func dechunk(_ body: [UInt8]) throws(ParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = 0
        while true {
            var lineEnd = index
            while lineEnd + 1 < body.count, !(body[lineEnd] == 13 && body[lineEnd + 1] == 10) { lineEnd += 1 }
            guard lineEnd + 1 < body.count else { throw .truncatedBody }
            let sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw .truncatedBody }
            index = lineEnd + 2
            if size == 0 { return out }
            guard index + size <= body.count else { throw .truncatedBody }
            out.append(contentsOf: body[index..<(index + size)])
            index += size + 2
        }
    }

    private static func preview(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"" + PostmotermCoreEscape.escape(text) + (bytes.count > 60 ? "…" : "") + "\""
    }
}
