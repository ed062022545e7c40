import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the runtime when there is something to read, without blocking the Swift concurrency
/// pool: a dedicated thread waits in poll(2) on the terminal and on the signal pipe.
public final class InputWatcher: Sendable {
    /// What woke the watcher.
    public enum Wake: Sendable, Hashable {
        /// Keys are waiting; call ``CursesTerminal/readInput()`` and then ``InputWatcher/drained()``.
        case input
        /// The window size changed (SIGWINCH).
        case resize
        /// SIGINT, SIGTERM or SIGHUP: end in order.
        case stop(signal: Int32)
    }

    public let wakes: AsyncStream<Wake>
    private let continuation: AsyncStream<Wake>.Continuation
    private let readDone = DispatchSemaphore(value: 0)

    /// Starts watching standard input and the signal pipe of ``TerminalGuard``.
    public init() {
        (wakes, continuation) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .unbounded)
        let signalPipe = TerminalGuard.install()
        let continuation = continuation
        let readDone = readDone
        let thread = Thread {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalPipe, events: Int16(POLLIN), revents: 0),
            ]
            var inputOpen = true
            while true {
                fds[0].fd = inputOpen ? STDIN_FILENO : -1
                fds[0].revents = 0
                fds[1].revents = 0
                let ready = poll(&fds, 2, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if fds[1].revents & Int16(POLLIN) != 0 {
                    var byte: UInt8 = 0
                    while read(signalPipe, &byte, 1) == 1 {
                        let number = Int32(byte)
                        continuation.yield(number == SIGWINCH ? .resize : .stop(signal: number))
                        var more = pollfd(fd: signalPipe, events: Int16(POLLIN), revents: 0)
                        if poll(&more, 1, 0) <= 0 { break }
                    }
                }
                if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && fds[0].revents & Int16(POLLIN) == 0 {
                    // The terminal went away (SSH dropped without SIGHUP reaching us).
                    inputOpen = false
                    continuation.yield(.stop(signal: SIGHUP))
                    continue
                }
                if fds[0].revents & Int16(POLLIN) != 0 {
                    continuation.yield(.input)
                    // Wait until the keys were read, or poll would wake again at once.
                    readDone.wait()
                }
            }
            continuation.finish()
        }
        thread.name = "postmoterm-input"
        thread.start()
    }

    /// Tells the watcher the pending input was read.
    public func drained() {
        readDone.signal()
    }
}
