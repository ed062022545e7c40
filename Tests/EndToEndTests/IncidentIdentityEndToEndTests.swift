import Foundation
import LoopbackLab
import PostmotermCore
import SQLiteStore
import Testing

/// Issue 13.1, 13.2 and 13.7 in a real terminal (tmux) against a real HAProxy: one incident
/// across `start` and `open`, a reopened incident reconnecting to its balancers, and a second
/// export that keeps the responder's edits.
@Suite(.serialized, .timeLimit(.minutes(2))) struct IncidentIdentityEndToEndTests {
    typealias Workspace = ConsoleEndToEndTests.Workspace
    typealias Lab = ConsoleEndToEndTests.Lab

    /// Runs a non-interactive command of the binary on the workspace's data directory.
    private func postmoterm(_ arguments: [String], in workspace: Workspace) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: workspace.binary)
        process.arguments = arguments + ["--data-dir", workspace.dataDirectory]
        process.currentDirectoryURL = workspace.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func startThenOpenIsOneIncidentAndSeveralOpenOnesAreAskedAbout() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = try Lab()
        defer { lab.stop() }
        let started = try postmoterm(["start", "--title", "API errors", "--playbook", workspace.playbookPath], in: workspace)
        #expect(started.status == 0)
        let id = started.stdout

        // `open` with the same playbook joins the incident `start` opened.
        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--balancer", lab.haproxy.unixAddress, "--interval", "0.5", "--as", "alice"]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "Joined the open incident \(id)")
        tmux.waitFor("the live pool") { $0.contains("live") && $0.contains("api-2") }
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
        tmux.stop()
        #expect(try workspace.store().incidents().map(\.id.rawValue) == [id])

        // Two open incidents: `open` without --incident asks, newest first.
        let other = try postmoterm(["start", "--title", "DB slow"], in: workspace).stdout
        let asked = try ConsoleTmux(command: workspace.open(["--as", "alice"]), columns: 110, rows: 32, directory: workspace.url)
        defer { asked.stop() }
        // The question is drawn before its list: wait for the whole picker, not its title.
        let screen = try #require(asked.waitFor("the picker with both incidents") {
            $0.contains("Which incident?") && $0.contains(other) && $0.contains(id) && $0.contains("Start a new incident")
        })
        let newest = try #require(screen.range(of: other)), older = try #require(screen.range(of: id))
        #expect(newest.lowerBound < older.lowerBound, "newest first:\n\(screen)")
        #expect(screen.contains("Start a new incident"))
        try asked.press("2")
        asked.waitFor(text: "Joined the open incident \(id)")
        try asked.press("q", "y")
        #expect(asked.waitForExit() == 0)
        #expect(try workspace.store().incidents().count == 2)
    }

    @Test func reopeningAnIncidentReconnectsToTheBalancersItWatched() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = try Lab()
        defer { lab.stop() }
        let first = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--balancer", lab.haproxy.unixAddress, "--interval", "0.5", "--as", "alice"]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { first.stop() }
        first.waitFor("the live pool") { $0.contains("live") && $0.contains("api-2") }
        try first.press("q", "y")
        #expect(first.waitForExit() == 0)
        let incident = try #require(try workspace.store().incidents().first)
        first.waitFor(text: "resume with: postmoterm open --incident \(incident.id.rawValue)")
        first.stop()

        // The resume hint as printed: no --balancer, no playbook argument.
        let again = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--interval", "0.5", "--as", "alice"]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { again.stop() }
        again.waitFor("the incident's balancer, live") {
            $0.contains(lab.haproxy.socketPath) && $0.contains("live") && $0.contains("api-2")
        }
        #expect(!again.capture().contains("No balancer"))
        try again.press("q", "y")
        #expect(again.waitForExit() == 0)
    }

    /// Practice incident: a mistyped socket path is watched (and shown unreachable) but not
    /// remembered, so `open --incident` does not reconnect to it forever.
    @Test func aMistypedSocketIsNotRemembered() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = try Lab()
        defer { lab.stop() }
        let typo = lab.haproxy.socketPath + "-typo"
        let tmux = try ConsoleTmux(
            command: workspace.open([
                workspace.playbookPath, "--balancer", lab.haproxy.unixAddress, "--balancer", typo, "--interval", "0.5", "--as", "alice",
            ]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor("the live pool and the typo unreachable") { $0.contains("api-2") && $0.contains("UNREACHABLE") }
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
        let store = try workspace.store()
        let incident = try #require(try store.incidents().first)
        let remembered = try store.balancers(of: incident.id).map(\.display)
        #expect(remembered.count == 1, "\(remembered)")
        #expect(remembered.allSatisfy { $0.contains(lab.haproxy.socketPath) && !$0.contains("-typo") }, "\(remembered)")
    }

    @Test func aSecondExportKeepsADraftEditedInBetween() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let lab = try Lab()
        defer { lab.stop() }
        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--balancer", lab.haproxy.unixAddress, "--interval", "0.5", "--as", "alice"]),
            columns: 110, rows: 32, directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor("the live pool") { $0.contains("live") && $0.contains("api-2") }
        let incident = try #require(try workspace.store().incidents().first)
        let draft = workspace.url.appendingPathComponent("postmortem-\(incident.id.rawValue).md").path
        let beside = workspace.url.appendingPathComponent("postmortem-\(incident.id.rawValue)-2.md").path

        try tmux.press("e")
        tmux.waitFor(text: "Postmortem draft written to")
        let written = try String(contentsOfFile: draft, encoding: .utf8)
        try (written + "\n## What I learned\n\nThe responder's edit.\n").write(toFile: draft, atomically: true, encoding: .utf8)

        try tmux.press("e")
        tmux.waitFor(text: "-2.md")
        #expect(try String(contentsOfFile: draft, encoding: .utf8).contains("The responder's edit."), "the edit was overwritten")
        #expect(FileManager.default.fileExists(atPath: beside))

        // The copy beside it is postmoterm's own: a third export refreshes it, no -3.
        try tmux.press("e")
        let deadline = Date().addingTimeInterval(10)
        while try workspace.store().events(of: incident.id).filter({ $0.kind == .export }).count < 3, Date() < deadline {
            _ = tmux.capture()  // poll the terminal, not a sleep
        }
        #expect(try workspace.store().events(of: incident.id).filter { $0.kind == .export }.count == 3)
        #expect(!FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("postmortem-\(incident.id.rawValue)-3.md").path))
        try tmux.press("q", "y")
        #expect(tmux.waitForExit() == 0)
    }
}
