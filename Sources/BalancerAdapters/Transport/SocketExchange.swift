import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One blocking request/answer exchange over a stream socket, with a hard deadline.
///
/// The socket is non-blocking and every wait goes through `poll()` with the time left, so a peer
/// that accepts and never answers, or answers one byte a second, costs at most `timeout`. The
/// answer is capped at `limit` bytes. Call it off the cooperative thread pool (``BlockingIO``).
public enum SocketExchange {
    /// Connects to `endpoint`, sends `request`, and reads until the peer closes, `isComplete` says
    /// the answer is whole, `limit` is exceeded (an error), or `timeout` seconds have passed.
    public static func run(
        _ endpoint: SocketEndpoint, request: [UInt8], timeout: Double, limit: Int,
        isComplete: (([UInt8]) -> Bool)? = nil
    ) throws(TransportError) -> [UInt8] {
        let deadline = monotonicNow() + timeout
        let fd = try connect(endpoint, deadline: deadline, timeout: timeout)
        defer { close(fd) }
        try writeAll(fd, request, deadline: deadline, timeout: timeout)
        return try readAnswer(fd, deadline: deadline, timeout: timeout, limit: limit, isComplete: isComplete)
    }

    static func monotonicNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Waits for `events` on `fd` until the deadline; false on timeout. Shared with ``TLSExchange``.
    static func wait(_ fd: Int32, _ events: Int16, deadline: Double) throws(TransportError) -> Bool {
        while true {
            let left = deadline - monotonicNow()
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(max(1, min(left * 1000, 60_000)).rounded(.up)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw .system(call: "poll", code: errno) }
        }
    }

    // MARK: - Connect

