import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One wait for keys or a signal, for a short screen shown before the console's
/// ``InputWatcher`` starts (the incident picker of `postmoterm open`). Nothing keeps running
/// after it returns, so the watcher started next is the only reader of the terminal and of the
/// signal pipe.
public enum SingleWake {
    /// Waits on a thread of its own until keys are waiting on standard input (then read them with
    /// ``CursesTerminal/readInput()``), the window was resized, or a stop signal arrived.
    public static func next() async -> InputWatcher.Wake {
        let signalPipe = TerminalGuard.install()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var fds = [
                    pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: signalPipe, events: Int16(POLLIN), revents: 0),
                ]
                while true {
                    fds[0].revents = 0
                    fds[1].revents = 0
                    if poll(&fds, 2, -1) < 0 {
                        if errno == EINTR { continue }
                        continuation.resume(returning: .stop(signal: SIGHUP))
                        return
                    }
                    if fds[1].revents & Int16(POLLIN) != 0 {
                        var byte: UInt8 = 0
                        if read(signalPipe, &byte, 1) == 1 {
                            let number = Int32(byte)
                            continuation.resume(returning: number == SIGWINCH ? .resize : .stop(signal: number))
                            return
                        }
                    }
                    if fds[0].revents & Int16(POLLIN) != 0 {
                        continuation.resume(returning: .input)
                        return
                    }
                    if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                        continuation.resume(returning: .stop(signal: SIGHUP))
                        return
                    }
                }
            }
        }
    }
}
