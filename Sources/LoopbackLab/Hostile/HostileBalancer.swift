import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A balancer that lies, for tests: it listens on a unix socket or on `127.0.0.1`, reads each
/// request as the protocol frames it, and answers with bytes the test chose — a runtime API
/// answer cut after a row, an HTTP body shorter than its `Content-Length`, a chunked body that
/// only ends like its last chunk, weights past `Int64.max` — then ends the connection as told
/// (close, reset, or hold it open). See ``HostileAnswer`` for the catalogue of malformed answers.
///
/// One thread per connection; blocking reads with a 5 s timeout. Stops with ``stop()`` or `deinit`.
public final class HostileBalancer: Sendable {
    /// How a request is framed, and so what is read before answering.
    public enum Framing: Sendable {
        /// HAProxy's runtime API: one line per command. With `interactive`, `prompt` is answered
        /// with HAProxy's prompt (`\n> `), and an answer that keeps the connection open
        /// (``HostileAnswer/Ending/keepOpen``) is followed by the prompt; without, every command
        /// is answered as given (so `prompt` gets a non-interactive peer's answer).
        case runtime(interactive: Bool)
        /// HTTP/1.1: a request head up to its empty line (`haproxy+http://`, `envoy+http://`).
        case http
    }

    /// Where it listens.
    public enum Listener: Sendable {
        case unix(path: String)
        /// `127.0.0.1`, a free port.
        case tcp
    }

    private struct State {
        var running = true
        var listener: Int32 = -1
        var connections: Set<Int32> = []
    }

    private let state = Mutex(State())
    /// The requests read so far, under their own lock, which waiters wait on.
    private let arrivals = NSCondition()
    nonisolated(unsafe) private var arrived: [String] = []
    private let answer: @Sendable (String) -> HostileAnswer
    private let proto: Framing
    /// The TCP port (0 on a unix socket).
    public let port: UInt16
    public let socketPath: String?

    /// Starts listening. `answer` gives the answer to each request (the request line or head,
    /// as text): for HTTP the whole answer (status line, headers, body) as raw bytes.
    public init(_ listener: Listener, protocol proto: Framing, answer: @escaping @Sendable (String) -> HostileAnswer) throws {
        self.answer = answer
        self.proto = proto
        let fd: Int32
        switch listener {
        case .tcp:
            fd = try LoopbackSocket.makeListener(port: 0)
            port = LoopbackSocket.boundPort(fd)
            socketPath = nil
        case .unix(let path):
            fd = try Self.listenUnix(path)
            port = 0
            socketPath = path
        }
        state.withLock { $0.listener = fd }
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    deinit { stop() }

    /// The requests read so far (request lines, or HTTP request heads).
    public var requests: [String] {
        arrivals.lock()
        defer { arrivals.unlock() }
        return arrived
    }

    /// Waits until a request for which `matches` holds has been read, at most `timeout` seconds;
    /// whether one was.
    public func waitForRequest(timeout: Double, where matches: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        arrivals.lock()
        defer { arrivals.unlock() }
        while !arrived.contains(where: matches) {
            if !arrivals.wait(until: deadline) { return arrived.contains(where: matches) }
        }
        return true
    }

    /// Stops listening and ends every connection (held ones too). Safe to call twice.
    public func stop() {
        let (listener, connections) = state.withLock { state -> (Int32, Set<Int32>) in
            guard state.running else { return (-1, []) }
            state.running = false
            defer { state.listener = -1 }
            return (state.listener, state.connections)
        }
        guard listener >= 0 else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        if let socketPath { unlink(socketPath) }
    }

    private func acceptLoop(_ listener: Int32) {
        LoopbackSocket.acceptConnections(
            on: listener, while: { state.withLock({ $0.running }) },
            admit: { fd in
                state.withLock { state -> Bool in
                    guard state.running else { return false }
                    state.connections.insert(fd)
                    return true
                }
            }
        ) { [self] fd in
            serve(fd)
            state.withLock { _ = $0.connections.remove(fd) }
            close(fd)
        }
    }

    private func serve(_ fd: Int32) {
        LoopbackSocket.setTimeouts(fd, seconds: 5)
        while state.withLock({ $0.running }) {
            let terminator: [UInt8]
            switch proto {
            case .http: terminator = Array("\r\n\r\n".utf8)
            case .runtime: terminator = [10]
            }
            guard let request = LoopbackSocket.read(fd, until: terminator, limit: 64 * 1024) else { return }
            let text = String(decoding: request, as: UTF8.self)
            arrivals.lock()
            arrived.append(text)
            arrivals.broadcast()
            arrivals.unlock()
            if case .runtime(interactive: true) = proto, text.trimmingCharacters(in: .whitespacesAndNewlines) == "prompt" {
                guard LoopbackSocket.writeAll(fd, Array("\n> ".utf8)) else { return }
                continue
            }
            let reply = answer(text)
            var bytes = reply.bytes
            // In interactive mode HAProxy follows every answer with its prompt.
            if case .runtime(interactive: true) = proto, reply.ending == .keepOpen { bytes += Array("> ".utf8) }
            guard LoopbackSocket.writeAll(fd, bytes) else { return }
            switch reply.ending {
            case .close:
                return
            case .reset:
                LoopbackSocket.setAbortOnClose(fd)
                return
            case .keepOpen:
                continue
            case .hold:
                // Open and silent until the client gives up or the server stops.
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                while state.withLock({ $0.running }) {
                    if poll(&entry, 1, 20) > 0 {
                        var byte: UInt8 = 0
                        if recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0 { return }
                    }
                }
                return
            }
        }
    }

    private static func listenUnix(_ path: String) throws -> Int32 {
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackSocket.Failure(call: "socket", code: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw LoopbackSocket.Failure(call: "bind \(path)", code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            throw LoopbackSocket.Failure(call: "bind \(path)", code: code)
        }
        return fd
    }
}
