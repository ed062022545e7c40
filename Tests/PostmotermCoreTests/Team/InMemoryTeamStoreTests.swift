import PostmotermTestSupport
import Testing

@testable import PostmotermCore

/// The in-memory team store keeps the contract of `TeamStore` (issue 15).
@Suite struct InMemoryTeamStoreTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp
    let id = IncidentID(rawValue: "2026-12-07-api-outage")!

    func event(_ generator: EventOriginIDGenerator, _ text: String) -> SharedEvent {
        SharedEvent(
            originID: generator.next(), incidentID: id, originHost: "a", author: Author(name: "alice"), kind: .note,
            text: text, recordedAt: start)
    }

    @Test func pushIsIdempotentOnTheOriginIDAndFetchFollowsServerOrder() async throws {
        let store = InMemoryTeamStore(clock: ManualClock(start))
        let generator = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 1))
        let opened = event(generator, "API outage")
        try await store.publish(SharedIncident(
            id: id, title: "API outage", startedAt: start, openedBy: Author(name: "alice"), openedOnHost: "a",
            origin: opened.originID))
        let first = event(generator, "one")
        let second = event(generator, "two")
        let orders = try await store.push([first, second])
        let again = try await store.push([second, first])
        #expect(orders == again)
        #expect(store.eventCount == 2)
        let fetched = try await store.fetch(incident: id, after: 0, limit: nil)
        #expect(fetched.map(\.event.text) == ["one", "two"])
        #expect(try await store.fetch(incident: id, after: orders[first.originID]!, limit: nil).map(\.event.text) == ["two"])
    }

    @Test func anUnpublishedIncidentOrAnUnreachableStoreIsRefused() async throws {
        let store = InMemoryTeamStore(clock: ManualClock(start))
        let generator = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 1))
        await #expect(throws: TeamStoreError.incidentNotPublished(id)) { try await store.push([event(generator, "x")]) }
        store.isReachable = false
        await #expect(throws: TeamStoreError.self) { try await store.incidents() }
    }

    @Test func aSecondIncidentUnderATakenIDIsRefused() async throws {
        let store = InMemoryTeamStore(clock: ManualClock(start))
        let generator = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 1))
        let incident = SharedIncident(
            id: id, title: "API outage", startedAt: start, openedBy: Author(name: "alice"), openedOnHost: "a",
            origin: generator.next())
        try await store.publish(incident)
        #expect(try await store.publish(incident) == incident)
        var other = incident
        other.origin = generator.next()
        await #expect(throws: TeamStoreError.self) { try await store.publish(other) }
    }

    @Test func oneRecorderPerBalancerAcrossHosts() async throws {
        let clock = ManualClock(start)
        let store = InMemoryTeamStore(clock: clock)
        let a = try await store.claimRecording(of: "haproxy://127.0.0.1:9999", for: id, holder: "a", milliseconds: 5_000)
        let b = try await store.claimRecording(of: "haproxy://127.0.0.1:9999", for: id, holder: "b", milliseconds: 5_000)
        #expect(a.isMine && !b.isMine && b.holder == "a")
        clock.advance(milliseconds: 5_001)
        #expect(try await store.claimRecording(of: "haproxy://127.0.0.1:9999", for: id, holder: "b", milliseconds: 5_000).isMine)
    }
}
