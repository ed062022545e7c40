import Foundation
import LoopbackLab
import PostmotermTestSupport
import Testing

/// `postmoterm demo` in a real terminal (tmux): the world plays on a real HAProxy while the user
/// responds from the console — here, restoring api-2's initial weight from the health pane after
/// the bad change — and `q` stops everything the demo started.
@Suite(.serialized) struct DemoConsoleTests {
    @Test(.timeLimit(.minutes(3))) func theUserUndoesTheBadChangeFromTheConsoleAndQuitStopsEverything() throws {
        let binary = try #require(ConsoleBinary.locate(), "build postmoterm first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-demo-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["demo", "--speed", "4", "--data-dir", directory.appendingPathComponent("data").path]
        if let playbook = DemoRun.repositoryPlaybook() { arguments += ["--playbook", playbook] }
        // No `exec`: ConsoleTmux's shell records the exit status (tmux 3.3a may never reap a
        // pane's own process, leaving `pane_dead_status` empty).
        let command = "cd \(ConsoleBinary.quote(directory.path)) && env TERM=xterm-256color NO_COLOR=1 USER=dana "
            + ([binary] + arguments).map(ConsoleBinary.quote).joined(separator: " ")
        let tmux = try ConsoleTmux(command: command, columns: 120, rows: 40, directory: directory)
        defer { tmux.stop() }

        tmux.waitFor(text: "Declare the incident")
        let demo = try #require(tmux.pid, "no demo process under the pane's shell")
        let haproxy = try #require(DemoConsoleTests.haproxyChild(of: demo), "no HAProxy child of the demo (pid \(demo))")
        #expect(kill(-haproxy.pid, 0) == 0)

        // The world's bad change arrives by itself (story +20 s, 5 s at speed 4): the skew shows.
        tmux.waitFor("api-2 skewed", timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.contains("api-2") && ($0.contains("SKEW") || $0.contains("/10")) }
                || screen.contains("weight skew")
        }

        // Issue 16's alert chain (where Prometheus and Alertmanager are installed): the shipped
        // rule fires on the skew, and the console shows the alert.
        if DemoAlerting.isInstalled {
            _ = tmux.waitFor("the alert HAProxyServerWeightSkew in the console", timeout: 30) { $0.contains("HAProxyServerWeightSkew") }
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
        _ = ProcessExit.wait(for: ProcessExit.members(ofGroup: haproxy.pid), until: Deadline(seconds: 5))
        #expect(!SupervisedGroup.isAlive(haproxy.pid), "HAProxy's process group \(haproxy.pid) is still alive")
        #expect(!FileManager.default.fileExists(atPath: haproxy.folder), "\(haproxy.folder) is left")
    }

    /// The HAProxy the demo (pid `parent`) started: its pid and its private folder. Read once the
    /// console shows: the demo starts HAProxy before its console.
    static func haproxyChild(of parent: Int32) -> (pid: Int32, folder: String)? {
        do {
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
        }
        return nil
    }
}

/// Whether any live (non-zombie) process is in a process group.
enum SupervisedGroup {
    static func isAlive(_ group: Int32) -> Bool {
        !ProcessExit.members(ofGroup: group).isEmpty
    }
}
