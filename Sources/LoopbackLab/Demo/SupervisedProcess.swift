import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process that cannot outlive the process that started it.
///
/// - It runs in a process group of its own (its pid is the group id), so ``terminate(grace:)``
///   reaches everything it forks.
/// - A watchdog shares that group: a shell that blocks reading a socket whose other end only
///   this process holds (close-on-exec, never handed to another child). When this process ends —
///   normally, by a signal, by a crash, even by `SIGKILL` — the kernel closes it, the read returns,
///   and the watchdog kills the whole group. No polling, no pid reuse to fool it.
/// - Signal dispositions and the signal mask are reset in the child, so a parent that ignores
///   or blocks `SIGINT`/`SIGTERM` does not make its children deaf to them.
public final class SupervisedProcess: Sendable {
    /// A process that could not be started.
    public enum Failure: Error, CustomStringConvertible {
        /// The executable does not exist or is not executable.
        case notExecutable(String)
        /// A system call failed while setting the child up.
        case spawn(call: String, code: Int32)

        public var description: String {
            switch self {
            case .notExecutable(let path): "\(path) is not an executable file"
            case .spawn(let call, let code): "cannot start a process: \(call): \(String(cString: strerror(code)))"
            }
        }
    }

    /// How a process ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    private struct State {
        var termination: Termination?
        /// This process's end of the watchdog's lifeline; closing it kills the group.
        var lifeline: Int32
    }

    /// The child's pid, which is also its process group id.
    public let pid: Int32
    /// The program that was started (for messages).
    public let executable: String
    private let state: Mutex<State>

    /// The shell that runs the watchdog and then `exec`s the real program (`$0` is a label,
    /// `$@` the program and its arguments; fd 3 is the read end of the lifeline).
    private static let watchdogScript = """
        ( read -r _ <&3; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &
        exec 3<&-
        exec "$@"
        """

    /// Starts `executable` with `arguments` in its own process group, standard input from
    /// `/dev/null`, and standard output and error appended to `outputPath` (or `/dev/null`).
    public init(executable: String, arguments: [String], outputPath: String? = nil) throws {
        guard access(executable, X_OK) == 0 else { throw Failure.notExecutable(executable) }
        // A socket pair rather than a pipe: it can be made close-on-exec atomically (no other
        // thread's child can inherit the writer in between).
        var lifeline: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &lifeline) == 0 else {
            throw Failure.spawn(call: "socketpair", code: errno)
        }
        let (readEnd, writeEnd) = (lifeline[0], lifeline[1])
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, readEnd, 3)
        // Nothing else of this process reaches the child: a long-lived server that inherited
        // another thread's `Process` socket would keep that `waitUntilExit` waiting.
        SpawnFileActions.closeFrom(4, &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        )

        let argv = ["/bin/sh", "-c", Self.watchdogScript, "postmoterm-watchdog", executable] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else {
            close(writeEnd)
            throw Failure.spawn(call: "posix_spawn", code: spawned)
        }
        self.pid = child
        self.executable = executable
        self.state = Mutex(State(lifeline: writeEnd))
    }

    deinit {
        let lifeline = state.withLock { $0.lifeline }
        if lifeline >= 0 { close(lifeline) }
    }

    /// Whether the child itself is still running (reaps it when it has ended).
    public var isRunning: Bool { termination == nil }

    /// How the child ended, or nil while it runs.
    public var termination: Termination? {
        state.withLock { state in
            if state.termination == nil { state.termination = Self.reap(pid, blocking: false) }
            return state.termination
        }
    }

    /// Whether any process of the child's group (the child, the watchdog, anything the child
    /// forked) is still alive.
    public var groupIsAlive: Bool {
        _ = termination
        return Self.groupIsAlive(pid)
    }

    /// Whether any process of process group `group` is alive (zombies excluded).
    public static func groupIsAlive(_ group: Int32) -> Bool {
        guard kill(-group, 0) == 0 else { return false }
        // kill(2) also succeeds for zombies; look at what /proc says of each member.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after "(comm)": state ppid pgrp …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[2]) == group else { continue }
            if fields[0] != "Z" && fields[0] != "X" { return true }
        }
        return false
    }

    /// Stops the whole group: `SIGTERM`, then `SIGKILL` after `grace` seconds if anything is
    /// left; reaps the child. Safe to call more than once and from any thread.
    public func terminate(grace: Double = 2) {
        kill(-pid, SIGTERM)
        let deadline = monotonicSeconds() + grace
        while groupIsAlive && monotonicSeconds() < deadline { sleepThread(seconds: 0.01) }
        if groupIsAlive { kill(-pid, SIGKILL) }
        state.withLock { state in
            if state.lifeline >= 0 {
                close(state.lifeline)
                state.lifeline = -1
            }
            if state.termination == nil { state.termination = Self.reap(pid, blocking: true) }
        }
    }

    private static func reap(_ pid: pid_t, blocking: Bool) -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        if result == 0 { return nil }
        if result < 0 { return errno == ECHILD ? .exited(-1) : nil }
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}
