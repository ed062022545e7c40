import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore
import Testing

/// The poller against the real Alertmanager: a live answer, then STALE with its age and the last
/// good alerts kept when Alertmanager goes away; the schedule runs on a manual clock.
@Suite(.timeLimit(.minutes(1)), .serialized) struct AlertPollerTests {
    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func aGoneAlertmanagerIsStaleWithItsAgeAndLastAlerts() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(name: "PoolDown", startsAt: Timestamp(Date())) + "]")
        _ = try await lab.waitForAlerts { !$0.isEmpty }
        let clock = ManualPollClock()
        let poller = AlertPoller(clients: [lab.client], interval: 2, timeout: 1, clock: clock)
        let live = try #require(await poller.pollOnce().first)
        #expect(live.state == .live && live.isFresh)
        #expect(live.snapshot?.alerts.map(\.name) == ["PoolDown"])
        #expect(live.snapshot?.takenAt == clock.wallTime())
        lab.stop()
        clock.advance(seconds: 7)
        let stale = try #require(await poller.pollOnce().first)
        #expect(!stale.isFresh)
        guard case .stale(let age, let reason) = stale.state else {
            Issue.record("expected stale, got \(stale.state)")
            return
        }
        #expect(age == 7)
        #expect(reason.hasPrefix(lab.client.source + ": "))
        #expect(stale.snapshot?.alerts.map(\.name) == ["PoolDown"])
    }

    @Test func onScheduleItDeliversEachPollAndBacksOffAfterAFailure() async throws {
        // Nothing listens on this port: every poll fails, at once.
        let port = try FreePort.allocate()
        let client = AlertmanagerClient(address: AlertmanagerAddress(host: "127.0.0.1", port: Int(port)))
        let clock = ManualPollClock()
        let poller = AlertPoller(clients: [client], interval: 2, timeout: 1, clock: clock)
        let (reports, sink) = AsyncStream.makeStream(of: AlertmanagerReport.self)
        poller.start { sink.yield($0) }
        defer { poller.stop() }
        var iterator = reports.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first.map { if case .unreachable = $0.state { true } else { false } } == true)
        await clock.waitForSleepers(1)
        clock.advance(seconds: 2)  // the backoff after one failure: the interval
        let second = await iterator.next()
        #expect(second?.source == client.source)
        await clock.waitForSleepers(1)
        clock.advance(seconds: 2)  // after two failures it waits 4 s: nothing yet
        await clock.waitForSleepers(1)
        clock.advance(seconds: 2)
        let third = await iterator.next()
        #expect(third != nil)
    }
}
