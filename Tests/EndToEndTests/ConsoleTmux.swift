import Foundation
import Testing

/// A real terminal for end-to-end tests: a private tmux server (its own socket and an empty
/// config with `remain-on-exit`), one pane running a command. Tests send keys and wait for a
/// condition on `capture-pane` with a deadline — never a fixed sleep. ``stop()`` kills the server.
final class ConsoleTmux: @unchecked Sendable {
    let directory: URL
    let socket: String
    private(set) var stopped = false

    /// Where the wrapper shell writes the program's exit status.
    let statusFile: String

    /// Starts `command` under `sh -c`, which records the program's exit status in a file and
    /// keeps the pane open afterwards.
    init(command: String, columns: Int = 100, rows: Int = 30, directory: URL) throws {
        self.directory = directory
        // A server of its own even in a folder another terminal used: `kill-server` returns
        // before that server has gone, and a new session on the same socket could land in it.
        let name = UUID().uuidString.prefix(6)
        socket = directory.appendingPathComponent("tmux-\(name).sock").path
        statusFile = directory.appendingPathComponent("exit-status-\(name)").path
        // The shell then stays (sleeping) so the screen the program left behind can be read;
        // stop() ends it with the server.
        let command = command + "; echo $? > " + ConsoleBinary.quote(statusFile) + "; exec sleep 300"
        let config = directory.appendingPathComponent("tmux.conf")
        try "set -g remain-on-exit on\nset -g status off\nset -g default-terminal screen\n".write(
            to: config, atomically: true, encoding: .utf8)
        // No pipe for the server: it outlives this call and would hold a pipe open forever.
        try Self.tmux(["-S", socket, "-f", config.path, "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", command],
                      capture: false)
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? Self.tmux(["-S", socket, "kill-server"])
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Escape`, `C-u`, `Space`…).
    func press(_ keys: String...) throws {
        try Self.tmux(["-S", socket, "send-keys"] + keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try Self.tmux(["-S", socket, "send-keys", "-l", text])
    }

    func capture() -> String {
        (try? Self.tmux(["-S", socket, "capture-pane", "-p", "-J"])) ?? ""
    }

    func format(_ format: String) -> String {
        ((try? Self.tmux(["-S", socket, "display-message", "-p", format])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The program's pid: the child of the pane's shell (or the pane's process itself when the
    /// command `exec`s the program).
    var pid: Int32? {
        guard let pane = Int32(format("#{pane_pid}")) else { return nil }
        let name = (try? String(contentsOfFile: "/proc/\(pane)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard name == "sh" || name == "dash" || name == "bash" else { return pane }
        let children = (try? String(contentsOfFile: "/proc/\(pane)/task/\(pane)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    var isDead: Bool { format("#{pane_dead}") == "1" }

    /// The program's exit status once it ended (from the wrapper, else tmux's record).
    var exitStatus: Int32? {
        if let recorded = (try? String(contentsOfFile: statusFile, encoding: .utf8)).flatMap({
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }) {
            return recorded
        }
        return isDead ? Int32(format("#{pane_dead_status}")) : nil
    }
    /// Whether the pane is in the alternate screen (curses still "on").
    var alternateScreen: Bool { format("#{alternate_on}") == "1" }

    func resize(columns: Int, rows: Int) throws {
        try Self.tmux(["-S", socket, "resize-window", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Polls the screen until `condition` holds; records an issue with the last screen on timeout.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.03)
        }
        Issue.record("timed out after \(timeout)s waiting for \(what); screen:\n\(screen)", sourceLocation: sourceLocation)
        return nil
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for the program to end; returns its exit status.
    func waitForExit(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = exitStatus { return status }
            Thread.sleep(forTimeInterval: 0.03)
        }
        Issue.record("the program did not exit within \(timeout)s; screen:\n\(capture())", sourceLocation: sourceLocation)
        return nil
    }

    /// Runs `tmux` with posix_spawn and waitpid (Foundation's `Process` can miss the exit of a
    /// client whose server daemonizes); stdout goes through a temp file, never a pipe the
    /// server could inherit.
    @discardableResult
    static func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
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
        guard spawned == 0 else { throw TmuxError.cannotRun(spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard capture else { return "" }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    enum TmuxError: Error { case cannotRun(Int32) }
}

/// Finds the built `postmoterm` executable: `$POSTMOTERM_BINARY`, else next to the test bundle
/// (SwiftPM puts products and the test runner in the same build folder).
enum ConsoleBinary {
    static func locate() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["POSTMOTERM_BINARY"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent()) }
        for directory in candidates {
            var current = directory
            for _ in 0..<4 {
                let binary = current.appendingPathComponent("postmoterm").path
                if FileManager.default.isExecutableFile(atPath: binary) { return binary }
                current.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Single-quotes a string for `sh -c`.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
