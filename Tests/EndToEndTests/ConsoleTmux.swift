import Foundation
import PostmotermTestSupport
import Testing

/// A real terminal for end-to-end tests: one pane of a private ``TmuxServer`` (the test-support
/// target's, shared with the benchmarks) running a command, with `remain-on-exit`. Tests send
/// keys and wait for a condition on the screen with a deadline; the wait is woken by the
/// program's output, never by a timer. ``stop()`` kills the server.
final class ConsoleTmux: @unchecked Sendable {
    static let session = "console"
    let directory: URL
    let server: TmuxServer

    /// Where the wrapper shell writes the program's exit status.
    let statusFile: String

    /// Starts `command` under `sh -c`, which records the program's exit status in a file and
    /// keeps the pane open afterwards.
    init(command: String, columns: Int = 100, rows: Int = 30, directory: URL) throws {
        self.directory = directory
        server = try TmuxServer(
            directory: directory,
            options: ["set -g remain-on-exit on", "set -g status off", "set -g default-terminal screen"])
        statusFile = directory.appendingPathComponent("exit-status-\(UUID().uuidString.prefix(6))").path
        // The shell then stays so the screen the program left behind can be read; stop() ends
        // it with the server.
        let command = command + "; echo $? > " + ConsoleBinary.quote(statusFile) + "; exec sleep 300"
        try server.newSession(Self.session, command: command, columns: columns, rows: rows)
    }

    deinit { stop() }

    func stop() { server.kill() }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Escape`, `C-u`, `Space`…).
    func press(_ keys: String...) throws {
        try server.press(Self.session, keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try server.type(Self.session, text)
    }

    func capture() -> String {
        server.capture(Self.session, joined: true)
    }

    func format(_ format: String) -> String {
        server.format(Self.session, format)
    }

    /// The program's pid: the child of the pane's shell (or the pane's process itself when the
    /// command `exec`s the program).
    var pid: Int32? {
        guard let pane = server.panePID(Self.session) else { return nil }
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
        try server.resize(Self.session, columns: columns, rows: rows)
    }

    /// Reads the screen until `condition` holds; records an issue with the last screen on timeout.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) -> String? {
        var screen = ""
        let met = server.waitUntil(timeout: timeout) {
            screen = capture()
            return condition(screen)
        }
        if met { return screen }
        Issue.record("timed out after \(timeout)s waiting for \(what); screen:\n\(screen)", sourceLocation: sourceLocation)
        return nil
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for the program to end (its shell writes the status file); returns its exit status.
    func waitForExit(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        var status: Int32?
        if server.waitUntil(timeout: timeout, { status = exitStatus; return status != nil }) { return status }
        Issue.record("the program did not exit within \(timeout)s; screen:\n\(capture())", sourceLocation: sourceLocation)
        return nil
    }
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
        TmuxServer.quote(text)
    }
}
