import Foundation

/// Runs blocking socket work off Swift's cooperative pool (as many threads as cores: a socket
/// blocked there would stall the console) and off Dispatch's default pool (also sized to the
/// cores, so a few hanging balancers would queue the others behind them), on
/// ``BlockingIOThreads``: long-lived threads, a new one only when every thread is busy.
enum BlockingIO {
    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            BlockingIOThreads.shared.submit {
                let result = ResultBox<T, E>()
                do throws(E) { result.value = .success(try work()) } catch { result.value = .failure(error) }
                // Called once the thread is idle again, so the caller's next job finds it. The
                // result is moved out of the box: this closure, still alive on the I/O thread
                // while the caller runs, must not hold a second reference to it (a snapshot
                // with two owners is copied whole when the monitor refines it).
                return {
                    guard let value = result.take() else { return }
                    continuation.resume(returning: consume value)
                }
            }
        }
        return try result.get()
    }
}

/// A job's result on its way from the I/O thread to the caller, taken out exactly once.
private final class ResultBox<T: Sendable, E: Error>: @unchecked Sendable {
    var value: Result<T, E>?

    func take() -> Result<T, E>? {
        defer { value = nil }
        return value
    }
}

/// The threads behind ``BlockingIO``: a job goes to the thread that became idle last, or to a new
/// one when none is idle — so a balancer that hangs holds one thread and never delays the others.
/// A thread idle for `idleLifetime` seconds ends.
///
/// A thread is back in the idle list before its job's caller is resumed (a job returns the
/// completion to call then): poll after poll lands on the same, warm thread, and a pool that
/// grew while balancers hung shrinks back. A thread per exchange, as before, cost a `clone`, a
/// fresh stack (page faults) and its release (`madvise`) on every poll.
final class BlockingIOThreads: @unchecked Sendable {
    /// A job runs the blocking work and returns what to call once its thread is idle again.
    typealias Job = @Sendable () -> @Sendable () -> Void

    static let shared = BlockingIOThreads()

    /// Longer than any poll interval people use, so a polling console keeps its thread.
    static let idleLifetime: TimeInterval = 60

    /// One thread: it sleeps on its own condition until handed a job or its idle time is up.
    private final class Worker: @unchecked Sendable {
        let condition = NSCondition()
        /// The next job, set (under `condition`) by ``BlockingIOThreads/submit(_:)``.
        var job: Job?
    }

    private let lock = NSLock()
    /// Idle threads, the most recently idle last.
    private var idle: [Worker] = []

    func submit(_ job: @escaping Job) {
        let worker: Worker? = lock.withLock { idle.popLast() }
        if let worker {
            worker.condition.lock()
            worker.job = job
            worker.condition.signal()
            worker.condition.unlock()
            return
        }
        let fresh = Worker()
        fresh.job = job
        let thread = Thread { [self] in work(fresh) }
        thread.name = "postmoterm-balancer-io"
        thread.start()
    }

    /// A thread's life: run its job, go idle, wait for the next; end after `idleLifetime` seconds
    /// without one.
    private func work(_ worker: Worker) {
        while true {
            worker.condition.lock()
            var job = worker.job
            worker.job = nil
            worker.condition.unlock()
            if let current = job {
                let finish = current()
                lock.withLock { idle.append(worker) }
                finish()
            }
            worker.condition.lock()
            let deadline = Date(timeIntervalSinceNow: Self.idleLifetime)
            while worker.job == nil {
                if !worker.condition.wait(until: deadline) { break }
            }
            job = worker.job
            worker.condition.unlock()
            if job != nil { continue }
            // Idle time is up: leave, unless a job was handed over at this very moment (then
            // `submit` already took the worker out of the list and sets its job).
            let left: Bool = lock.withLock {
                guard let index = idle.firstIndex(where: { $0 === worker }) else { return false }
                idle.remove(at: index)
                return true
            }
            if left { return }
        }
    }
}
