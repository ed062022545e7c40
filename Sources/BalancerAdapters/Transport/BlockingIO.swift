import Foundation

/// Runs blocking socket work off Swift's cooperative pool (as many threads as cores: a socket
/// blocked there would stall the console) and off Dispatch's default pool (also sized to the
/// cores, so a few hanging balancers would queue the others behind them), on
/// ``BlockingIOThreads``: long-lived threads, a new one only when every thread is busy.
enum BlockingIO {
    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            BlockingIOThreads.shared.submit {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

/// The threads behind ``BlockingIO``: a job goes to a waiting thread, or to a new one when none
/// waits — so a balancer that hangs holds one thread and never delays the others. A thread that
/// has waited `idleLifetime` seconds with nothing to do ends.
///
/// A thread per exchange, as before, cost a `clone`, a fresh stack (page faults) and its release
/// (`madvise`) on every poll: most of the console's CPU between frames once parsing got cheap.
final class BlockingIOThreads: @unchecked Sendable {
    static let shared = BlockingIOThreads()

    /// Longer than any poll interval people use, so a polling console keeps its thread.
    static let idleLifetime: TimeInterval = 60

    private let condition = NSCondition()
    /// Jobs not yet taken, oldest first.
    private var pending: [@Sendable () -> Void] = []
    private var nextPending = 0
    /// Threads waiting for a job.
    private var waiting = 0

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        pending.append(job)
        let queued = pending.count - nextPending
        let needsThread = queued > waiting
        if !needsThread { condition.signal() }
        condition.unlock()
        if needsThread {
            let thread = Thread { [self] in work() }
            thread.name = "postmoterm-balancer-io"
            thread.start()
        }
    }

    /// A thread's life: take jobs until none comes for `idleLifetime` seconds.
    private func work() {
        condition.lock()
        while true {
            if nextPending < pending.count {
                let job = pending[nextPending]
                nextPending += 1
                if nextPending == pending.count {
                    pending.removeAll(keepingCapacity: true)
                    nextPending = 0
                }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            waiting += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: Self.idleLifetime))
            waiting -= 1
            if !signalled && nextPending >= pending.count {
                condition.unlock()
                return
            }
        }
    }
}
