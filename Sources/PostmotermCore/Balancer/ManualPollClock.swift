import Foundation

/// A poll clock for tests: time stands still until ``advance(seconds:)``; sleepers wake when the
/// clock reaches their deadline (in deadline order).
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

    /// Starts at monotonic time `start` and wall time `wall`.
    public init(start: Double = 1000, wall: Timestamp = Timestamp(millisecondsSinceEpoch: 1_712_327_400_000)) {
        now = start
        wallStart = wall
        startMonotonic = start
    }

    private let startMonotonic: Double

    public func monotonicSeconds() -> Double { lock.withLock { now } }

    public func wallTime() -> Timestamp {
        lock.withLock { wallStart.adding(milliseconds: Int64(((now - startMonotonic) * 1000).rounded())) }
    }

    /// How many tasks are asleep on this clock (tests wait for a poller to go to sleep).
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    public func sleep(seconds: Double) async throws {
        let id: Int = lock.withLock { nextID += 1; return nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                lock.lock()
                let deadline = now + max(0, seconds)
                if seconds <= 0 {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                sleepers.append(Sleeper(deadline: deadline, continuation: continuation, id: id))
                lock.unlock()
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
    }
}
