import Foundation
import PostmotermCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Sends bounded HTTP load to a port on `127.0.0.1`: `GET` requests at a steady rate from a
/// fixed number of worker threads, until the plan's request count or duration is reached — it
/// stops by itself — or ``stop()`` is called.
///
/// Each request is one connection (`Connection: close`). The generator runs on threads of the
/// calling process, so it can never outlive it.
public final class LoadGenerator: Sendable {
    private struct Outcome {
        var time: Double
        /// HTTP status, or nil when no answer came.
        var status: Int?
        var latency: Double
    }

    private struct State {
        var started = false
        var stopped = false
        /// When the load started: the duration bound counts from here.
        var startedAt = 0.0
        /// When ticket 0 was due; moves forward when the workers fell behind.
        var origin = 0.0
        var nextTicket = 0
        var workersLeft = 0
        var totals = LoadReport()
        var outcomes: [Outcome] = []
        var outcomeHead = 0
    }

    /// Outcomes kept for ``report(overLast:)`` and the latency figures.
    private static let keptOutcomes = 65_536

    /// What it sends and its bounds.
    public let plan: LoadPlan
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    public init(plan: LoadPlan) {
        self.plan = plan
    }

    /// Starts the workers. Starting twice does nothing.
    public func start() {
        let origin = monotonicSeconds()
        let first = state.withLock { state -> Bool in
            guard !state.started else { return false }
            state.started = true
            state.startedAt = origin
            state.origin = origin
            state.workersLeft = plan.concurrency
            return true
        }
        guard first else { return }
        for _ in 0..<plan.concurrency {
            Thread.detachNewThread { [self] in
                work()
                let last = state.withLock { state -> Bool in
                    state.workersLeft -= 1
                    return state.workersLeft == 0
                }
                if last { finished.signal() }
            }
        }
    }

    /// Stops sending; requests in flight finish (within the request timeout). Returns at once.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Whether every worker has ended (limits reached or stopped).
    public var isFinished: Bool {
        state.withLock { $0.started && $0.workersLeft == 0 }
    }

    /// Waits until every worker has ended, at most `timeout` seconds; true when they have.
    @discardableResult
    public func waitUntilFinished(timeout: Double) -> Bool {
        if isFinished { return true }
        guard state.withLock({ $0.started }) else { return true }
        if finished.wait(timeout: .now() + timeout) == .success {
            finished.signal()  // Let other waiters through too.
            return true
        }
        return false
    }

    /// Everything so far (latencies over the most recent requests).
    public var totals: LoadReport {
        state.withLock { state in
            var report = state.totals
            Self.fillLatencies(&report, Array(state.outcomes[state.outcomeHead...]).compactMap { $0.status == nil ? nil : $0.latency })
            return report
        }
    }

    /// The requests that completed in the last `seconds`.
    public func report(overLast seconds: Double) -> LoadReport {
        let horizon = monotonicSeconds() - seconds
        return state.withLock { state in
            var report = LoadReport()
            var latencies: [Double] = []
            for outcome in state.outcomes[state.outcomeHead...] where outcome.time >= horizon {
                Self.count(outcome, into: &report)
                if outcome.status != nil { latencies.append(outcome.latency) }
            }
            Self.fillLatencies(&report, latencies)
            return report
        }
    }

    private func work() {
        while let due = nextTicket() {
            let wait = due - monotonicSeconds()
            if wait > 0 { sleepThread(seconds: wait) }
            if state.withLock({ $0.stopped }) { return }
            let begin = monotonicSeconds()
            let status = send()
            let end = monotonicSeconds()
            record(Outcome(time: end, status: status, latency: end - begin))
        }
    }

    /// The time the next request is due, or nil when a bound is reached.
    private func nextTicket() -> Double? {
        let now = monotonicSeconds()
        return state.withLock { state -> Double? in
            guard !state.stopped, state.nextTicket < plan.maxRequests else { return nil }
            // A worker that fell behind (every worker busy) does not fire a burst to catch up.
            let scheduled = state.origin + Double(state.nextTicket) / plan.rate
            if now - scheduled > 0.25 {
                state.origin = now - Double(state.nextTicket) / plan.rate
            }
            let due = state.origin + Double(state.nextTicket) / plan.rate
            guard due - state.startedAt < plan.maxDuration, now - state.startedAt < plan.maxDuration else {
                return nil
            }
            state.nextTicket += 1
            return due
        }
    }

    /// Sends one request; the HTTP status, or nil when no answer came.
    private func send() -> Int? {
        guard let socket = try? LoopbackSocket.makeConnection(port: plan.port, timeout: plan.requestTimeout) else {
            return nil
        }
        defer { close(socket) }
        let request = "GET \(plan.path) HTTP/1.1\r\nHost: 127.0.0.1:\(plan.port)\r\nUser-Agent: postmoterm-demo-load\r\nConnection: close\r\n\r\n"
        guard LoopbackSocket.writeAll(socket, Array(request.utf8)),
              let answer = LoopbackSocket.read(socket, until: Array("\r\n".utf8), limit: 1024)
        else { return nil }
        // "HTTP/1.1 200 OK"
        let statusLine = answer.prefix(while: { $0 != 0x0D })
        let fields = statusLine.split(separator: 0x20)
        guard fields.count >= 2, let status = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return status
    }

    private func record(_ outcome: Outcome) {
        state.withLock { state in
            Self.count(outcome, into: &state.totals)
            state.outcomes.append(outcome)
            if state.outcomes.count - state.outcomeHead > Self.keptOutcomes { state.outcomeHead += 1 }
            if state.outcomeHead > Self.keptOutcomes {
                state.outcomes.removeFirst(state.outcomeHead)
                state.outcomeHead = 0
            }
        }
    }

    private static func count(_ outcome: Outcome, into report: inout LoadReport) {
        report.completed += 1
        switch outcome.status {
        case nil: report.failed += 1
        case .some(200..<300): report.succeeded += 1
        case .some(500..<600): report.serverErrors += 1
        case .some: report.otherStatus += 1
        }
    }

    private static func fillLatencies(_ report: inout LoadReport, _ latencies: [Double]) {
        guard !latencies.isEmpty else { return }
        let sorted = latencies.sorted()
        report.medianLatency = Percentile.nearestRank(0.5, of: sorted) ?? 0
        report.p99Latency = Percentile.nearestRank(0.99, of: sorted) ?? 0
    }
}
