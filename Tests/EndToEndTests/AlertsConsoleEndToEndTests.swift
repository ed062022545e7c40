import Foundation
import LoopbackLab
import PostmotermCore
import SQLiteStore
import Testing

/// `postmoterm open --alerts` in a real terminal against the real Alertmanager: the posted alert
/// shows in the pane (its escape sequences inert) and once in the timeline at its own time, and a
/// silence made with `S` exists in Alertmanager and in the log.
@Suite(.serialized, .timeLimit(.minutes(2))) struct AlertsConsoleEndToEndTests {
    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func anAlertShowsInThePaneAndTheTimelineAndSIsARealSilence() throws {
        let workspace = try ConsoleEndToEndTests.Workspace()
        defer { workspace.remove() }
        let alertmanager = try AlertmanagerServer()
        try alertmanager.start()
        defer { alertmanager.stop() }
        let startsAt = Timestamp(Date()).adding(milliseconds: -90_000)
        try alertmanager.postAlerts(#"[{"labels":{"alertname":"HAProxyServerDown","severity":"critical","server":"api-2","note":"\u001b]0;owned\u0007"},"annotations":{"summary":"api-2 is \u001b[31mdown"},"startsAt":"\#(startsAt.iso8601)"}]"#)
        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--alerts", alertmanager.url, "--as", "alice", "--role", "ic"]),
            columns: 140, rows: 36, directory: workspace.url)
        defer { tmux.stop() }

        tmux.waitFor(text: "Alerts  1 firing")
        tmux.waitFor(text: "server=api-2 — api-2 is ^[[31mdown")
        tmux.waitFor(text: "HAProxyServerDown: api-2 is ^[[31mdown")  // the timeline line
        let store = try workspace.store()
        let incident = try #require(try store.summaries().first?.incident.id)
        let fired = try store.events(of: incident).filter { $0.kind == .alertFiring }
        #expect(fired.count == 1)
        #expect(fired.first?.happenedAt == startsAt)

        // Tab to the alerts pane (playbook → health → timeline → alerts), S, duration and comment, y.
        try tmux.press("Tab", "Tab", "Tab")
        try tmux.press("S")
        tmux.waitFor(text: "Silence HAProxyServerDown for")
        try tmux.type("30m e2e check")
        try tmux.press("Enter")
        tmux.waitFor(text: "(y/n)")
        try tmux.press("y")
        tmux.waitFor(text: "silenced until")
        let silences = try alertmanager.request("GET", "/api/v2/silences")
        #expect(silences.body.contains("e2e check") && silences.body.contains("\"createdBy\":\"alice\""))
        tmux.waitFor(text: "[silenced]")
        let logged = try store.events(of: incident).filter { $0.kind == .alertSilenced }
        #expect(logged.count == 1 && logged.first?.author.name == "alice" && logged.first?.data["until"] != nil)
        #expect(try store.events(of: incident).filter { $0.kind == .alertFiring }.count == 1)

        try tmux.press("q")
        try tmux.press("y")
        #expect(tmux.waitForExit() == 0)
    }

    /// `o` on an alert switches the running console to its playbook (here found by alertname in
    /// `--playbooks`), and the log says who switched to which playbook.
    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func oSwitchesTheConsoleToTheAlertsPlaybook() throws {
        let workspace = try ConsoleEndToEndTests.Workspace()
        defer { workspace.remove() }
        let folder = workspace.url.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let runbook = folder.appendingPathComponent("DiskFull.md").path
        try "# Disk full on the API hosts\n\n## Triage\n\n- [ ] Find what filled the disk\n".write(toFile: runbook, atomically: true, encoding: .utf8)
        let alertmanager = try AlertmanagerServer()
        try alertmanager.start()
        defer { alertmanager.stop() }
        try alertmanager.postAlerts(#"[{"labels":{"alertname":"DiskFull","severity":"warning","instance":"api-1"},"annotations":{"summary":"95% used"}}]"#)
        let tmux = try ConsoleTmux(
            command: workspace.open([workspace.playbookPath, "--alerts", alertmanager.url, "--playbooks", folder.path, "--as", "alice"]),
            columns: 140, rows: 36, directory: workspace.url)
        defer { tmux.stop() }

        tmux.waitFor(text: "Alerts  1 firing")
        try tmux.press("Tab", "Tab", "Tab")
        try tmux.press("o")
        tmux.waitFor(text: "Find what filled the disk")
        tmux.waitFor(text: "Switched to the playbook for DiskFull")
        let store = try workspace.store()
        let incident = try #require(try store.summaries().first?.incident.id)
        let deadline = Date().addingTimeInterval(10)
        var notes: [Event] = []
        while notes.isEmpty, Date() < deadline {
            notes = try store.events(of: incident).filter { $0.kind == .playbookChosen && $0.text.contains("switched to the playbook") }
        }
        #expect(notes.count == 1)
        #expect(notes.first?.author.name == "alice")
        #expect(notes.first?.text == "alice switched to the playbook \(runbook) (Disk full on the API hosts) for the alert DiskFull")

        try tmux.press("q")
        try tmux.press("y")
        #expect(tmux.waitForExit() == 0)

        // The choice is kept with the incident: opened again without a playbook, the console
        // shows the alert's playbook, not the one it started with.
        let again = try ConsoleTmux(
            command: workspace.open(["--incident", incident.rawValue, "--as", "alice"]), columns: 140, rows: 36, directory: workspace.url)
        defer { again.stop() }
        again.waitFor(text: "Find what filled the disk")
        try again.press("q")
        try again.press("y")
        #expect(again.waitForExit() == 0)
    }
}
