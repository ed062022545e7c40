import Foundation
import LoopbackLab
import PostmotermCore
import SQLiteStore
import Testing

/// `postmoterm open` in a real terminal (tmux) against a real HAProxy on loopback.
@Suite(.serialized) struct ConsoleEndToEndTests {
    static let playbook = """
        ---
        title: E2E API outage
        severity: SEV-2
        ---
        # E2E API outage

        ## Roles

        - **ic** — Incident Commander: runs the incident.
        - **ops** — Operations: works on the balancer.

        ## Triage

        - [ ] **[ic]** Declare the incident
        - [ ] **[ops]** Check the share of every instance
          `echo 'show stat' | socat stdio /run/haproxy/admin.sock`

        ## Mitigate

        - [ ] **[ops]** Drain the overloaded instance

        ## Follow-up

        - [ ] Validate weights in CI
        """

    /// A temp folder with the playbook, a data directory and a tmux socket; removed afterwards.
    final class Workspace: @unchecked Sendable {
        let url: URL
        let dataDirectory: String
        let playbookPath: String
        let binary: String

        init() throws {
            guard let binary = ConsoleBinary.locate() else {
                throw WorkspaceError.noBinary
            }
            self.binary = binary
            // A short path: unix sockets have a 108-byte limit.
            url = URL(fileURLWithPath: "/tmp/pm-e2e-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            dataDirectory = url.appendingPathComponent("data").path
            playbookPath = url.appendingPathComponent("playbook.md").path
            try ConsoleEndToEndTests.playbook.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        }

        /// Removes the folder. Called from a `defer` declared first, so it runs after every
        /// process in the folder was stopped (a deinit could run earlier: Swift may end a
        /// value's lifetime at its last use, and the tmux socket lives here).
        func remove() { try? FileManager.default.removeItem(at: url) }

        /// The shell command that opens the console here.
        func open(_ arguments: [String], term: String? = "xterm-256color", extraEnvironment: String = "") -> String {
            let environment = term.map { "TERM=\($0)" } ?? "-u TERM"
            return "cd \(ConsoleBinary.quote(url.path)) && env \(environment) NO_COLOR= POSTMOTERM_DATA_DIR=\(ConsoleBinary.quote(dataDirectory)) \(extraEnvironment) "
                + ConsoleBinary.quote(binary) + " open " + arguments.map(ConsoleBinary.quote).joined(separator: " ")
        }

        func store() throws -> SQLiteIncidentStore { try SQLiteIncidentStore(directory: dataDirectory) }
    }

    enum WorkspaceError: Error { case noBinary }

    /// Three backends behind a real HAProxy with weights 1/10/1 (the seed's skew).
    final class Lab: @unchecked Sendable {
        let backends: [TinyHTTPBackend]
        let haproxy: HAProxyProcess

        init() throws {
            let backends = (0..<3).map { _ in TinyHTTPBackend() }
            self.backends = backends
            for backend in backends { try backend.start() }
            let servers = [1, 10, 1].enumerated().map { index, weight in
                HAProxyConfig.Server(name: "api-\(index + 1)", port: backends[index].port, weight: weight)
            }
            let port = try FreePort.allocate(count: 1)[0]
            haproxy = try HAProxyProcess(config: HAProxyConfig(pools: [
                HAProxyConfig.Pool(name: "api", servers: servers, checkInterval: 0.2, frontendPort: port)
            ]))
            do { try haproxy.start() } catch {
                backends.forEach { $0.stop() }
                throw error
            }
        }

        func stop() {
            haproxy.stop()
            backends.forEach { $0.stop() }
        }

        deinit { stop() }
    }

    @Test func walkThroughAgainstARealHAProxy() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = try Lab()
        defer { lab.stop() }
        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--balancer", lab.haproxy.unixAddress, "--interval", "0.5",
                                     "--as", "alice", "--role", "ic"]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { tmux.stop() }

        // The first frame, then the live balancer with the skew marked.
        tmux.waitFor(text: "Declare the incident")
        tmux.waitFor("the live pool with api-2 skewed") { $0.contains("live") && $0.contains("api-2") && $0.contains("SKEW") }
        #expect(tmux.capture().contains("alice (ic)"))

        // Space: done (after the store acknowledged it).
        try tmux.press("Space")
        tmux.waitFor(text: "[x] Declare the incident")

        // A note with the one-line editor: typo, Backspace, Ctrl-U, retype.
        try tmux.press("n")
        tmux.waitFor(text: "Note:")
        try tmux.type("wrong")
        try tmux.press("C-u")
        try tmux.type("api-2 weight is 10, draining it 日本x")
        try tmux.press("BSpace", "Enter")
        tmux.waitFor(text: "api-2 weight is 10, draining it 日本")

        // Drain api-2 from the health pane: the exact command, a confirmation, DRAIN on the next poll.
        try tmux.press("Tab")
        try tmux.press("d")
        tmux.waitFor(text: "set server api/api-2 state drain")
        try tmux.press("y")
        tmux.waitFor("api-2 in DRAIN") { screen in
            screen.split(separator: "\n").contains { $0.contains("api-2") && $0.contains("DRAIN") }
        }

