import Foundation
import LoopbackLab
import PostmotermCore
import PostmotermTestSupport
import SQLiteStore
import Testing

/// Two consoles watching one real HAProxy for one incident (issue 13.3): one records, the other
/// only shows; when the recording console is killed the other takes over within a few seconds.
@Suite(.serialized) struct RecordingLeaseEndToEndTests {
    /// Waits until `condition` holds for the incident's events, at most `timeout` seconds: checked
    /// again whenever the log's folder changes (every commit writes its WAL), never on a timer.
    static func waitForEvents(
        _ store: SQLiteIncidentStore, _ id: IncidentID, timeout: Double, _ condition: ([Event]) -> Bool
    ) -> [Event]? {
        guard let changes = try? DirectoryChanges(directory: (store.path as NSString).deletingLastPathComponent) else { return nil }
        var found: [Event]?
        _ = changes.wait(until: Deadline(seconds: timeout)) {
            guard let events = try? store.events(of: id), condition(events) else { return false }
            found = events
            return true
        }
        return found
    }

    static func weightChanges(_ events: [Event], to weight: String) -> Int {
        events.filter { $0.kind == .balancerObservation && $0.data["finding"] == "weightChange" && $0.data["to"] == weight }.count
    }

    /// A note typed in `console` and seen in the store: every poll that console showed before
    /// was recorded (or not) by then — its store commands run in order.
    static func sync(_ console: ConsoleTmux, _ store: SQLiteIncidentStore, _ id: IncidentID, note: String) throws {
        try console.press("n")
        console.waitFor(text: "Note:")
        try console.type(note)
        try console.press("Enter")
        #expect(waitForEvents(store, id, timeout: 15) { $0.contains { $0.text == note } } != nil, "note \(note) not stored")
    }

    @Test(.timeLimit(.minutes(2))) func oneSetWeightIsOneEventAndTheOtherConsoleTakesOver() throws {
        let workspace = try ConsoleEndToEndTests.Workspace()
        defer { workspace.remove() }
        let lab = try ConsoleEndToEndTests.Lab()
        defer { lab.stop() }
        let store = try workspace.store()
        let id = try store.createIncident(IncidentDraft(
            title: "Two consoles", playbookPath: workspace.playbookPath, author: Author(name: "alice"))).id
        let arguments = ["--incident", id.rawValue, "--balancer", lab.haproxy.unixAddress, "--interval", "0.2"]
        let first = try ConsoleTmux(command: workspace.open(arguments + ["--as", "alice"]), columns: 110, rows: 32, directory: workspace.url)
        defer { first.stop() }
        first.waitFor("alice's console live with api-2 skewed") { $0.contains("live") && $0.contains("SKEW") }
        // alice's console records: its first counter sample is in the log.
        #expect(Self.waitForEvents(store, id, timeout: 15) { $0.contains { $0.kind == .balancerCounters } } != nil)
        let second = try ConsoleTmux(command: workspace.open(arguments + ["--as", "bob"]), columns: 110, rows: 32, directory: workspace.url)
        defer { second.stop() }
        second.waitFor("bob's console live with api-2 skewed") { $0.contains("live") && $0.contains("SKEW") }
        // The health panes say who records.
        second.waitFor(text: "SKEW · watching")
        first.waitFor(text: "SKEW · recording")

        // Someone sets a weight: both consoles see it, one event is recorded.
        _ = try lab.haproxy.command("set server api/api-2 weight 1")
        for console in [first, second] {
            console.waitFor("the skew gone") { $0.contains("live") && !$0.contains("SKEW") }
        }
        try Self.sync(first, store, id, note: "alice synced")
        try Self.sync(second, store, id, note: "bob synced")
        var events = try store.events(of: id)
        #expect(Self.weightChanges(events, to: "1") == 1, "\(events.filter { $0.kind == .balancerObservation }.map(\.text))")
        #expect(events.filter { $0.kind == .balancerObservation && $0.data["finding"] == "weightSkew" && $0.data["to"] == nil }.count == 1)

        // The recording console dies; the next change is recorded by the other within a few seconds.
        let pid = try #require(first.pid)
        kill(pid, SIGKILL)
        let killedAt = Date()
        _ = try lab.haproxy.command("set server api/api-2 weight 3")
        let recorded = Self.waitForEvents(store, id, timeout: 15) { Self.weightChanges($0, to: "3") > 0 }
        let elapsed = Date().timeIntervalSince(killedAt)
        #expect(recorded != nil, "bob's console never took over")
        second.waitFor(text: "· recording")
        #expect(elapsed < Double(RecordingLease.defaultMilliseconds) / 1000 + 3, "took over after \(elapsed) s")
        try Self.sync(second, store, id, note: "bob synced again")
        events = try store.events(of: id)
        #expect(Self.weightChanges(events, to: "3") == 1)
    }
}
