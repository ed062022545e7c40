import Foundation
import Testing

/// `postmoterm demo` in a real terminal (tmux): the world plays on a real HAProxy while the user
/// responds from the console — here, restoring api-2's initial weight from the health pane after
/// the bad change — and `q` stops everything the demo started.
@Suite(.serialized) struct DemoConsoleTests {
    @Test func theUserUndoesTheBadChangeFromTheConsoleAndQuitStopsEverything() throws {
        let binary = try #require(ConsoleBinary.locate(), "build postmoterm first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-demo-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["demo", "--speed", "4", "--data-dir", directory.appendingPathComponent("data").path]
        if let playbook = DemoRun.repositoryPlaybook() { arguments += ["--playbook", playbook] }
        // The shell writes the demo's exit status to a file: tmux 3.3a sometimes never reaps a
        // pane's process (it stays a zombie, `pane_dead_status` empty), so the test does not
        // rely on tmux for it.
        let statusFile = directory.appendingPathComponent("exit-status").path
        let command = "cd \(ConsoleBinary.quote(directory.path)) && env TERM=xterm-256color NO_COLOR=1 USER=dana "
            + ([binary] + arguments).map(ConsoleBinary.quote).joined(separator: " ")
            + "; echo $? > \(ConsoleBinary.quote(statusFile))"
        let tmux = try DemoTmux(command: command, columns: 120, rows: 40, directory: directory, statusFile: statusFile)
        defer { tmux.stop() }

        tmux.waitFor(text: "Declare the incident")
        let demo = try #require(tmux.childOfPane(), "no demo process under the pane's shell")
        let haproxy = try #require(DemoConsoleTests.haproxyChild(of: demo), "no HAProxy child of the demo (pid \(demo))")
        #expect(kill(-haproxy.pid, 0) == 0)

        // The world's bad change arrives by itself (story +20 s, 5 s at speed 4): the skew shows.
        tmux.waitFor("api-2 skewed", timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.contains("api-2") && ($0.contains("SKEW") || $0.contains("/10")) }
                || screen.contains("weight skew")
        }

        // Health pane: select api-2 (worst first, so look for it), restore its initial weight.
        try tmux.press("Tab")
        var confirmed = false
        for _ in 0..<4 where !confirmed {
            try tmux.press("W")
            guard let screen = tmux.waitFor("a confirmation", timeout: 5, { $0.contains("weight 100%") }) else { break }
            if screen.contains("set server api/api-2 weight 100%") {
                try tmux.press("y")
                confirmed = true
            } else {
                try tmux.press("n")
                try tmux.press("j")
            }
        }
        #expect(confirmed, "could not select api-2:\n\(tmux.capture())")
        tmux.waitFor("the weight back to 1", timeout: 15) { $0.contains("10 → 1") }

        // Export, then quit: the draft holds the bad change and the user's action.
        try tmux.press("e")
        tmux.waitFor(text: "postmortem-", timeout: 10)
        try tmux.press("q")
        tmux.waitFor(text: "Quit postmoterm?")
        try tmux.press("y")
        #expect(tmux.waitForExit(timeout: 20) == 0)
        #expect(!tmux.alternateScreen)

        let drafts = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("postmortem-") }
        let draft = try String(contentsOfFile: directory.appendingPathComponent(try #require(drafts.first)).path, encoding: .utf8)
        #expect(draft.contains("set weight api/api-2 10"))
        #expect(draft.contains("set server api/api-2 weight 100%"))

        // Nothing left: HAProxy's group is gone, and so is the demo's folder.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, SupervisedGroup.isAlive(haproxy.pid) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!SupervisedGroup.isAlive(haproxy.pid), "HAProxy's process group \(haproxy.pid) is still alive")
        #expect(!FileManager.default.fileExists(atPath: haproxy.folder), "\(haproxy.folder) is left")
    }

    /// The HAProxy the demo (pid `parent`) started: its pid and its private folder.
    static func haproxyChild(of parent: Int32) -> (pid: Int32, folder: String)? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(entry),
                      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")")
                else { continue }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                guard fields.count > 2, Int32(fields[1]) == parent,
                      let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
                else { continue }
                let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                guard arguments.first?.hasSuffix("haproxy") == true,
                      let config = arguments.firstIndex(of: "-f").map({ arguments[$0 + 1] })
                else { continue }
                return (pid, (config as NSString).deletingLastPathComponent)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// Whether any live (non-zombie) process is in a process group.
enum SupervisedGroup {
    static func isAlive(_ group: Int32) -> Bool {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, Int32(fields[2]) == group, fields[0] != "Z", fields[0] != "X" { return true }
        }
        return false
    }
}

/// A private tmux server for the demo's console test, driven without Foundation's `Process`
/// (each tmux call is `posix_spawn` + `waitpid`, output through a file), so no run loop or
/// child-exit notification is involved. Waits poll a condition with a deadline, never sleep blindly.
final class DemoTmux: @unchecked Sendable {
    let socket: String
    private let directory: URL
    private let statusFile: String
    private var stopped = false

    init(command: String, columns: Int, rows: Int, directory: URL, statusFile: String) throws {
        self.directory = directory
        self.statusFile = statusFile
        socket = directory.appendingPathComponent("tmux.sock").path
        let config = directory.appendingPathComponent("tmux.conf")
        try "set -g remain-on-exit on\nset -g status off\nset -g default-terminal screen\n".write(
            to: config, atomically: true, encoding: .utf8)
        _ = try run(["-f", config.path, "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", command])
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? run(["kill-server"])
    }

    func press(_ keys: String...) throws { _ = try run(["send-keys"] + keys) }

    func capture() -> String { (try? run(["capture-pane", "-p"])) ?? "" }

    func format(_ format: String) -> String {
        ((try? run(["display-message", "-p", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var pid: Int32? { Int32(format("#{pane_pid}")) }
    var alternateScreen: Bool { format("#{alternate_on}") == "1" }

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
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out after \(timeout)s waiting for \(what); screen:\n\(screen)", sourceLocation: sourceLocation)
        return nil
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    func waitForExit(timeout: Double, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the demo did not exit within \(timeout)s; screen:\n\(capture())", sourceLocation: sourceLocation)
        return nil
    }

    /// The process the pane's shell started (the demo), waiting up to 10 s for it to appear.
    func childOfPane() -> Int32? {
        guard let shell = pid else { return nil }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let candidate = Int32(entry),
                      let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")")
                else { continue }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 1, Int32(fields[1]) == shell { return candidate }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Runs `tmux -S SOCKET arguments…` and returns its standard output.
    private func run(_ arguments: [String]) throws -> String {
        let output = directory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A clean signal mask and default handlers (see ConsoleTmux.tmux): a tmux server that
        // inherits a test thread's blocked SIGCHLD sees the pane die but never its exit status.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["tmux", "-S", socket] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
