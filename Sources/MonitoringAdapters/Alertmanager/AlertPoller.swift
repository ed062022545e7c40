import Foundation
import PostmotermCore
import Synchronization

/// Polls Alertmanagers beside the balancers, never on the key path: each on a task of its own,
/// on a ``PollSchedule`` (backoff after failures) timed by a ``PollClock`` (a test's
/// ``ManualPollClock`` moves it; no test sleeps). Every poll fetches the alerts and the silences
/// and hands an ``AlertmanagerReport`` to `deliver` when it changes something (new alerts or
/// silences, another state, a STALE age); a failed poll keeps the last good data and reports it
/// STALE with its age.
///
/// ```swift
/// let poller = AlertPoller(clients: [client], interval: 2)
/// let reports = await poller.pollOnce()          // once, now (`postmoterm alerts`)
/// poller.start { report in … }                   // on schedule (the console)
/// poller.stop()
/// ```
public final class AlertPoller: Sendable {
    private struct Entry: Sendable {
        var client: AlertmanagerClient
        var schedule: PollSchedule
        var snapshot: AlertSnapshot?
        var silences: [AlertSilence] = []
        var lastAnswer: AlertmanagerClient.AlertsAnswer?
        /// The state last handed to `deliver` (a report that changes nothing is not delivered).
        var delivered: SourceState?
    }

    private struct State: Sendable {
        var entries: [Entry]
        var tasks: [Task<Void, Never>] = []
        var stopped = false
    }

    public let interval: Double
    public let timeout: Double
    private let clock: any PollClock
    private let state: Mutex<State>

    public init(clients: [AlertmanagerClient], interval: Double = 2, timeout: Double = 2, maxBackoff: Double = 30,
                clock: any PollClock = SystemPollClock()) {
        self.interval = interval
        self.timeout = timeout
        self.clock = clock
        let start = clock.monotonicSeconds()
        state = Mutex(State(entries: clients.map {
            Entry(client: $0, schedule: PollSchedule(interval: interval, maxBackoff: maxBackoff, start: start))
        }))
    }

    /// Polls every Alertmanager once, now, concurrently; their reports in the order given.
    public func pollOnce() async -> [AlertmanagerReport] {
        let count = state.withLock { $0.entries.count }
        return await withTaskGroup(of: (Int, AlertmanagerReport).self) { group in
            for index in 0..<count { group.addTask { (index, await self.poll(index)) } }
            var reports = [AlertmanagerReport?](repeating: nil, count: count)
            for await (index, report) in group { reports[index] = report }
            return reports.compactMap { $0 }
        }
    }

    /// Starts one task per Alertmanager (once); `deliver` gets each report as its poll ends.
    public func start(delivering deliver: @escaping @Sendable (AlertmanagerReport) -> Void) {
        state.withLock { current in
            guard current.tasks.isEmpty, !current.stopped else { return }
            current.tasks = current.entries.indices.map { index in
                Task { [self] in
                    while !Task.isCancelled, !isStopped {
                        let report = await poll(index)
                        if isStopped { return }
                        let changed = state.withLock { current -> Bool in
                            defer { current.entries[index].delivered = report.state }
                            return report.isFresh || report.state != current.entries[index].delivered || !report.state.isLive
                        }
                        if changed { deliver(report) }
                        let wait = state.withLock { $0.entries[index].schedule.nextDue } - clock.monotonicSeconds()
                        if wait > 0 { try? await clock.sleep(seconds: wait) }
                    }
                }
            }
        }
    }

    /// Ends the tasks; nothing is delivered after a poll under way ends.
    public func stop() {
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            state.stopped = true
            return state.tasks
        }
        tasks.forEach { $0.cancel() }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func poll(_ index: Int) async -> AlertmanagerReport {
        let (client, previous) = state.withLock { ($0.entries[index].client, $0.entries[index].lastAnswer) }
        let outcome: Result<(AlertmanagerClient.AlertsAnswer, [AlertSilence]), AlertmanagerFetchError>
        do {
            async let alerts = client.alerts(timeout: timeout, after: previous)
            async let silences = client.silences(timeout: timeout)
            outcome = .success((try await alerts, try await silences))
        } catch let error as AlertmanagerFetchError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(AlertmanagerFetchError(source: client.source, reason: .httpStatus(0, "\(error)")))
        }
        let finished = clock.monotonicSeconds()
        let wall = clock.wallTime()
        return state.withLock { state in
            var entry = state.entries[index]
            var fresh = false
            switch outcome {
            case .success(let (answer, silences)):
                fresh = !answer.isUnchanged || silences != entry.silences || entry.snapshot == nil
                if fresh { entry.snapshot = AlertSnapshot(source: client.source, takenAt: wall, alerts: answer.alerts) }
                entry.lastAnswer = answer
                entry.silences = silences
                entry.schedule.recordSuccess(at: finished)
            case .failure(let error):
                entry.schedule.recordFailure(error.failure, at: finished)
            }
            state.entries[index] = entry
            return AlertmanagerReport(source: client.source, state: entry.schedule.state(at: finished), snapshot: entry.snapshot,
                                      silences: entry.silences, isFresh: fresh)
        }
    }
}
