extension HTTPResponse {
    /// Why bytes read from an HTTP(S) source are not a whole HTTP/1.x response.
    public enum ParseError: Error, Equatable, Sendable {
        /// No status line and header end; the value previews what arrived (escaped).
        case notHTTP(String)
        /// The header section is larger than ``HTTPResponseFraming/headerLimit`` bytes.
        case headerTooLarge(limit: Int)
        /// A `Content-Length` that is not one decimal length (negative, not a number, two
        /// different values); the value is the header as sent (escaped).
        case badContentLength(String)
        /// The connection closed before `Content-Length` bytes of body arrived.
        case shortBody(expected: Int, got: Int)
        /// A chunk-size line or a chunk's end that is not what RFC 9112 §7.1 allows; the value
        /// says what was found (escaped).
        case badChunk(String)
        /// The connection closed before the last chunk and the trailer section's end; `got`:
        /// body bytes decoded until then.
        case truncatedChunked(got: Int)
    }
}

extension HTTPResponse.ParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notHTTP(let got): return "not an HTTP answer: got \(got)"
        case .headerTooLarge(let limit): return "HTTP header section larger than \(limit / 1024) KiB"
        case .badContentLength(let value): return "HTTP answer with an invalid Content-Length: \(value)"
        case .shortBody(let expected, let got):
            return "HTTP answer cut short: Content-Length \(expected), the connection closed after \(got) bytes of body"
        case .badChunk(let detail): return "HTTP answer with a malformed chunked body: \(detail)"
        case .truncatedChunked(let got):
            return "HTTP answer cut short: the chunked body ended without its last chunk (after \(got) bytes)"
        }
    }
}
