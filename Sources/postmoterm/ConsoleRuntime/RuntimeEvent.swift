import Console
import CursesBackend
import Foundation

/// What wakes the console's loop: a key or signal, a message from one of its sources, a poll, or
/// an effect that acts on the loop itself.
enum RuntimeEvent: Sendable {
    case wake(InputWatcher.Wake)
    case message(ConsoleMessage)
    /// A poll, mapped on its thread; `tick`: the clock's second it also shows (it claimed the
    /// second, see ``SecondTicker/claim(_:)``), so the poll and the clock are one wake-up and
    /// one frame.
    case poll(PollRowsFeed.Delivery, tick: Date?)
    /// Throw away what the terminal shows and draw everything again.
    case redraw
    case quit
}