        // Export: the path is shown and the draft tells the story.
        try tmux.press("e")
        tmux.waitFor(text: "Postmortem draft written to")
        let store = try workspace.store()
        let incident = try #require(try store.mostRecentOpenIncident())
        let draftPath = workspace.url.appendingPathComponent("postmortem-\(incident.id.rawValue).md").path
        let draft = try String(contentsOfFile: draftPath, encoding: .utf8)
        #expect(draft.contains("api-2 weight is 10, draining it 日本"))
        #expect(draft.contains("set server api/api-2 state drain"))
        #expect(draft.contains("Validate weights in CI"))
        let kinds = try store.events(of: incident.id).map(\.kind)
        #expect(kinds.contains(.stepDone) && kinds.contains(.note) && kinds.contains(.balancerAction) && kinds.contains(.export))

        // Resize below the minimum and back.
        try tmux.resize(columns: 50, rows: 12)
        tmux.waitFor(text: "Terminal too small: 50×12")
        try tmux.resize(columns: 110, rows: 32)
        tmux.waitFor(text: "[x] Declare the incident")

        // q asks, y quits; the terminal is back to normal.
        try tmux.press("q")
        tmux.waitFor(text: "Quit postmoterm?")
        try tmux.press("y")
        #expect(tmux.waitForExit() == 0)
        #expect(!tmux.alternateScreen)
        #expect(tmux.capture().contains("resume with: postmoterm open --incident \(incident.id.rawValue)"))
    }

    @Test(arguments: [("HUP", Int32(129)), ("TERM", Int32(143)), ("INT", Int32(130))])
    func signalsRestoreTheTerminalAndTheIncidentResumes(signal: String, status: Int32) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let store = try workspace.store()
        let incident = try store.createIncident(IncidentDraft(
            title: "Signal \(signal)", playbookPath: workspace.playbookPath, author: Author(name: "bob")))
        let tmux = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--as", "bob"]), directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "Declare the incident")
        try tmux.press("j", "Space")
        tmux.waitFor(text: "[x] Check the share")
        #expect(tmux.alternateScreen)
        let pid = try #require(tmux.pid)
        kill(pid, signal == "HUP" ? SIGHUP : (signal == "TERM" ? SIGTERM : SIGINT))
        #expect(tmux.waitForExit() == status)
        #expect(!tmux.alternateScreen, "the terminal was left in curses' alternate screen")
        tmux.stop()

        // The log is intact: resuming shows the step done, the playbook found from the incident.
        let again = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--as", "bob", "--read-only"]), directory: workspace.url)
        defer { again.stop() }
        again.waitFor(text: "[x] Check the share")
        again.waitFor(text: "READ-ONLY")
        try again.press("Space")
        again.waitFor(text: "Read-only console")
    }

    @Test func eventsFromOtherProcessesAppearWithinASecondAndStayInert() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let store = try workspace.store()
        let incident = try store.createIncident(IncidentDraft(title: "Shared", author: Author(name: "carol")))
        let tmux = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--as", "carol"]), directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "No playbook")
        tmux.waitFor(text: "No balancer. Add one")

        let start = Date()
        _ = try store.append(.note("from a shell \u{1B}]2;HACKED\u{07} \u{1B}[2J end", author: Author(name: "dave")), to: incident.id)
        tmux.waitFor(text: "from a shell ^[]2;HACKED^G ^[[2J end", timeout: 1.5)
        #expect(Date().timeIntervalSince(start) < 1.5)
        #expect(tmux.format("#{pane_title}") != "HACKED", "an escape sequence reached the terminal")
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
    }

    @Test func aBalancerThatNeverAnswersDoesNotSlowTheKeys() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // A socket that accepts connections into its backlog and never answers.
        let path = workspace.url.appendingPathComponent("hang.sock").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(listener, 16) == 0)

        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--balancer", path, "--interval", "0.2", "--as", "erin"]),
            directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "Declare the incident")
        for step in ["Declare the incident", "Check the share", "Drain the overloaded"] {
            let pressed = Date()
            try tmux.press("Space")
            tmux.waitFor(text: "[x] " + step, timeout: 2)
            #expect(Date().timeIntervalSince(pressed) < 1, "a key took \(Date().timeIntervalSince(pressed)) s while the balancer hangs")
            try tmux.press("j")
        }
        tmux.waitFor("the hanging balancer reported", timeout: 20) { $0.contains("UNREACHABLE") || $0.contains("STALE") }
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
    }

    @Test func refusesWithoutATerminalOrWithAnUnknownOne() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // Standard output piped.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: workspace.binary)
        process.arguments = ["open", workspace.playbookPath, "--data-dir", workspace.dataDirectory]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("not a terminal"), "\(message)")
        #expect(message.split(separator: "\n").count <= 2)

        // TERM unset, and TERM unknown, in a real terminal.
        for (term, expected) in [(nil, "TERM is not set"), ("no-such-terminal-xyz", "unknown terminal type TERM=no-such-terminal-xyz")] {
            let tmux = try ConsoleTmux(command: workspace.open([workspace.playbookPath], term: term), directory: workspace.url)
            defer { tmux.stop() }
            #expect(tmux.waitForExit() == 2)
            tmux.waitFor(text: expected)
        }
    }
}
