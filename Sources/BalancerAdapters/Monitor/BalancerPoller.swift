import Foundation
import PostmotermCore

/// The balancer poller: every source on its schedule, with backoff, history and detection
/// (``PolledSources``). Used by the console, `postmoterm health`, the demo and the benchmark.
///
/// ```swift
/// let poller = BalancerPoller(sources: addresses.map { BalancerSources.make($0) }, interval: 1)
/// let update = await poller.pollOnce(force: true)   // one round, now (health)
/// poller.start()                                    // on schedule, into `updates` (health --watch, demo)
/// poller.start { update in … }                      // on schedule, handed on from the poll thread (console)
/// poller.pollNow()                                  // every source at once (after an action)
/// poller.stop()
/// ```
///
/// Running, each source has a thread of its own that sleeps until the source is due, fetches,
/// refines and detects right there, and hands the update on: a poll costs one wake-up of one
/// thread (plus the socket's), and a source that hangs holds only its own thread, for at most
/// its timeout. After a failure a source waits `interval × 2^(failures−1)`, at most
/// `maxBackoff`; its last good snapshot stays in ``SourceReport/snapshot``.
///
/// Time comes from `clock` (``PollClock``): the threads wait on a monotonic condition until the
/// clock says a source is due, and a ``ManualPollClock`` wakes them whenever a test advances it,
/// so no test sleeps for a poll, and a test that advances the clock before a thread went to
/// sleep loses nothing (the thread reads the clock under the lock it then waits on).
public final class BalancerPoller: @unchecked Sendable {
    public let interval: Double
    public let timeout: Double
    /// Updates while running with ``start()`` (and every ``pollOnce(force:)``), in order; finishes
    /// after ``stop()``. Keeps the newest 64 when the consumer is slow.
    public let updates: AsyncStream<MonitorUpdate>
    private let continuation: AsyncStream<MonitorUpdate>.Continuation
    private let clock: any PollClock
    /// Guards everything below; threads sleep on it until due, ``pollNow()``, ``stop()`` or the
    /// clock moving (monotonic waits: a wall clock set back does not hold polls up).
    private let condition = MonotonicCondition()
    private var sources: PolledSources
    private var forced: [Bool]
    private var stopped = false
    private var started = false
    /// Whether ``updates`` gets the updates (else only the `deliver` of ``start(delivering:)``).
    private var publishing = true
    private var roundUnderWay = false
    private var last: MonitorUpdate

