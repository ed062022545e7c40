import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One kept-alive HTTP/1.1 connection to a plain-HTTP endpoint polled every few seconds for a
/// large answer that mostly repeats (Alertmanager's `GET /api/v2/alerts`: 635 KiB at 1,000
/// alerts). Compared with ``HTTPRequest/perform(timeout:limit:)`` (a new connection per request,
/// `Connection: close`), an exchange here saves the connect and close, reads into a buffer kept
/// warm between requests (no fresh pages to fault in), and compares the body with the previous
/// one where it lies, copying it out only when it changed: at 1,000 alerts that halved the CPU
/// of a refresh whose answer repeated (see `postmoterm-bench alerts`).
///
/// Every wait has the call's deadline, as in ``SocketExchange``. A connection the server closed
/// while idle is noticed on the next request and replaced once; one that failed, timed out, was
/// told `Connection: close`, or whose answer ran to the close is never reused. Two calls at once
/// do not share it: the second uses a connection of its own for that one exchange. HTTPS goes
/// through ``HTTPRequest/perform(timeout:limit:)`` (no reuse, the same comparison).
public final class HTTPKeepAliveConnection: Sendable {
    /// One answer, with its body compared with the previous one.
    public struct Answer: Sendable {
        public var status: Int
        public var reason: String
        /// Header names lower-cased; a repeated header keeps its last value.
        public var headers: [String: String]
        public var body: [UInt8]
        /// The body is the previous body byte for byte (then ``body`` is that array, not a copy).
        public var repeatsPrevious: Bool
    }

    /// The idle connection, when there is one.
    private let idle = Mutex<KeptSocket?>(nil)

    public init() {}

    /// Sends `request` and reads its answer, on the kept connection when there is one; `previous`
    /// is the body the caller already holds. Throws what ``HTTPRequest/perform(timeout:limit:)``
    /// throws (``TransportError``, ``TLSError``, ``HTTPResponse/ParseError``).
    public func perform(_ request: HTTPRequest, timeout: Double, limit: Int, previous: [UInt8]?) async throws -> Answer {
        if request.secure {
            let response = try await request.perform(timeout: timeout, limit: limit)
            if let previous, previous == response.body {
                return Answer(status: response.status, reason: response.reason, headers: response.headers, body: previous, repeatsPrevious: true)
            }
            return Answer(status: response.status, reason: response.reason, headers: response.headers, body: response.body, repeatsPrevious: false)
        }
        let bytes = request.requestBytes(keepAlive: true)
        let endpoint = SocketEndpoint.tcp(host: request.host, port: request.port)
        return try await BlockingIO.run { () throws -> Answer in
            let deadline = SocketExchange.monotonicNow() + timeout
            if let kept = self.idle.withLock({ $0.take() }) {
                do {
                    return try self.exchange(on: kept, bytes, deadline: deadline, timeout: timeout, limit: limit, previous: previous)
                } catch TransportError.closedWithoutAnswer {
                    // Closed by the server while idle: once more, on a new connection.
                }
            }
            let fresh = KeptSocket(fd: try SocketExchange.connect(endpoint, deadline: deadline, timeout: timeout))
            return try self.exchange(on: fresh, bytes, deadline: deadline, timeout: timeout, limit: limit, previous: previous)
        }
    }

    /// One request and answer on `socket`, which is kept for the next call when the answer
    /// leaves it usable.
    private func exchange(
        on socket: KeptSocket, _ request: [UInt8], deadline: Double, timeout: Double, limit: Int, previous: [UInt8]?
    ) throws -> Answer {
        try SocketExchange.writeAll(socket.fd, request, deadline: deadline, timeout: timeout)
        socket.data.removeAll(keepingCapacity: true)
        var framing = HTTPResponseFraming()
        var closed = false
        reading: while true {
            let count = recv(socket.fd, socket.chunk.baseAddress, socket.chunk.count, 0)
            if count > 0 {
                socket.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: socket.chunk[0..<count]))
                if socket.data.count > limit { throw TransportError.responseTooLarge(limit: limit) }
                if try framing.advance(socket.data) { break reading }
                continue
            }
            if count == 0 {
                if socket.data.isEmpty { throw TransportError.closedWithoutAnswer }
                closed = true
                break reading
            }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR {
                guard try SocketExchange.wait(socket.fd, Int16(POLLIN), deadline: deadline) else {
                    throw TransportError.timedOut(phase: socket.data.isEmpty ? "an answer" : "the rest of the answer", seconds: timeout)
                }
                continue
            }
            if code == ECONNRESET, socket.data.isEmpty { throw TransportError.closedWithoutAnswer }
            throw TransportError.system(call: "recv", code: code)
        }
        guard let head = framing.head else { throw HTTPResponse.ParseError.notHTTP(HTTPResponseFraming.preview(socket.data)) }
        let ranges: [Range<Int>]
        var reusable = !closed && head.headers["connection"]?.lowercased() != "close"
        switch head.length {
        case .none:
            ranges = []
            reusable = reusable && socket.data.count == head.end
        case .fixed(let length):
            guard socket.data.count - head.end >= length else { throw HTTPResponse.ParseError.shortBody(expected: length, got: socket.data.count - head.end) }
            ranges = [head.end..<(head.end + length)]
            reusable = reusable && socket.data.count == head.end + length
        case .chunked:
            guard closed == false else { throw HTTPResponse.ParseError.truncatedChunked(got: framing.chunkedBodyCount) }
            ranges = framing.chunks
        case .untilClose:
            ranges = [head.end..<socket.data.count]
            reusable = false
        }
        let answer = socket.data.withUnsafeBytes { data -> Answer in
            let total = ranges.reduce(0) { $0 + $1.count }
            if let previous, previous.count == total, Self.body(of: data, ranges, equals: previous) {
                return Answer(status: head.status, reason: head.reason, headers: head.headers, body: previous, repeatsPrevious: true)
            }
            var body: [UInt8] = []
            body.reserveCapacity(total)
            for range in ranges { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[range])) }
            return Answer(status: head.status, reason: head.reason, headers: head.headers, body: body, repeatsPrevious: false)
        }
        if reusable { idle.withLock { $0 = socket } }
        return answer
    }

    /// Whether the bytes of `ranges` in `data`, one after another, are `previous`.
    private static func body(of data: UnsafeRawBufferPointer, _ ranges: [Range<Int>], equals previous: [UInt8]) -> Bool {
        previous.withUnsafeBytes { previous in
            var offset = 0
            for range in ranges {
                guard memcmp(data.baseAddress! + range.lowerBound, previous.baseAddress! + offset, range.count) == 0 else { return false }
                offset += range.count
            }
            return true
        }
    }
}

/// A connected socket with the buffers its answers are read into, owned by one exchange at a
/// time (taken out of ``HTTPKeepAliveConnection``'s slot, put back when still usable). Closed
/// when released.
private final class KeptSocket: @unchecked Sendable {
    let fd: Int32
    /// The answer read so far; its capacity stays between requests.
    var data: [UInt8] = []
    /// Where each read lands first.
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
        chunk.deallocate()
    }
}
