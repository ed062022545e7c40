import Foundation
import PostmotermCore

/// Polls like ``BalancerMonitor`` — same schedule, backoff, history and detection
/// (``MonitorBook``) — but each source on a thread of its own that sleeps in the kernel until the
/// source is due, fetches, refines and detects right there, and hands the update on.
///
/// ```swift
/// let polls = BalancerPollThreads(sources: addresses.map { BalancerSources.make($0) }, interval: 1)
/// polls.start { update in … }   // called on a poll thread after each poll
/// polls.pollNow()               // every source at once (after an action)
/// polls.stop()
/// ```
///
/// This is the console's steady-state path: a poll costs one wake-up of one thread (plus the
/// socket's), where the actor version takes a Dispatch timer, an I/O thread and the concurrency
/// pool in turn. A source that hangs holds only its own thread, for at most its timeout.
/// Each update carries every source's report; ``MonitorUpdate/polled`` names the one polled.
public final class BalancerPollThreads: @unchecked Sendable {
    public let interval: Double
    public let timeout: Double
    private let clock: SystemPollClock
    /// Guards everything below; threads sleep on it until due, ``pollNow()`` or ``stop()``
    /// (monotonic waits: a wall clock set back does not hold polls up).
    private let condition = MonotonicCondition()
    private var book: MonitorBook
    private var forced: [Bool]
    private var stopped = false
    private var started = false

    /// `wallPhase`: polls keep step with the wall clock, each due that many seconds after a
    /// whole multiple of the interval (see ``PollSchedule/wallPhase``); the console uses the
    /// moment its clock turns over, so a poll and the clock share one wake-up and one frame.
    public init(
        sources: [any BalancerSource], interval: Double = 2, timeout: Double = BalancerSourceLimits.defaultTimeout,
        maxBackoff: Double = 30, thresholds: DetectorThresholds = DetectorThresholds(), wallPhase: Double? = nil
    ) {
        self.interval = interval
        self.timeout = timeout
        clock = SystemPollClock()
        book = MonitorBook(sources: sources, interval: interval, maxBackoff: maxBackoff, thresholds: thresholds,
                           start: clock.monotonicSeconds(), wallPhase: wallPhase)
        forced = Array(repeating: false, count: sources.count)
    }

    /// Starts one thread per source (once); `deliver` gets every update, on the thread that polled,
    /// in order. It is called under the poller's lock, so calls never overlap; it may do brief work
    /// (the console maps the update to table rows there, while the poll's data is in cache) and
    /// hand the result on, but must never block or call back into the poller.
    public func start(delivering deliver: @escaping @Sendable (MonitorUpdate) -> Void) {
        condition.lock()
        defer { condition.unlock() }
        guard !started, !stopped else { return }
        started = true
        for index in book.entries.indices {
            let thread = Thread { [self] in self.pollLoop(index, deliver: deliver) }
            thread.name = "postmoterm-poll-\(index)"
            thread.start()
        }
    }

    /// Polls every source as soon as its thread is free.
    public func pollNow() {
        condition.lock()
        for index in forced.indices { forced[index] = true }
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the threads: a sleeping one at once, a polling one after its fetch (within its
    /// timeout); nothing is delivered after this returns… except by a fetch already under way,
    /// which finds `stopped` set and drops its update.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func pollLoop(_ index: Int, deliver: @Sendable (MonitorUpdate) -> Void) {
        condition.lock()
        while !stopped {
            let now = clock.monotonicSeconds()
            let due = book.entries[index].schedule.nextDue
            guard forced[index] || now >= due else {
                condition.wait(seconds: due - now)
                continue
            }
            forced[index] = false
            let source = book.entries[index].source
            condition.unlock()
            let result = Self.fetch(source, timeout: timeout, clock: clock)
            condition.lock()
            if stopped { break }
            let finished = clock.monotonicSeconds()
            let wall = clock.wallTime()
            let findings = book.record(consume result, for: index, finished: finished, wall: wall)
            // Handed on with the lock still held, so updates arrive in the order their reports
            // were taken (`deliver` only queues it; see ``start(delivering:)``).
            deliver(MonitorUpdate(at: wall, sources: book.reports(at: finished), findings: findings, polled: [source.display]))
        }
        condition.unlock()
    }

    /// One fetch on this thread: directly when the source bounds its own waits and can block
    /// (``BlockingBalancerSource``); otherwise the monitor's async fetch, with its deadline,
    /// waited for here.
    private static func fetch(
        _ source: any BalancerSource, timeout: Double, clock: SystemPollClock
    ) -> Result<BalancerSnapshot, BalancerFetchError> {
        if source.boundsItsOwnTime, let blocking = source as? any BlockingBalancerSource {
            do throws(BalancerFetchError) {
                return .success(try blocking.fetchNow(timeout: timeout, clock: clock))
            } catch {
                return .failure(error)
            }
        }
        let box = FetchBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.result = await BalancerMonitor.fetch(source, timeout: timeout, clock: clock)
            done.signal()
        }
        done.wait()
        return box.result.take() ?? .failure(BalancerFetchError(source: source.display, reason: .transport(.closedWithoutAnswer)))
    }
}

/// The async fetch's result on its way to the waiting poll thread (written before the semaphore
/// is signalled, read after it is waited for).
private final class FetchBox: @unchecked Sendable {
    var result: Result<BalancerSnapshot, BalancerFetchError>?
}
