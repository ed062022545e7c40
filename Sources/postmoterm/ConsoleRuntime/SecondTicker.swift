import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Calls `tick` at the start of every wall-clock second, from a thread of its own that sleeps in
/// the kernel (`clock_nanosleep` to an absolute time): one wake-up a second with no timer
/// machinery in between, and the UTC clock on screen turns over on the second.
final class SecondTicker: Sendable {
    private let stopped = Mutex(false)

    init(tick: @escaping @Sendable (Date) -> Void) {
        let thread = Thread { [self] in
            while !isStopped {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                // 1 ms past the second, so the time read after waking is in the new second.
                var next = timespec(tv_sec: now.tv_sec + 1, tv_nsec: 1_000_000)
                while clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &next, nil) == EINTR {}
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
