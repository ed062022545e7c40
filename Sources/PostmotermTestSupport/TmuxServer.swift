import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real terminal to drive the built program in, for the end-to-end tests and the benchmarks: a
/// private tmux server (its own socket in `directory`, its own config), one detached session per
/// program. Everything a session's program writes to its terminal is appended to
/// ``outputPath(_:)`` (`pipe-pane`), so ``waitFor(_:timeout:_:)`` reads the screen
/// (`capture-pane`) again each time the program wrote something, or a file in `directory`
/// changed, until a condition holds or the deadline passes — it never sleeps. ``kill()`` stops
/// the server and everything in it.
public final class TmuxServer: @unchecked Sendable {
    public let directory: URL
    public let socket: String
    private let config: String
    private let changes: DirectoryChanges
    private let lock = NSLock()
    private var stopped = false

    /// What every server's config starts with. `exit-empty off`: the server lives until
    /// ``kill()``, not until its last session ends. A server that exits then races the next
    /// `new-session` (a launch after a program quit, as `postmoterm-bench console` launches one
    /// after another): the client reaches the exiting server, the new session dies with it, and
    /// a launch gated on that session's shell waited for it forever (the benchmark hung twice).
    static let baseOptions = ["set -s exit-empty off"]

    /// A server in `directory` (which must exist) whose config holds ``baseOptions`` and
    /// `options`, one tmux command a line (e.g. `set -g remain-on-exit on`). The server starts
    /// with the first session and ends with ``kill()`` (or this object).
    public init(directory: URL, options: [String] = []) throws {
        self.directory = directory
        // A socket of its own even in a folder another server used: `kill-server` returns before
        // that server has gone, and a new session on the same socket could land in it.
        let name = UUID().uuidString.prefix(6)
        socket = directory.appendingPathComponent("tmux-\(name).sock").path
        config = directory.appendingPathComponent("tmux-\(name).conf").path
        try ((Self.baseOptions + options).joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        changes = try DirectoryChanges(directory: directory.path)
    }

    deinit { kill() }

    /// Starts `command` (under `sh -c`) in a detached session `name` of `columns`×`rows`, its
    /// terminal output appended to ``outputPath(_:)``.
    public func newSession(_ name: String, command: String, columns: Int, rows: Int) throws {
        try run(["-f", config, "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command])
        let output = outputPath(name)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        try run(["pipe-pane", "-t", name, "-o", "cat >> " + Self.quote(output)])
    }

    /// Where session `name`'s terminal output is appended.
    public func outputPath(_ name: String) -> String {
        directory.appendingPathComponent("output-\(name)").path
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Escape`, `C-u`, `j`…).
    public func press(_ session: String, _ keys: [String]) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// Types `text` literally.
    public func type(_ session: String, _ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    /// The visible screen (`joined`: wrapped lines joined, `-J`).
    public func capture(_ session: String, joined: Bool = false) -> String {
        (try? run(["capture-pane", "-p", "-t", session] + (joined ? ["-J"] : []), capture: true)) ?? ""
    }

    /// A tmux format of the session's pane (`#{pane_pid}`, `#{pane_dead}`, `#{alternate_on}`…).
    public func format(_ session: String, _ format: String) -> String {
        ((try? run(["display-message", "-p", "-t", session, format], capture: true)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the process the pane started.
    public func panePID(_ session: String) -> Int32? {
        Int32(format(session, "#{pane_pid}"))
    }

    public func resize(_ session: String, columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Reads the screen until `condition` holds, again after each change (output, a file in the
    /// directory); the last screen read, and whether the condition held before `timeout` seconds.
    public func waitFor(_ session: String, timeout: Double, _ condition: (String) -> Bool) -> (screen: String, met: Bool) {
        var screen = ""
        let met = changes.wait(until: Deadline(seconds: timeout)) {
            screen = capture(session)
            return condition(screen)
        }
        return (screen, met)
    }

    /// Checks `condition` until it holds, again after each change in the directory; false when
    /// `timeout` seconds pass first.
    public func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        changes.wait(until: Deadline(seconds: timeout), condition)
    }

    /// Stops the server and everything running in it. Safe to call more than once.
    public func kill() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        _ = try? run(["kill-server"])
    }

    /// Runs `tmux -S SOCKET arguments` and waits for it; its standard output with `capture`.
    @discardableResult
    public func run(_ arguments: [String], capture: Bool = false) throws -> String {
        try Self.tmux(["-S", socket] + arguments, capture: capture)
    }

    /// Runs `tmux` with posix_spawn and waitpid (Foundation's `Process` can miss the exit of a
    /// client whose server daemonizes); stdout goes through a temporary file, never a pipe the
    /// server could inherit and hold open forever.
    @discardableResult
    public static func tmux(_ arguments: [String], capture: Bool) throws -> String {
        let outputPath = capture ? FileManager.default.temporaryDirectory.appendingPathComponent("pm-tmux-\(UUID().uuidString)").path : "/dev/null"
        defer { if capture { try? FileManager.default.removeItem(atPath: outputPath) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // A clean signal mask and default handlers: the calling thread (a Swift concurrency or
        // dispatch thread) blocks most signals, and a tmux server inheriting that mask never
        // sees SIGCHLD or SIGTERM — it would outlive kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw WaitError.cannotRunTmux(spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard capture else { return "" }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Single-quotes a string for `sh -c`.
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
