import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Calls `tick` at the start of every wall-clock second, from a thread of its own that sleeps in
/// the kernel (`clock_nanosleep`): one wake-up a second with no timer machinery in between, and
/// the UTC clock on screen turns over on the second. The sleep is relative, on the monotonic
/// clock, and at most a second: a wall clock set back or forward never stops the ticks.
final class SecondTicker: Sendable {
    private let stopped = Mutex(false)

    init(tick: @escaping @Sendable (Date) -> Void) {
        let thread = Thread { [self] in
            while !isStopped {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                // To 1 ms past the next second, so the time read after waking is in the new second.
                var wait = timespec(tv_sec: 0, tv_nsec: 1_001_000_000 - now.tv_nsec)
                if wait.tv_nsec >= 1_000_000_000 {
                    wait.tv_sec = 1
                    wait.tv_nsec -= 1_000_000_000
                }
                var left = timespec()
                while clock_nanosleep(CLOCK_MONOTONIC, 0, &wait, &left) == EINTR { wait = left }
                if isStopped { break }
                tick(Date())
            }
        }
        thread.name = "postmoterm-clock"
        thread.start()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    /// The thread ends at its next wake-up, without ticking again.
    func stop() {
        stopped.withLock { $0 = true }
    }
}
