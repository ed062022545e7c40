/// An HTTP/1.x response as the small client reads it.
///
/// The body is framed as RFC 9112 §6 says: `Transfer-Encoding: chunked` (sizes, extensions and
/// trailers decoded), else `Content-Length`, else the connection's close. An answer that ends
/// before its framing says it is whole is an error, never a shorter body (``ParseError``).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// Parses a whole answer: the bytes read until the connection closed, or until
    /// ``HTTPResponseFraming`` said the answer was whole.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> HTTPResponse {
        var framing = HTTPResponseFraming()
        let whole = try framing.advance(bytes)
        guard let head = framing.head else {
            throw .notHTTP(HTTPResponseFraming.preview(bytes))
        }
        var body: [UInt8]
        switch head.length {
        case .untilClose:
            body = Array(bytes[head.end...])
        case .none:
            body = []
        case .fixed(let length):
            guard whole else { throw .shortBody(expected: length, got: bytes.count - head.end) }
            body = Array(bytes[head.end..<(head.end + length)])
        case .chunked:
            guard whole else { throw .truncatedChunked(got: framing.chunkedBodyCount) }
            body = []
            body.reserveCapacity(framing.chunkedBodyCount)
            for range in framing.chunks { body.append(contentsOf: bytes[range]) }
        }
        return HTTPResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
    }
}
