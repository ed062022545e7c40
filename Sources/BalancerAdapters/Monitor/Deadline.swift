import Synchronization
import PostmotermCore

/// Runs `work` but gives up after `seconds` on `clock`, even if `work` ignores cancellation (a
/// blocked socket thread finishes in the background; its result is dropped).
enum Deadline {
    /// The work did not finish in time.
    struct Expired: Error {}

    /// Who finished first, and the tasks to cancel once that is known.
    private final class Race: Sendable {
        private struct State {
            var done = false
            var timer: Task<Void, Never>?
            var worker: Task<Void, Never>?
        }
        private let state = Mutex(State())

        /// True for the first caller only; cancels the other side.
        func finish() -> Bool {
            let (first, timer, worker): (Bool, Task<Void, Never>?, Task<Void, Never>?) = state.withLock {
                if $0.done { return (false, nil, nil) }
                $0.done = true
                return (true, $0.timer, $0.worker)
            }
            timer?.cancel()
            worker?.cancel()
            return first
        }

        func register(timer: Task<Void, Never>, worker: Task<Void, Never>) {
            let done: Bool = state.withLock {
                $0.timer = timer
                $0.worker = worker
                return $0.done
            }
            if done {
                timer.cancel()
                worker.cancel()
            }
        }
    }

    static func run<T: Sendable>(
        seconds: Double, clock: any PollClock, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let worker = Task {
                let result: Result<T, Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                if race.finish() { continuation.resume(with: result) }
            }
            let timer = Task {
                do { try await clock.sleep(seconds: seconds) } catch { return }
                if race.finish() { continuation.resume(throwing: Expired()) }
            }
            race.register(timer: timer, worker: worker)
        }
    }
}
