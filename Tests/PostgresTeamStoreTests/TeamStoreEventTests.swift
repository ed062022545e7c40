import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import PostgresTeamStore

@Suite(.serialized, .timeLimit(.minutes(1))) struct TeamStoreEventTests {
    @Test func pushedEventsComeBackByteForByteInServerOrder() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster)
            let incident = TeamFixtures.incident()
            #expect(try await store.publish(incident) == incident)
            #expect(try await store.incident(incident.id) == incident)
            #expect(try await store.incidents() == [incident])

            var events = (0..<10).map { TeamFixtures.event($0) }
            events.append(TeamFixtures.event(10, amends: events[3].originID))
            let orders = try await store.push(events)
            #expect(orders.count == events.count)

            let fetched = try await store.fetch(incident: incident.id, after: 0, limit: nil)
            #expect(fetched.map(\.event) == events)
            #expect(fetched.map(\.serverOrder) == events.map { orders[$0.originID]! })
            #expect(fetched.map(\.serverOrder) == fetched.map(\.serverOrder).sorted())

            let tail = try await store.fetch(incident: incident.id, after: fetched[4].serverOrder, limit: 3)
            #expect(tail.map(\.event) == Array(events[5..<8]))
            await store.shutdown()
        }
    }

    @Test func aRetriedPushStoresNothingNewAndAnswersTheSameOrders() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster)
            try await store.publish(TeamFixtures.incident())
            let events = (0..<5).map { TeamFixtures.event($0) }
            let first = try await store.push(events)
            let again = try await store.push(events + events)  // a replay, and duplicates within one batch
            #expect(again == first)
            let more = TeamFixtures.event(5)
            let mixed = try await store.push([events[0], more])
            #expect(mixed[events[0].originID] == first[events[0].originID])
            #expect(mixed[more.originID]! > first.values.max()!)
            #expect(try await store.fetch(incident: TeamFixtures.incidentID, after: 0, limit: nil).count == 6)
            await store.shutdown()
        }
    }

    @Test func unpublishedIncidentsAndTakenIDsAreRefusedClearly() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster)
            let other = IncidentID(rawValue: "2026-12-07-never-published")!
            await #expect(throws: TeamStoreError.incidentNotPublished(other)) {
                _ = try await store.push([TeamFixtures.event(0, incident: other)])
            }
            let incident = TeamFixtures.incident()
            try await store.publish(incident)
            #expect(try await store.publish(incident) == incident)  // idempotent on the origin
            let rival = TeamFixtures.incident(host: "bastion-2")
            await #expect(throws: TeamStoreError.incidentIDTaken(incident.id, openedBy: "alice (IC) on bastion-1")) {
                try await store.publish(rival)
            }
            // A push naming an unpublished incident stores none of its batch.
            await #expect(throws: TeamStoreError.incidentNotPublished(other)) {
                _ = try await store.push([TeamFixtures.event(1), TeamFixtures.event(2, incident: other)])
            }
            #expect(try await store.fetch(incident: incident.id, after: 0, limit: nil).isEmpty)
            await store.shutdown()
        }
    }

    @Test func threeWritersOf500EventsEachLoseNothingAndShareOneOrder() async throws {
        try await PostgresCluster.with { cluster in
            let writers = try (0..<3).map { _ in try TeamFixtures.store(cluster) }
            try await writers[0].publish(TeamFixtures.incident())
            let batches = (0..<3).map { writer in
                (0..<500).map { TeamFixtures.event(writer * 1000 + $0, host: "bastion-\(writer)") }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writer, events) in zip(writers, batches) {
                    group.addTask {
                        for start in stride(from: 0, to: events.count, by: 25) {
                            _ = try await writer.push(Array(events[start..<start + 25]))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let reader = try TeamFixtures.store(cluster)
            let all = try await reader.fetch(incident: TeamFixtures.incidentID, after: 0, limit: nil)
            #expect(all.count == 1_500)
            #expect(Set(all.map(\.event.originID)) == Set(batches.joined().map(\.originID)))
            #expect(all.map(\.serverOrder) == all.map(\.serverOrder).sorted())
            // Each writer's events keep their relative order.
            for events in batches {
                let mine = Set(events.map(\.originID))
                #expect(all.filter { mine.contains($0.event.originID) }.map(\.event) == events)
            }
            for store in writers + [reader] { await store.shutdown() }
        }
    }
}