    /// A connected non-blocking socket (`SOCK_NONBLOCK`, close-on-exec; `TCP_NODELAY` on TCP), or
    /// the reason none could be had before `deadline`. Shared with ``TLSExchange``.
    static func connect(_ endpoint: SocketEndpoint, deadline: Double, timeout: Double) throws(TransportError) -> Int32 {
        switch endpoint {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard bytes.count < capacity else { throw .system(call: "connect (socket path longer than \(capacity - 1) bytes)", code: ENAMETOOLONG) }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { throw .system(call: "socket", code: errno) }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            do {
                try finishConnect(fd, result: result, deadline: deadline, timeout: timeout)
            } catch {
                close(fd)
                if error == .refused, let kind = TransportError.nonSocketKind(at: path) { throw .notASocket(kind: kind) }
                throw error
            }
            return fd
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let first = list else { throw .hostNotFound(host) }
            defer { freeaddrinfo(first) }
            var lastError = TransportError.refused
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                cursor = info.pointee.ai_next
                let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), info.pointee.ai_protocol)
                guard fd >= 0 else { lastError = .system(call: "socket", code: errno); continue }
                let result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
                do {
                    try finishConnect(fd, result: result, deadline: deadline, timeout: timeout)
                    var yes: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                } catch {
                    close(fd)
                    lastError = error
                    if case .timedOut = error { throw error }
                }
            }
            throw lastError
        }
    }

    private static func finishConnect(_ fd: Int32, result: Int32, deadline: Double, timeout: Double) throws(TransportError) {
        if result == 0 { return }
        let code = errno
        guard code == EINPROGRESS || code == EAGAIN || code == EINTR else { throw TransportError.connectFailure(code) }
        guard try wait(fd, Int16(POLLOUT), deadline: deadline) else { throw .timedOut(phase: "the connection", seconds: timeout) }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
        if failure != 0 { throw TransportError.connectFailure(failure) }
    }

    // MARK: - Send and receive

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], deadline: Double, timeout: Double) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 { offset += written; continue }
            let code = errno
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) {
                guard try wait(fd, Int16(POLLOUT), deadline: deadline) else { throw .timedOut(phase: "the request to be sent", seconds: timeout) }
                continue
            }
            if code == EPIPE || code == ECONNRESET { throw .closedWithoutAnswer }
            throw .system(call: "send", code: code)
        }
    }

    /// The room of the answer read to the close: a 1,000-server `show stat` (≈ 220 KiB) fits, so
    /// its reads land in the returned array and nothing is copied. A larger answer moves to an
    /// array twice the size (what was read is copied once per doubling).
    static let answerCapacity = 256 * 1024

    static func readAnswer(
        _ fd: Int32, deadline: Double, timeout: Double, limit: Int, isComplete: (([UInt8]) -> Bool)?
    ) throws(TransportError) -> [UInt8] {
        if isComplete == nil { return try readToEnd(fd, deadline: deadline, timeout: timeout, limit: limit) }
        var data: [UInt8] = []
        data.reserveCapacity(64 * 1024)
        // Not zeroed, and under malloc's mmap threshold: the same heap memory poll after poll.
        // (A zeroed 256 KiB chunk was a fresh mapping each time: 64 page faults and a memset
        // before every read.)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = recv(fd, chunk.baseAddress, chunk.count, 0)
            if count > 0 {
                data.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
                if data.count > limit { throw .responseTooLarge(limit: limit) }
                if let isComplete, isComplete(data) { return data }
                continue
            }
            if count == 0 {
                if data.isEmpty { throw .closedWithoutAnswer }
                return data
            }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR {
                guard try wait(fd, Int16(POLLIN), deadline: deadline) else {
                    throw .timedOut(phase: data.isEmpty ? "an answer" : "the rest of the answer", seconds: timeout)
                }
                continue
            }
            if code == ECONNRESET { if data.isEmpty { throw .closedWithoutAnswer } else { return data } }
            throw .system(call: "recv", code: code)
        }
    }

    /// Reads until the peer closes (an answer whose end only the close marks, like the runtime
    /// API's). The socket is made blocking with `SO_RCVTIMEO` = the time left; after each read
    /// that leaves the answer open it pauses ``readPause`` so that what the peer writes next piles
    /// up in the socket and comes in one read. HAProxy writes its `show stat` 12 KiB at a time,
    /// about every half millisecond on a busy machine: read as it comes, that was a wake-up of
    /// this thread (and a `poll` + `recv` + `recv` round trip) per piece, 19 a poll at 1,000
    /// servers; paced, it is a handful, for at most one pause of latency at the end. The bytes
    /// land straight in the array that is returned.
    ///
    /// `untilPrompt`: the answer of a runtime API connection in interactive mode
    /// (``RuntimeSession``), which ends with HAProxy's prompt (`\n> `) instead of a close; it is
    /// returned without the prompt, and a close before it is an error.
    static let readPause = 0.004

    static func readToEnd(
        _ fd: Int32, deadline: Double, timeout: Double, limit: Int, untilPrompt: Bool = false
    ) throws(TransportError) -> [UInt8] {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else { throw .system(call: "fcntl", code: errno) }
        var failure: TransportError?
        var data: [UInt8] = []
        var capacity = min(answerCapacity, limit + 1)
        var prompted = false
        while failure == nil {
            var closed = false
            // One array of `capacity` bytes: what was read so far, then the reads into the rest.
            let previous = data
            data = [UInt8](unsafeUninitializedCapacity: capacity) { room, count in
                previous.withUnsafeBufferPointer { read in
                    if let base = read.baseAddress { room.baseAddress!.initialize(from: base, count: read.count) }
                }
                count = previous.count
                while count < capacity {
                    let left = deadline - monotonicNow()
                    guard left > 0 else {
                        failure = .timedOut(phase: count == 0 ? "an answer" : "the rest of the answer", seconds: timeout)
                        return
                    }
                    var wait = timeval(tv_sec: Int(left), tv_usec: max(1, Int((left - left.rounded(.down)) * 1e6)))
                    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
                    let got = recv(fd, room.baseAddress! + count, capacity - count, 0)
                    if got > 0 {
                        count += got
                        if untilPrompt, endsWithPrompt(room.baseAddress!, count) {
                            count -= 2
                            prompted = true
                            return
                        }
                        if count < capacity { pause(min(readPause, deadline - monotonicNow())) }
                        continue
                    }
                    if got == 0 { closed = true; return }
                    let code = errno
                    if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { continue }
                    if code == ECONNRESET { closed = true; return }
                    failure = .system(call: "recv", code: code)
                    return
                }
            }
            if data.count > limit { throw .responseTooLarge(limit: limit) }
            if let failure { throw failure }
            if prompted { return data }
            if closed {
                // In interactive mode only the prompt ends an answer: a close cut it off.
                if data.isEmpty || untilPrompt { throw .closedWithoutAnswer }
                return data
            }
            capacity = min(capacity * 2, limit + 1)
        }
        throw failure ?? .closedWithoutAnswer
    }

    /// Whether the `count` bytes at `bytes` end with HAProxy's interactive prompt: `> ` alone
    /// (the answer to `prompt`) or after a newline.
    @inline(__always)
    private static func endsWithPrompt(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        count >= 2 && bytes[count - 2] == UInt8(ascii: ">") && bytes[count - 1] == UInt8(ascii: " ")
            && (count == 2 || bytes[count - 3] == UInt8(ascii: "\n"))
    }

    /// Sleeps `seconds` (nothing when it is not positive).
    private static func pause(_ seconds: Double) {
        guard seconds > 0 else { return }
        var wait = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var left = timespec()
        while nanosleep(&wait, &left) != 0 && errno == EINTR { wait = left }
    }
}
