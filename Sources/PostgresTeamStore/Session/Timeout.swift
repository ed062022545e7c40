import Foundation

/// Runs work that waits on the network with a deadline the caller can count on.
enum Timeout {
    /// Thrown when the time ran out first.
    struct Expired: Error {}

    /// The result of `body`, or ``Expired`` once `seconds` have passed; then `onExpiry` runs
    /// (it should make `body` end, e.g. by closing its connection) and `body` is cancelled. The
    /// caller never waits for `body` past the deadline, even if `body` ignores both.
    static func run<T: Sendable>(
        seconds: Double, onExpiry: @escaping @Sendable () -> Void = {}, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let once = ResumeOnce<T>()
        return try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            let work = Task {
                do {
                    once.resume(with: .success(try await body()))
                } catch {
                    once.resume(with: .failure(error))
                }
            }
            once.setTimer(
                Task {
                    try? await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000)))
                    guard !Task.isCancelled, once.resume(with: .failure(Expired())) else { return }
                    onExpiry()
                    work.cancel()
                })
        }
    }
}

/// A continuation resumed by whichever of the work and the timer comes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var timer: Task<Void, Never>?
    private var done = false

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func setTimer(_ task: Task<Void, Never>) {
        let cancelNow = lock.withLock {
            timer = task
            return done
        }
        if cancelNow { task.cancel() }
    }

    /// Resumes the caller unless already resumed; whether this call did.
    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        let (continuation, timer) = lock.withLock { () -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
            guard !done else { return (nil, nil) }
            done = true
            defer { self.continuation = nil }
            return (self.continuation, self.timer)
        }
        guard let continuation else { return false }
        timer?.cancel()
        continuation.resume(with: result)
        return true
    }
}
