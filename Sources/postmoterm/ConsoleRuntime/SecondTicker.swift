import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Calls `tick` once for every wall-clock second, from a thread of its own that sleeps in the
/// kernel (`clock_nanosleep`): no timer machinery in between, and the UTC clock on screen turns
/// over on the second. The sleep is relative, on the monotonic clock, and at most a second: a
/// wall clock set back or forward never stops the ticks.
///
/// A second can be taken by something else that wakes the console then anyway (a poll that keeps
/// step with the clock, see ``claim(_:)``): the ticker then does not tick for it, so the console
/// wakes and draws once that second instead of twice. To leave polls the first claim, the
/// ticker wakes `lateBy` past the second (1 ms when nothing claims).
final class SecondTicker: Sendable {
    private struct Marks {
        var stopped = false
        /// The last second (since 1970) ticked or claimed.
        var second = Int.min
    }

    private let marks = Mutex(Marks())

    /// `lateBy`: how far past each second to wake, in nanoseconds (under a second).
    init(lateBy: Int = 1_000_000, tick: @escaping @Sendable (Date) -> Void) {
        let offset = min(max(lateBy, 1_000_000), 900_000_000)
        let thread = Thread { [self] in
            while !isStopped {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                // To `offset` past the next second, so the time read after waking is in the new second.
                var wait = timespec(tv_sec: 0, tv_nsec: 1_000_000_000 + offset - now.tv_nsec)
                if now.tv_nsec < offset { wait.tv_nsec -= 1_000_000_000 }  // this second's mark is still ahead
                if wait.tv_nsec >= 1_000_000_000 {
                    wait.tv_sec = 1
                    wait.tv_nsec -= 1_000_000_000
                }
                var left = timespec()
                while clock_nanosleep(CLOCK_MONOTONIC, 0, &wait, &left) == EINTR { wait = left }
                if isStopped { break }
                let date = Date()
                if claim(date) { tick(date) }
            }
        }
        thread.name = "postmoterm-clock"
        thread.start()
    }

    private var isStopped: Bool { marks.withLock { $0.stopped } }

    /// Takes the second `date` falls in: `true` when nothing has ticked or claimed it yet (the
    /// caller then shows the time as of `date`), `false` when it was already shown.
    func claim(_ date: Date) -> Bool {
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        return marks.withLock { marks in
            guard second > marks.second else { return false }
            marks.second = second
            return true
        }
    }

    /// The thread ends at its next wake-up, without ticking again.
    func stop() {
        marks.withLock { $0.stopped = true }
    }
}
