import BalancerAdapters
import Foundation
import PostmotermCore
import Synchronization

/// Calls `tick` once for every wall-clock second, from a thread of its own that waits on a
/// monotonic condition until the second turns over: no timer machinery in between, and the UTC
/// clock on screen turns over on the second. Each wait is at most a second on the monotonic
/// clock, and a tick is due whenever the wall clock shows a second it did not tick for: a wall
/// clock set forward ticks at the next mark, and one set back ticks too (the seconds it shows
/// again are ticked again), so the clock on screen follows the wall clock either way.
///
/// A second can be taken by something else that wakes the console then anyway (a poll that keeps
/// step with the clock, see ``claim(_:)``): the ticker then does not tick for it, so the console
/// wakes and draws once that second instead of twice. To leave polls the first claim, the
/// ticker wakes `lateBy` past the second (1 ms when nothing claims).
///
/// Time comes from `clock`: with a ``ManualPollClock`` a test moves the wall clock and the
/// ticker answers at once, without sleeping.
final class SecondTicker: Sendable {
    private struct Marks {
        var stopped = false
        /// The last second (since 1970) ticked or claimed.
        var second = Int64.min
    }

    private let marks = Mutex(Marks())
    private let condition = MonotonicCondition()

    /// `lateBy`: how far past each second to wake, in nanoseconds (under a second).
    init(clock: any PollClock = SystemPollClock(), lateBy: Int = 1_000_000, tick: @escaping @Sendable (Date) -> Void) {
        let offset = Int64(min(max(lateBy, 1_000_000), 900_000_000) / 1_000_000)
        let condition = condition
        clock.whenAdvanced {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        // The first tick is for the next second (or this one, when its mark is still ahead): read
        // here, not on the thread, which may start after the clock moved.
        let start = clock.wallTime().millisecondsSinceEpoch
        var first = start >= 0 ? start / 1000 : (start - 999) / 1000
        if start - first * 1000 < offset { first -= 1 }
        let thread = Thread { [self, first] in
            /// The last second this thread woke for (ticked, or found claimed).
            var woken = first
            condition.lock()
            while !isStopped {
                let now = clock.wallTime().millisecondsSinceEpoch
                let second = now >= 0 ? now / 1000 : (now - 999) / 1000
                let into = now - second * 1000
                if into >= offset, second != woken {
                    woken = second
                    condition.unlock()
                    let date = Timestamp(millisecondsSinceEpoch: now).date
                    if claim(date) { tick(date) }
                    condition.lock()
                    continue
                }
                // To `offset` past the next second (this second's, when its mark is still ahead),
                // so the time read after waking is in the new second.
                let wait = into < offset ? offset - into : 1000 - into + offset
                condition.wait(seconds: Double(wait) / 1000)
            }
            condition.unlock()
        }
        thread.name = "postmoterm-clock"
        thread.start()
    }

    private var isStopped: Bool { marks.withLock { $0.stopped } }

    /// Takes the second `date` falls in: `true` when nothing has ticked or claimed it yet (the
    /// caller then shows the time as of `date`), `false` when it was already shown. A second
    /// before the last one shown is taken only when the wall clock went back by more than that
    /// second (a poll read just before the turn may arrive just after the tick for it).
    func claim(_ date: Date) -> Bool {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        return marks.withLock { marks in
            guard second > marks.second || second < marks.second - 1 else { return false }
            marks.second = second
            return true
        }
    }

    /// The thread ends at once, without ticking again.
    func stop() {
        marks.withLock { $0.stopped = true }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
