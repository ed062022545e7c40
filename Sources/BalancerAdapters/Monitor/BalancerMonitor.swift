import PostmotermCore

/// Polls several balancers concurrently and publishes what it sees.
///
/// ```swift
/// let monitor = BalancerMonitor(sources: addresses.map { BalancerSources.make($0) }, interval: 2)
/// Task { await monitor.run() }                 // polls on schedule until stop() / cancellation
/// for await update in monitor.updates { … }    // one MonitorUpdate per poll round
/// ```
///
/// - Every source is polled every `interval` seconds, with `timeout` seconds per poll (a socket that
///   accepts and never answers costs at most that, and never delays the other sources).
/// - After a failure a source waits `interval × 2^(failures−1)`, at most `maxBackoff`; its last
///   good snapshot stays in ``SourceReport/snapshot`` and its state says `stale` with the age.
/// - Rates and breaker states come from the previous sample (``SnapshotHistory``); findings from
///   one ``HealthDetector`` over all sources, each published once.
/// - Time comes from `clock`: with ``ManualPollClock`` a test drives ``pollOnce(force:)`` or
///   ``run()`` without sleeping.
///
/// `postmoterm health` and the demo's narrator use it; the console polls through
/// ``BalancerPollThreads`` (same bookkeeping, ``MonitorBook``), a thread per source.
public actor BalancerMonitor {
    /// One update per poll round, in order; finishes after ``stop()``. Buffers the newest 64 when
    /// the consumer is slow.
    public nonisolated let updates: AsyncStream<MonitorUpdate>
    public nonisolated let interval: Double
    public nonisolated let timeout: Double
    private let continuation: AsyncStream<MonitorUpdate>.Continuation
    private let clock: any PollClock
    /// The sources' schedules, histories, snapshots and the detector (``MonitorBook``).
    private var book: MonitorBook
    private var stopped = false
    private var polling = false
    /// The last update published (before the first poll: every source pending).
    public private(set) var latest: MonitorUpdate

    public init(
        sources: [any BalancerSource], interval: Double = 2, timeout: Double = BalancerSourceLimits.defaultTimeout,
        maxBackoff: Double = 30, thresholds: DetectorThresholds = DetectorThresholds(),
        clock: any PollClock = SystemPollClock()
    ) {
        self.interval = interval
        self.timeout = timeout
        self.clock = clock
        let now = clock.monotonicSeconds()
        book = MonitorBook(sources: sources, interval: interval, maxBackoff: maxBackoff, thresholds: thresholds, start: now)
        (updates, continuation) = AsyncStream.makeStream(of: MonitorUpdate.self, bufferingPolicy: .bufferingNewest(64))
        latest = MonitorUpdate(
            at: clock.wallTime(),
            sources: MonitorBook.pendingReports(sources), findings: [], polled: [])
    }

    /// Polls, concurrently, every source that is due (every source with `force`), runs detection,
    /// publishes the update on ``updates`` and returns it.
    /// A round already in progress (from ``run()`` or another caller) is not doubled: the call
    /// returns ``latest`` at once.
    @discardableResult
    public func pollOnce(force: Bool = false) async -> MonitorUpdate {
        if polling { return latest }
        polling = true
        defer { polling = false }
        let now = clock.monotonicSeconds()
        let due = book.due(at: now, force: force)
        let timeout = timeout
        let clock = clock
        // One result per due source, by its place in `due`; each is taken out before it is
        // refined, so the snapshot's arrays are uniquely owned and refined in place (a second
        // reference made `refine` copy all 1,000 instances).
        var results: [Result<BalancerSnapshot, BalancerFetchError>?] = Array(repeating: nil, count: due.count)
        if due.count == 1 {
            // The usual round (one balancer): fetched right here, no child task.
            results[0] = await Self.fetch(book.entries[due[0]].source, timeout: timeout, clock: clock)
        } else if !due.isEmpty {
            await withTaskGroup(of: (Int, Result<BalancerSnapshot, BalancerFetchError>).self) { group in
                for (slot, index) in due.enumerated() {
                    let source = book.entries[index].source
                    group.addTask { (slot, await Self.fetch(source, timeout: timeout, clock: clock)) }
                }
                for await (slot, result) in group { results[slot] = result }
            }
        }
        let finished = clock.monotonicSeconds()
        let wall = clock.wallTime()
        var findings: [Finding] = []
        for (slot, index) in due.enumerated() {
            guard let result = results[slot].take() else { continue }
            findings += book.record(result, for: index, finished: finished, wall: wall)
        }
        let update = MonitorUpdate(at: wall, sources: reports(at: finished), findings: findings,
                                   polled: due.map { book.entries[$0].source.display })
        latest = update
        if !stopped {
            continuation.yield(update)
        }
        return update
    }

    /// One fetch of `source`, every failure as a ``BalancerFetchError``. A source that bounds its
    /// own waits (``BalancerSource/boundsItsOwnTime``) is simply awaited; any other is raced
    /// against a timer (``Deadline``) that cuts it off at `timeout` even if it ignores
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

    /// Polls on schedule until ``stop()`` is called or the task is cancelled.
    public func run() async {
        while !stopped && !Task.isCancelled {
            await pollOnce()
            let now = clock.monotonicSeconds()
            let next = book.nextDue ?? now + interval
            do { try await clock.sleep(seconds: max(0.01, next - now)) } catch { break }
        }
    }

    /// Ends ``updates``; ``run()`` returns after its current round.
    public func stop() {
        stopped = true
        continuation.finish()
    }

    /// The current state of every source (ages computed now).
    public func reports() -> [SourceReport] { reports(at: clock.monotonicSeconds()) }

    private func reports(at now: Double) -> [SourceReport] { book.reports(at: now) }
}
