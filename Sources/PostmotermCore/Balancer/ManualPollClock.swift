import Foundation

/// A poll clock for tests, as swift-nio's `EmbeddedEventLoop`: time stands still until
/// ``advance(seconds:)``; sleepers wake when the clock reaches their deadline (in deadline
/// order), and threads waiting for a time (``whenAdvanced(_:)``) read the clock again. The wall
/// clock moves with it, and can also be set back or forward on its own
/// (``shiftWall(seconds:)``), as NTP or a resumed VM would.
public final class ManualPollClock: PollClock, @unchecked Sendable {
    private struct Sleeper {
        var deadline: Double
        var continuation: CheckedContinuation<Void, Error>
        var id: Int
    }

    private let lock = NSLock()
    private var now: Double
    private let wallStart: Timestamp
    private var sleepers: [Sleeper] = []
    private var nextID = 0
    private var wallShift: Int64 = 0
    private var watchers: [@Sendable () -> Void] = []
    /// Tests waiting for sleepers (``waitForSleepers(_:)``): how many, and whom to resume.
    private var sleeperWaits: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// Starts at monotonic time `start` and wall time `wall`.
    public init(start: Double = 1000, wall: Timestamp = Timestamp(millisecondsSinceEpoch: 1_712_327_400_000)) {
        now = start
        wallStart = wall
        startMonotonic = start
    }

    private let startMonotonic: Double

    public func monotonicSeconds() -> Double { lock.withLock { now } }

    public func wallTime() -> Timestamp {
        lock.withLock { wallStart.adding(milliseconds: Int64(((now - startMonotonic) * 1000).rounded()) + wallShift) }
    }

    /// The wall time as a `Date`.
    public var date: Date { wallTime().date }

    /// Sets the wall clock back (negative) or forward by `seconds`; monotonic time does not move.
    public func shiftWall(seconds: Double) {
        lock.withLock { wallShift += Int64((seconds * 1000).rounded()) }
        for wake in lock.withLock({ watchers }) { wake() }
    }

    public func whenAdvanced(_ wake: @escaping @Sendable () -> Void) {
        lock.withLock { watchers.append(wake) }
    }

    /// How many tasks are asleep on this clock.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// Returns once at least `count` tasks are asleep on this clock (a fetch and its deadline,
    /// say), so that advancing the clock then wakes them all. Bound the test with a `.timeLimit`.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if sleepers.count >= count {
                lock.unlock()
                continuation.resume()
                return
            }
            sleeperWaits.append((count, continuation))
            lock.unlock()
        }
    }

    /// The waits that `sleepers.count` now satisfies, taken out (called with the lock held).
    private func satisfiedWaits() -> [CheckedContinuation<Void, Never>] {
        let ready = sleeperWaits.filter { sleepers.count >= $0.count }.map(\.continuation)
        sleeperWaits.removeAll { sleepers.count >= $0.count }
        return ready
    }

    public func sleep(seconds: Double) async throws {
        let id: Int = lock.withLock { nextID += 1; return nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                lock.lock()
                // Cancelled before it got here: the handler below ran already and found no
                // sleeper to wake, so this one must not wait (it would wait for ever, and count
                // as a sleeper that a test could take for the poller's).
                if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if seconds <= 0 {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                sleepers.append(Sleeper(deadline: now + seconds, continuation: continuation, id: id))
                let satisfied = satisfiedWaits()
                lock.unlock()
                for wait in satisfied { wait.resume() }
            }
        } onCancel: {
            let cancelled: Sleeper? = lock.withLock {
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(seconds: Double) {
        let due: [Sleeper] = lock.withLock {
            now += seconds
            let ready = sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            sleepers.removeAll { $0.deadline <= now }
            return ready
        }
        for sleeper in due { sleeper.continuation.resume() }
        for wake in lock.withLock({ watchers }) { wake() }
    }
}
