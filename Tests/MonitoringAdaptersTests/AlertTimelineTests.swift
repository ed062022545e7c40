import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore
import Testing

/// From the real Alertmanager to the incident log: alerts posted through its API are recorded
/// once each at their own times (already firing ones too), resolved ones close, two consoles on
/// one log record nothing twice, and a silence that runs out is announced once.
@Suite(.timeLimit(.minutes(1)), .serialized) struct AlertTimelineTests {
    static func incident(_ store: InMemoryIncidentStore) throws -> IncidentID {
        try store.createIncident(IncidentDraft(title: "API outage", author: Author(name: "alice"))).id
    }

    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func alertsAreRecordedOnceAtTheirOwnTimesAndResolvedOnesClose() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        let store = InMemoryIncidentStore()
        let incident = try Self.incident(store)
        let now = Timestamp(Date())
        let skewStart = now.adding(milliseconds: -600_000)  // firing before the incident began
        let downStart = now.adding(milliseconds: -30_000)
        let skew = AlertmanagerLab.alertJSON(name: "HAProxyServerTrafficSkew", labels: ["server": "api-2"], startsAt: skewStart)
        let down = AlertmanagerLab.alertJSON(name: "HAProxyServerDown", labels: ["server": "api-2"], startsAt: downStart)
        try lab.server.postAlerts("[\(skew),\(down)]")
        _ = try await lab.waitForAlerts { $0.count == 2 }

        let poller = AlertPoller(clients: [lab.client])
        // Two consoles on one log: only the lease holder records.
        var first = AlertRecording(incident: incident, holder: "console-1")
        var second = AlertRecording(incident: incident, holder: "console-2")
        for _ in 0..<3 {
            let report = try #require(await poller.pollOnce().first)
            let snapshot = try #require(report.snapshot)
            _ = try first.record(snapshot, silences: report.silences, in: store)
            _ = try second.record(snapshot, silences: report.silences, in: store)
        }
        var alertEvents = try store.events(of: incident).filter { $0.kind == .alertFiring }
        #expect(alertEvents.count == 2)
        #expect(Set(alertEvents.map(\.happenedAt)) == [skewStart, downStart])
        #expect(alertEvents.allSatisfy { $0.author == .postmoterm && $0.data["source"] == lab.client.source })
        #expect(second.recording.isEmpty && first.recording == [lab.client.source])

        // The down alert resolves (Prometheus sends endsAt); the log closes it once.
        let resolvedAt = Timestamp(Date()).adding(milliseconds: -2_000)
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(
            name: "HAProxyServerDown", labels: ["server": "api-2"], startsAt: downStart, endsAt: resolvedAt) + "]")
        _ = try await lab.waitForAlerts { $0.count == 1 }
        for _ in 0..<2 {
            let report = try #require(await poller.pollOnce().first)
            _ = try first.record(try #require(report.snapshot), silences: report.silences, in: store)
        }
        let resolved = try store.events(of: incident).filter { $0.kind == .alertResolved }
        #expect(resolved.count == 1)
        #expect(resolved.first?.data["alertname"] == "HAProxyServerDown")
        // Gone from the list: known resolved at the first poll that missed it (not later).
        #expect(resolved.first.map { $0.time >= resolvedAt && $0.time <= Timestamp(Date()) } == true)

        // A restarted console (a new recording, same holder) records nothing again.
        var restarted = AlertRecording(incident: incident, holder: "console-1")
        let report = try #require(await poller.pollOnce().first)
        #expect(try restarted.record(try #require(report.snapshot), silences: report.silences, in: store).isEmpty)
        alertEvents = try store.events(of: incident).filter { $0.kind == .alertFiring || $0.kind == .alertResolved }
        #expect(alertEvents.count == 3)
    }

    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func aSilenceThatRunsOutIsAnnouncedOnce() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        let store = InMemoryIncidentStore()
        let incident = try Self.incident(store)
        let now = Timestamp(Date())
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(name: "PoolDown", startsAt: now) + "]")
        let alert = try #require(try await lab.waitForAlerts { !$0.isEmpty }.first)
        var recording = AlertRecording(incident: incident, holder: "console-1")
        let poller = AlertPoller(clients: [lab.client])
        let before = try #require(await poller.pollOnce().first)
        _ = try recording.record(try #require(before.snapshot), silences: before.silences, in: store)
        _ = try await lab.client.createSilence(
            AlertSilenceRequest(silencing: alert, from: now, milliseconds: 1_500, createdBy: "alice", comment: "short"), timeout: 2)
        // Wait (bounded) for Alertmanager to call it expired.
        let deadline = Date().addingTimeInterval(20)
        var expired = false
        while !expired, Date() < deadline {
            expired = try await lab.client.silences(timeout: 2).contains { $0.state == .expired }
            if !expired { await Task.yield() }
        }
        #expect(expired)
        for _ in 0..<2 {
            let report = try #require(await poller.pollOnce().first)
            _ = try recording.record(try #require(report.snapshot), silences: report.silences, in: store)
        }
        let announced = try store.events(of: incident).filter { $0.kind == .alertSilenced }
        #expect(announced.count == 1)
        #expect(announced.first?.data["state"] == "expired" && announced.first?.data["alertname"] == "PoolDown")
        #expect(announced.first?.happenedAt == now.adding(milliseconds: 1_500))
    }
}