    /// `wallPhase`: polls keep step with the wall clock, each due that many seconds after a
    /// whole multiple of the interval (see ``PollSchedule/wallPhase``); the console uses the
    /// moment its clock turns over, so a poll and the clock share one wake-up and one frame.
    public init(
        sources: [any BalancerSource], interval: Double = 2, timeout: Double = BalancerSourceLimits.defaultTimeout,
        maxBackoff: Double = 30, thresholds: DetectorThresholds = DetectorThresholds(), wallPhase: Double? = nil,
        clock: any PollClock = SystemPollClock()
    ) {
        self.interval = interval
        self.timeout = timeout
        self.clock = clock
        self.sources = PolledSources(sources: sources, interval: interval, maxBackoff: maxBackoff, thresholds: thresholds,
                                     start: clock.monotonicSeconds(), wallPhase: wallPhase)
        forced = Array(repeating: false, count: sources.count)
        (updates, continuation) = AsyncStream.makeStream(of: MonitorUpdate.self, bufferingPolicy: .bufferingNewest(64))
        last = MonitorUpdate(at: clock.wallTime(), sources: PolledSources.pendingReports(sources), findings: [], polled: [])
        let condition = condition
        clock.whenAdvanced {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The last update (before the first poll: every source pending).
    public var latest: MonitorUpdate {
        condition.lock()
        defer { condition.unlock() }
        return last
    }

    /// The current state of every source (ages computed now).
    public func reports() -> [SourceReport] {
        condition.lock()
        defer { condition.unlock() }
        return sources.reports(at: clock.monotonicSeconds())
    }

    // MARK: - One round, now

    /// Polls, concurrently, every source that is due (every source with `force`), runs detection
    /// and returns the update (also published on ``updates``). A round already under way is not
    /// doubled: the call returns ``latest`` at once. The fetches run on threads of their own, so
    /// the caller's task only waits.
    @discardableResult
    public func pollOnce(force: Bool = false) async -> MonitorUpdate {
        await withCheckedContinuation { (done: CheckedContinuation<MonitorUpdate, Never>) in
            let thread = Thread { done.resume(returning: self.round(force: force)) }
            thread.name = "postmoterm-poll-round"
            thread.start()
        }
    }

    private func round(force: Bool) -> MonitorUpdate {
        condition.lock()
        if roundUnderWay {
            defer { condition.unlock() }
            return last
        }
        roundUnderWay = true
        let due = sources.due(at: clock.monotonicSeconds(), force: force)
        let fetched = due.map { sources.entries[$0].source }
        condition.unlock()

        // One result per due source, by its place in `due`: the first on this thread, the others
        // each on a thread of its own, so a source that hangs holds up none of the others.
        let results = FetchResults(count: due.count)
        let group = DispatchGroup()
        for slot in fetched.indices.dropFirst() {
            group.enter()
            let (source, timeout, clock) = (fetched[slot], timeout, clock)
            Thread.detachNewThread {
                results.set(slot, Self.fetch(source, timeout: timeout, clock: clock))
                group.leave()
            }
        }
        if let first = fetched.first { results.set(0, Self.fetch(first, timeout: timeout, clock: clock)) }
        group.wait()

        condition.lock()
        defer { condition.unlock() }
        let finished = clock.monotonicSeconds()
        let wall = clock.wallTime()
        var findings: [Finding] = []
        for (slot, index) in due.enumerated() {
            guard let result = results.take(slot) else { continue }
            findings += sources.record(consume result, for: index, finished: finished, wall: wall)
        }
        let update = MonitorUpdate(at: wall, sources: sources.reports(at: finished), findings: findings,
                                   polled: fetched.map(\.display))
        last = update
        roundUnderWay = false
        if !stopped { continuation.yield(update) }
        return update
    }

    // MARK: - On schedule

    /// Starts one thread per source (once), publishing every update on ``updates``.
    public func start() {
        start(publishing: true) { [continuation] update in continuation.yield(update) }
    }

    /// Starts one thread per source (once); `deliver` gets every update, on the thread that
    /// polled, in order (``updates`` gets none). It is called under the poller's lock, so calls
    /// never overlap; it may do brief work (the console maps the update to table rows there,
    /// while the poll's data is in cache) and hand the result on, but must never block or call
    /// back into the poller.
    public func start(delivering deliver: @escaping @Sendable (MonitorUpdate) -> Void) {
        start(publishing: false, deliver)
    }

    private func start(publishing: Bool, _ deliver: @escaping @Sendable (MonitorUpdate) -> Void) {
        condition.lock()
        defer { condition.unlock() }
        guard !started, !stopped else { return }
        started = true
        self.publishing = publishing
        for index in sources.entries.indices {
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

    /// Ends the threads and ``updates``: a sleeping thread at once, a polling one after its fetch
    /// (within its timeout); nothing is delivered after this returns… except by a fetch already
    /// under way, which finds `stopped` set and drops its update.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        continuation.finish()
    }

    private func pollLoop(_ index: Int, deliver: @Sendable (MonitorUpdate) -> Void) {
        condition.lock()
        while !stopped {
            let now = clock.monotonicSeconds()
            let due = sources.entries[index].schedule.nextDue
            guard forced[index] || now >= due else {
                // Real seconds: right for the system clock; a manual clock wakes this wait when it
                // moves, and a wait that ends early only reads the clock again.
                condition.wait(seconds: due - now)
                continue
            }
            forced[index] = false
            let source = sources.entries[index].source
            condition.unlock()
            let result = Self.fetch(source, timeout: timeout, clock: clock)
            condition.lock()
            if stopped { break }
            let finished = clock.monotonicSeconds()
            let wall = clock.wallTime()
            let findings = sources.record(consume result, for: index, finished: finished, wall: wall)
            // Handed on with the lock still held, so updates arrive in the order their reports
            // were taken (`deliver` only queues it; see ``start(delivering:)``).
            let update = MonitorUpdate(at: wall, sources: sources.reports(at: finished), findings: findings, polled: [source.display])
            if publishing { last = update }
            deliver(update)
        }
        condition.unlock()
    }

    // MARK: - Fetching

    /// One fetch on this thread: directly when the source bounds its own waits and can block
    /// (``BlockingBalancerSource``); otherwise the async fetch, with its deadline, waited for here.
    static func fetch(
        _ source: any BalancerSource, timeout: Double, clock: any PollClock
    ) -> Result<BalancerSnapshot, BalancerFetchError> {
        if source.boundsItsOwnTime, let blocking = source as? any BlockingBalancerSource {
            do throws(BalancerFetchError) {
                return .success(try blocking.fetchNow(timeout: timeout, clock: clock))
            } catch {
                return .failure(error)
            }
        }
        let box = FetchResults(count: 1)
        let done = DispatchSemaphore(value: 0)
        Task {
            box.set(0, await fetch(source, timeout: timeout, clock: clock))
            done.signal()
        }
        done.wait()
        return box.take(0) ?? .failure(BalancerFetchError(source: source.display, reason: .transport(.closedWithoutAnswer)))
    }

    /// One async fetch of `source`, every failure as a ``BalancerFetchError``. A source that
    /// bounds its own waits (``BalancerSource/boundsItsOwnTime``) is simply awaited; any other is
    /// raced against a timer (``Deadline``) that cuts it off at `timeout` even if it ignores
    /// cancellation.
    static func fetch(
        _ source: any BalancerSource, timeout: Double, clock: any PollClock
    ) async -> Result<BalancerSnapshot, BalancerFetchError> {
        do {
            if source.boundsItsOwnTime {
                return .success(try await source.fetch(timeout: timeout, clock: clock))
            }
            return .success(try await Deadline.run(seconds: timeout + 0.25, clock: clock) {
                try await source.fetch(timeout: timeout, clock: clock)
            })
        } catch let error as BalancerFetchError {
            return .failure(error)
        } catch is Deadline.Expired {
            return .failure(BalancerFetchError(source: source.display, reason: .transport(.timedOut(phase: "an answer", seconds: timeout))))
        } catch {
            return .failure(BalancerFetchError(source: source.display, reason: .transport(.closedWithoutAnswer)))
        }
    }
}

/// Fetch results on their way from the fetching threads to the one that records them (each slot
/// written before its thread signals, read after the wait).
private final class FetchResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<BalancerSnapshot, BalancerFetchError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ slot: Int, _ result: consuming Result<BalancerSnapshot, BalancerFetchError>) {
        lock.withLock { results[slot] = result }
    }

    /// Taken out, so the snapshot's arrays stay uniquely owned and are refined in place.
    func take(_ slot: Int) -> Result<BalancerSnapshot, BalancerFetchError>? {
        lock.withLock { results[slot].take() }
    }
}
