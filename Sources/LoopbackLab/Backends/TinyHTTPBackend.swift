import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on `127.0.0.1` whose behaviour a test switches at any time: answer 200,
/// answer 500, hang, close at once, or serve a fixed body (an HTML page instead of CSV, a
/// truncated table, 50 MB of junk). One thread per connection, `Connection: close` unless made
/// with `keepAlive` (then a connection serves request after request, as Alertmanager's does, and
/// ``connectionCount`` tells how many were opened); it runs inside the calling process and stops
/// with ``stop()`` or `deinit`.
public final class TinyHTTPBackend: Sendable {
    /// What the server does with each request.
    public indirect enum Behavior: Sendable, Hashable {
        /// `200 OK`, body `ok`.
        case ok
        /// This status for every request (health checks included), body `status N`.
        case status(Int)
        /// A fixed answer.
        case respond(status: Int, contentType: String, body: [UInt8])
        /// Read the request, never answer (until the behaviour changes or the server stops).
        case hang
        /// Accept and close without a byte.
        case closeImmediately
        /// Per request path: the first entry whose key the path starts with; `otherwise` else.
        case byPath([String: Behavior], otherwise: Behavior)

        /// The behaviour for a request to `path`.
        func resolved(path: String) -> Behavior {
            guard case .byPath(let routes, let otherwise) = self else { return self }
            let match = routes.keys.sorted { $0.count > $1.count }.first { path.hasPrefix($0) }
            return (match.flatMap { routes[$0] } ?? otherwise).resolved(path: path)
        }
    }

    private struct State {
        var behavior: Behavior
        var running = false
        var listener: Int32 = -1
        var port: UInt16 = 0
        var requests = 0
        var accepted = 0
        var lastRequestHead = ""
        var connections: Set<Int32> = []
    }

    private let state: Mutex<State>
    private let keepAlive: Bool

    public init(behavior: Behavior = .ok, keepAlive: Bool = false) {
        state = Mutex(State(behavior: behavior))
        self.keepAlive = keepAlive
    }

    deinit { stop() }

    /// The port (known after ``start(port:)``).
    public var port: UInt16 { state.withLock { $0.port } }
    /// Requests read so far.
    public var requestCount: Int { state.withLock { $0.requests } }
    /// Connections accepted so far.
    public var connectionCount: Int { state.withLock { $0.accepted } }
    /// Request line and headers of the last request (to check what a client sent).
    public var lastRequestHead: String { state.withLock { $0.lastRequestHead } }
    public var isRunning: Bool { state.withLock { $0.running } }

    /// Changes the behaviour for the next requests (hanging connections notice within 20 ms).
    public func set(_ behavior: Behavior) { state.withLock { $0.behavior = behavior } }

    /// Starts listening on `port` (0: any free port; a stopped server restarts on its old port).
    public func start(port: UInt16? = nil) throws {
        if isRunning { return }
        let wanted = port ?? state.withLock { $0.port }
        let listener = try LoopbackSocket.makeListener(port: wanted)
        state.withLock {
            $0.listener = listener
            $0.port = LoopbackSocket.boundPort(listener)
            $0.running = true
        }
        Thread.detachNewThread { [self] in acceptLoop(listener) }
    }

    /// Stops listening and closes every open connection (hanging ones too). Safe to call twice.
    public func stop() {
        let (listener, connections) = state.withLock { state -> (Int32, Set<Int32>) in
            guard state.running else { return (-1, []) }
            state.running = false
            let listener = state.listener
            state.listener = -1
            let connections = state.connections
            return (listener, connections)
        }
        guard listener >= 0 else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop(_ listener: Int32) {
        LoopbackSocket.acceptConnections(
            on: listener, while: { state.withLock({ $0.running && $0.listener == listener }) },
            admit: { fd in
                state.withLock { state -> Bool in
                    guard state.running else { return false }
                    state.accepted += 1
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
        if state.withLock({ $0.behavior }) == .closeImmediately { return }
        // Kept alive: one request after another until the client closes (or a read fails).
        while serveOne(fd), keepAlive, state.withLock({ $0.running }) {}
    }

    /// Reads and answers one request; whether one was read.
    private func serveOne(_ fd: Int32) -> Bool {
        guard let head = LoopbackSocket.read(fd, until: Array("\r\n\r\n".utf8), limit: 64 * 1024) else { return false }
        let behavior = state.withLock { state -> Behavior in
            state.requests += 1
            state.lastRequestHead = String(decoding: head, as: UTF8.self)
            let path = state.lastRequestHead.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? "/"
            return state.behavior.resolved(path: path)
        }
        switch behavior {
        case .ok:
            reply(fd, status: 200, contentType: "text/plain", body: Array("ok\n".utf8))
        case .status(let code):
            reply(fd, status: code, contentType: "text/plain", body: Array("status \(code)\n".utf8))
        case .respond(let code, let contentType, let body):
            reply(fd, status: code, contentType: contentType, body: body)
        case .hang:
            let initial = state.withLock { $0.behavior }
            while state.withLock({ $0.running && $0.behavior == initial }) { sleepThread(seconds: 0.02) }
            return false
        case .closeImmediately, .byPath:
            return false
        }
        return true
    }

    private func reply(_ fd: Int32, status: Int, contentType: String, body: [UInt8]) {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n" + (keepAlive ? "" : "Connection: close\r\n")
        if status == 401 { head += "WWW-Authenticate: Basic realm=\"lab\"\r\n" }
        head += "\r\n"
        LoopbackSocket.writeAll(fd, Array(head.utf8) + body)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
