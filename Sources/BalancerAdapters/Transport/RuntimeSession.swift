import PostmotermCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A runtime API connection kept open between polls, in HAProxy's interactive mode (`prompt`):
/// each command's answer ends with the prompt `\n> ` instead of a close, so a poll costs no
/// connect, accept and close (≈ 0.1 ms of this process's CPU on a unix socket here, a third of
/// the whole exchange).
///
/// - The connection is replaced after ``maximumAge`` seconds, so after an HAProxy reload the
///   console reads the new process within that time even if the old one kept serving it.
/// - A kept connection the peer closed meanwhile (HAProxy's `stats timeout`, a restart) is
///   reopened once, within the same deadline.
/// - A peer that does not answer `prompt` with a prompt is not an HAProxy that keeps
///   connections: ``exchange(_:command:timeout:limit:)`` returns `nil` from then on and the caller
///   uses one-shot exchanges, with their usual errors.
final class RuntimeSession: Sendable {
    private struct State {
        var fd: Int32 = -1
        var openedAt = 0.0
        var unsupported = false
    }

    /// Seconds a connection is used before a fresh one is opened (10 by default).
    let maximumAge: Double

    /// Ages connections (not timeouts: those are the socket's own waits).
    private let clock: any PollClock

    /// `clock`: tells a connection's age (a test moves it).
    init(maximumAge: Double = 10, clock: any PollClock = SystemPollClock()) {
        self.maximumAge = maximumAge
        self.clock = clock
    }

    private let state = Mutex(State())
    /// Connections opened so far (a test figure).
    var connectionsOpened: Int { opened.withLock { $0 } }
    private let opened = Mutex(0)

    deinit {
        state.withLock { if $0.fd >= 0 { close($0.fd) } }
    }

    /// `command`'s answer (without the prompt) on the kept connection, opening it first when
    /// needed; `nil` when this peer does not keep connections (use a one-shot exchange). The
    /// whole call, connect included, stays within `timeout`.
    func exchange(_ endpoint: SocketEndpoint, command: [UInt8], timeout: Double, limit: Int) throws(TransportError) -> [UInt8]? {
        let deadline = SocketExchange.monotonicNow() + timeout
        return try state.withLock { state throws(TransportError) -> [UInt8]? in
            if state.unsupported { return nil }
            if state.fd >= 0, clock.monotonicSeconds() - state.openedAt > maximumAge { Self.drop(&state) }
            // A kept connection may have been closed by the peer since the last poll: then one
            // more try, on a fresh connection.
            let reused = state.fd >= 0
            for attempt in 0..<2 {
                if state.fd < 0 {
                    guard try open(&state, endpoint, deadline: deadline, timeout: timeout) else { return nil }
                }
                do throws(TransportError) {
                    try Self.makeNonBlocking(state.fd)
                    try SocketExchange.writeAll(state.fd, command, deadline: deadline, timeout: timeout)
                    return try SocketExchange.readToEnd(state.fd, deadline: deadline, timeout: timeout, limit: limit, untilPrompt: true)
                } catch {
                    Self.drop(&state)
                    guard attempt == 0, reused, error == .closedWithoutAnswer else { throw error }
                }
            }
            return nil
        }
    }

    /// Connects and switches to interactive mode; false (and `unsupported` set) when the peer
    /// does not answer `prompt` with a prompt.
    private func open(
        _ state: inout State, _ endpoint: SocketEndpoint, deadline: Double, timeout: Double
    ) throws(TransportError) -> Bool {
        let fd = try SocketExchange.connect(endpoint, deadline: deadline, timeout: timeout)
        opened.withLock { $0 += 1 }
        do throws(TransportError) {
            try SocketExchange.writeAll(fd, Array("prompt\n".utf8), deadline: deadline, timeout: timeout)
            // HAProxy answers `\n> ` at once; the first byte that differs settles it, so a peer
            // that answers anything else is known without waiting for a prompt that never comes.
            let prompt = Array("\n> ".utf8)
            let greeting = try SocketExchange.readAnswer(fd, deadline: deadline, timeout: timeout, limit: 4096) { read in
                read.count >= prompt.count || !prompt.starts(with: read)
            }
            guard greeting == prompt else {
                close(fd)
                state.unsupported = true
                return false
            }
        } catch .closedWithoutAnswer {
            // Closed on `prompt`: not interactive.
            close(fd)
            state.unsupported = true
            return false
        } catch {
            close(fd)
            throw error
        }
        state.fd = fd
        state.openedAt = clock.monotonicSeconds()
        return true
    }

    private static func drop(_ state: inout State) {
        if state.fd >= 0 { close(state.fd) }
        state.fd = -1
    }

    private static func makeNonBlocking(_ fd: Int32) throws(TransportError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw .system(call: "fcntl", code: errno) }
    }
}
