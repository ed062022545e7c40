import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP server on `127.0.0.1` that plays one API instance of the demo: it answers
/// normally up to its ``BackendCapacity``, slower past it, then `503` — and it can crash
/// (listener and open connections gone, like a killed process) and come back.
///
/// - `GET /health` answers `200 ok` whenever the server runs, whatever the load (a health check
///   that only sees the process is alive, as many do).
/// - `GET /metrics` answers its CPU, memory and latency histogram for Prometheus (``BackendMetrics``).
/// - Any other request goes through the capacity model; a `200` body names the instance.
///
/// It runs on threads of the calling process, so it can never outlive it. Every connection is
/// answered with `Connection: close`.
public final class CapacityBackend: Sendable {
    /// What the backend has done so far (counters only grow, across crashes).
    public struct Statistics: Sendable, Hashable {
        /// Requests answered `200` (health checks excluded).
        public var served = 0
        /// Of ``served``, those slowed down by overload.
        public var slowed = 0
        /// Requests answered `503`.
        public var rejected = 0
        /// Health checks answered.
        public var healthChecks = 0
        /// Requests being answered now.
        public var inFlight = 0
        /// Arrival rate per second over the capacity window, as last measured.
        public var rate = 0.0
        /// Times the backend crashed.
        public var crashes = 0
    }

    /// A backend that cannot start.
    public enum Failure: Error, CustomStringConvertible {
        /// The port could not be bound (in use, or no permission).
        case cannotListen(port: UInt16, reason: String)

        public var description: String {
            switch self {
            case .cannotListen(let port, let reason): "cannot listen on 127.0.0.1:\(port): \(reason)"
            }
        }
    }

    private struct State {
        var port: UInt16
        var listener: Int32 = -1
        /// Bumped on every crash/stop, so threads of an earlier life stop answering.
        var generation = 0
        var running = false
        var meter: ArrivalRateMeter
        var statistics = Statistics()
        var metrics = BackendMetrics()
        var connections: Set<Int32> = []
        var acceptLoopDone: DispatchSemaphore?
    }

    /// The instance name, e.g. `api-2` (written in each `200` body).
    public let name: String
    /// The load it takes and how it degrades.
    public let capacity: BackendCapacity
    private let state: Mutex<State>

    /// A backend that will listen on `port` (0: a free port picked by the kernel at ``start()``).
    public init(name: String, port: UInt16 = 0, capacity: BackendCapacity) {
        self.name = name
        self.capacity = capacity
        self.state = Mutex(State(port: port, meter: ArrivalRateMeter(window: capacity.window)))
    }

    /// The port it listens on (known after ``start()`` when created with port 0).
    public var port: UInt16 { state.withLock { $0.port } }

    /// Whether it is listening now (false after ``crash()`` or ``stop()``).
    public var isRunning: Bool { state.withLock { $0.running } }

    /// A snapshot of the counters.
    public var statistics: Statistics {
        state.withLock { state in
            var copy = state.statistics
            copy.rate = state.meter.rate(at: monotonicSeconds())
            return copy
        }
    }

    /// Starts listening. Starting a running backend does nothing.
    public func start() throws {
        let (port, running) = state.withLock { ($0.port, $0.running) }
        if running { return }
        let listener: Int32
        do {
            listener = try LoopbackSocket.makeListener(port: port)
        } catch {
            throw Failure.cannotListen(port: port, reason: String(describing: error))
        }
        let done = DispatchSemaphore(value: 0)
        let generation = state.withLock { state in
            state.port = LoopbackSocket.boundPort(listener)
            state.listener = listener
            state.running = true
            state.acceptLoopDone = done
            return state.generation
        }
        Thread.detachNewThread { [self] in
            acceptLoop(listener: listener, generation: generation)
            done.signal()
        }
    }

    /// Comes back after a crash, on the same port. The same as ``start()``.
    public func restart() throws { try start() }

    /// Dies as a crashing process does: stops listening and drops every open connection without
    /// an answer. Health checks then fail to connect.
    public func crash() {
        halt(countAsCrash: true)
    }

    /// Stops listening and drops open connections. Safe to call more than once.
    public func stop() {
        halt(countAsCrash: false)
    }

    private func halt(countAsCrash: Bool) {
        let (listener, done, connections) = state.withLock { state -> (Int32, DispatchSemaphore?, Set<Int32>) in
            guard state.running else { return (-1, nil, []) }
            state.running = false
            state.generation += 1
            if countAsCrash { state.statistics.crashes += 1 }
            let listener = state.listener
            state.listener = -1
            let done = state.acceptLoopDone
            state.acceptLoopDone = nil
            return (listener, done, state.connections)
        }
        guard listener >= 0 else { return }
        // Wake the accept loop; it closes the listener itself (no fd can be reused under it).
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in connections {
            LoopbackSocket.setAbortOnClose(connection)
            shutdown(connection, Int32(SHUT_RDWR))
        }
        _ = done?.wait(timeout: .now() + 2)
    }

    private func acceptLoop(listener: Int32, generation: Int) {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            let admitted = state.withLock { state -> Bool in
                guard state.generation == generation else { return false }
                state.connections.insert(connection)
                return true
            }
            guard admitted else {
                close(connection)
                return
            }
            Thread.detachNewThread { [self] in
                serve(connection, generation: generation)
            }
        }
    }

    private func serve(_ connection: Int32, generation: Int) {
        defer {
            state.withLock { _ = $0.connections.remove(connection) }
            close(connection)
        }
        LoopbackSocket.setTimeouts(connection, seconds: 5)
        guard let head = LoopbackSocket.read(connection, until: Array("\r\n\r\n".utf8), limit: 16_384),
              let requestLine = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first
        else { return }
        let parts = requestLine.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"

        let cpuAtStart = BackendMetrics.threadCPUSeconds()
        defer {
            let spent = BackendMetrics.threadCPUSeconds() - cpuAtStart
            state.withLock { $0.metrics.cpuSeconds += spent }
        }
        if path == "/metrics" {
            let text = state.withLock { $0.metrics.text(instance: name, inFlight: $0.statistics.inFlight) }
            respond(connection, status: 200, body: text)
            return
        }
        if path == "/health" || path.hasPrefix("/health?") {
            state.withLock { $0.statistics.healthChecks += 1 }
            respond(connection, status: 200, body: "ok\n")
            return
        }

        let verdict = state.withLock { state -> BackendCapacity.Verdict in
            let rate = state.meter.record(at: monotonicSeconds())
            let verdict = capacity.verdict(rate: rate, inFlight: state.statistics.inFlight)
            switch verdict {
            case .reject:
                state.statistics.rejected += 1
            case .serve(let latency):
                state.statistics.inFlight += 1
                if latency > capacity.baseLatency { state.statistics.slowed += 1 }
            }
            return verdict
        }
        switch verdict {
        case .reject:
            respond(connection, status: 503, body: "\(name) overloaded\n")
        case .serve(let latency):
            sleepThread(seconds: latency)
            let alive = state.withLock { state -> Bool in
                state.statistics.inFlight -= 1
                guard state.generation == generation else { return false }
                state.statistics.served += 1
                state.metrics.observe(latency: latency)
                return true
            }
            // A crash while this request was in progress: the process is gone, no answer.
            guard alive else { return }
            respond(connection, status: 200, body: "\(name) ok\n")
        }
    }

    private func respond(_ connection: Int32, status: Int, body: String) {
        let reason = status == 200 ? "OK" : "Service Unavailable"
        let response = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\nX-Instance: \(name)\r\n\r\n\(body)"
        LoopbackSocket.writeAll(connection, Array(response.utf8))
    }
}
