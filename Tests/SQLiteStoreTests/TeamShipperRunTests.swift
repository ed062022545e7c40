import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// The background shipper (issue 15): rounds when idle, backoff while the store is away, catch-up
/// when it returns. Time is the test's: the shipper's sleeps wait on a gate the test opens.
@Suite struct TeamShipperRunTests {
    /// Sleeps that wait until the test opens the gate (and return at once while it is open).
    actor Gate {
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []
        private(set) var asked: [Double] = []

        func sleep(_ seconds: Double) async {
            asked.append(seconds)
            if isOpen { return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func open() {
            isOpen = true
            for continuation in waiting { continuation.resume() }
            waiting = []
        }

        func close() { isOpen = false }
    }

    @Test(.timeLimit(.minutes(1))) func itSendsInTheBackgroundBacksOffAndCatchesUp() async throws {
        let clock = ManualClock(UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp)
        let dir = TemporaryDirectory()
        let log = try SQLiteIncidentStore(directory: dir.path, clock: clock, originHost: "a")
        let team = InMemoryTeamStore(clock: clock)
        let incident = try log.createIncident(IncidentDraft(title: "API outage", author: Author(name: "alice")))
        try log.share(incident.id)
        let shipper = TeamShipper(log: log, store: team, clock: clock)
        let gate = Gate()
        let (statuses, statusSink) = AsyncStream<TeamStatus>.makeStream()
        let running = Task {
            await shipper.run(
                wake: AsyncStream { _ in }, idleSeconds: 1, sleep: { await gate.sleep($0) },
                onStatus: { statusSink.yield($0) })
        }
        var iterator = statuses.makeAsyncIterator()
        func next(where condition: (TeamStatus) -> Bool) async -> TeamStatus? {
            while let status = await iterator.next() {
                if condition(status) { return status }
            }
            return nil
        }

        // The first round publishes the incident and sends its first event.
        #expect(await next(where: \.isInSync) != nil)
        #expect(team.eventCount == 1)
        // The store goes away; a note written meanwhile waits.
        team.isReachable = false
        _ = try log.append(.note("api-2 502s", author: Author(name: "alice")), to: incident.id)
        await gate.open()
        let failing = await next { $0.failingSince != nil && $0.pending == 1 }
        #expect(failing?.isRetrying == true)
        // The next failed round comes after the first backoff (and asks for a longer one).
        _ = await next { $0.failingSince != nil }
        let asked = await gate.asked
        #expect(asked.contains(0.5))
        #expect(!asked.contains(0.25))
        // It comes back: the note is sent once.
        team.isReachable = true
        #expect(await next { $0.isInSync } != nil)
        #expect(team.eventCount == 2)
        running.cancel()
        await running.value
        #expect(try log.outboxCount() == 0)
    }
}
