#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the user's terminal back however the process ends.
///
/// - SIGINT, SIGTERM, SIGHUP and SIGWINCH are forwarded to a self-pipe that ``InputWatcher``
///   watches, so the runtime ends (or resizes) in order: `endwin`, then exit. A second SIGINT or
///   SIGTERM while that is under way restores the terminal at once and exits.
/// - A trap (failed precondition, force unwrap, crash: SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS,
///   SIGFPE) and SIGQUIT (Ctrl-\, "quit and dump core": still exits 131, now with the terminal
///   back) cannot run Swift code safely, so the handler only does async-signal-safe work:
///   writes precomputed terminfo strings (attributes off, cursor visible, leave the alternate
///   screen, keypad off) and restores the saved termios, then re-raises the signal.
enum TerminalGuard {
    nonisolated(unsafe) static var pipeRead: Int32 = -1
    nonisolated(unsafe) static var pipeWrite: Int32 = -1
    nonisolated(unsafe) static var savedTermios = termios()
    nonisolated(unsafe) static var haveTermios = false
    nonisolated(unsafe) static var restoreBytes: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) static var restoreCount = 0
    nonisolated(unsafe) static var stopRequests: Int32 = 0
    nonisolated(unsafe) static var installed = false

    /// Remembers the terminal's modes before curses changes them.
    static func saveTerminalModes() {
        haveTermios = tcgetattr(STDIN_FILENO, &savedTermios) == 0
    }

    /// The bytes that undo what curses did, written by the crash handler.
    static func setRestoreSequence(_ bytes: [UInt8]) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        buffer.initialize(from: bytes, count: bytes.count)
        let old = restoreBytes
        restoreBytes = buffer
        restoreCount = bytes.count
        old?.deallocate()
    }

    /// Installs the handlers; returns the read end of the signal pipe.
    static func install() -> Int32 {
        if installed { return pipeRead }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return -1 }
        pipeRead = fds[0]
        pipeWrite = fds[1]
        _ = fcntl(pipeWrite, F_SETFL, fcntl(pipeWrite, F_GETFL) | O_NONBLOCK)
        _ = fcntl(pipeRead, F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeWrite, F_SETFD, FD_CLOEXEC)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] {
            setHandler(signal, flags: Int32(truncatingIfNeeded: SA_RESTART)) { number in
                if number != SIGWINCH && number != SIGHUP {
                    TerminalGuard.stopRequests += 1
                    if TerminalGuard.stopRequests >= 2 {
                        TerminalGuard.emergencyRestore()
                        _exit(128 + number)
                    }
                }
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminalGuard.pipeWrite, &byte, 1)
            }
        }
        for signal in [SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] {
            setHandler(signal, flags: Int32(truncatingIfNeeded: SA_RESETHAND)) { number in
                TerminalGuard.emergencyRestore()
                _ = raise(number)
            }
        }
        // A write to a terminal that went away (SSH dropped) must not kill us before endwin.
        signal(SIGPIPE, SIG_IGN)
        installed = true
        return pipeRead
    }

    /// Async-signal-safe: only write(2) and tcsetattr(3).
    static func emergencyRestore() {
        if let bytes = restoreBytes, restoreCount > 0 {
            _ = write(STDOUT_FILENO, bytes, restoreCount)
        }
        if haveTermios {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios)
        }
    }

    private static func setHandler(_ signal: Int32, flags: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        _ = sigaction(signal, &action, nil)
    }
}
