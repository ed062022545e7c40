import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import PostgresTeamStore

@Suite(.serialized, .timeLimit(.minutes(1))) struct TeamStoreNoticeTests {
    @Test func anotherHostHearsOfEachPushWithItsIncidentAndHighestOrder() async throws {
        try await PostgresCluster.with { cluster in
            let writer = try TeamFixtures.store(cluster)
            let reader = try TeamFixtures.store(cluster)
            try await writer.publish(TeamFixtures.incident())
            let notices = NoticeRecorder(reader.notices())
            #expect(await notices.wait(seconds: 20) { $0.contains(.resubscribed) })

            let orders = try await writer.push((0..<3).map { TeamFixtures.event($0) })
            let highest = orders.values.max()!
            #expect(await notices.wait(seconds: 20) {
                $0.contains(.appended(incident: TeamFixtures.incidentID, serverOrder: highest))
            })
            // A retried push stores nothing, so nobody is told anything.
            _ = try await writer.push([])
            await writer.shutdown()
            await reader.shutdown()
        }
    }

    @Test func afterTheServerComesBackTheListenerResubscribesAndHearsNewPushes() async throws {
        try await PostgresCluster.with { cluster in
            let writer = try TeamFixtures.store(cluster, timeout: 10)
            let reader = try TeamFixtures.store(cluster, timeout: 5, heartbeat: 0.2)
            try await writer.publish(TeamFixtures.incident())
            let notices = NoticeRecorder(reader.notices())
            #expect(await notices.wait(seconds: 20) { $0.filter { $0 == .resubscribed }.count == 1 })

            try cluster.stop()
            await #expect(throws: TeamStoreError.self) { _ = try await writer.push([TeamFixtures.event(0)]) }
            try cluster.start()

            #expect(await notices.wait(seconds: 30) { $0.filter { $0 == .resubscribed }.count >= 2 })
            let orders = try await writer.push([TeamFixtures.event(1)])
            let order = try #require(orders.values.first)
            #expect(await notices.wait(seconds: 20) {
                $0.contains(.appended(incident: TeamFixtures.incidentID, serverOrder: order))
            })
            await writer.shutdown()
            await reader.shutdown()
        }
    }

    @Test func aNoticeNamesItsIncidentAndOrder() {
        #expect(NoticeListener.notice("2026-12-07-db:42") == .appended(incident: IncidentID(rawValue: "2026-12-07-db")!, serverOrder: 42))
        #expect(NoticeListener.notice("garbage") == nil)
        #expect(NoticeListener.notice("x:") == nil)
    }
}

@Suite(.serialized, .timeLimit(.minutes(1))) struct TeamStoreLeaseTests {
    @Test func oneHostRecordsABalancerAtATimeAcrossMachines() async throws {
        try await PostgresCluster.with { cluster in
            let hostA = try TeamFixtures.store(cluster)
            let hostB = try TeamFixtures.store(cluster)
            let incident = TeamFixtures.incidentID
            await #expect(throws: TeamStoreError.incidentNotPublished(incident)) {
                _ = try await hostA.claimRecording(of: "haproxy@127.0.0.1:9000", for: incident, holder: "a", milliseconds: 5_000)
            }
            try await hostA.publish(TeamFixtures.incident())

            let balancer = "haproxy@127.0.0.1:9000"
            let a = try await hostA.claimRecording(of: balancer, for: incident, holder: "a", milliseconds: 60_000)
            #expect(a.isMine && a.holder == "a")
            let b = try await hostB.claimRecording(of: balancer, for: incident, holder: "b", milliseconds: 60_000)
            #expect(!b.isMine && b.holder == "a" && b.expiresAt == a.expiresAt)
            let renewed = try await hostA.claimRecording(of: balancer, for: incident, holder: "a", milliseconds: 60_000)
            #expect(renewed.isMine && renewed.expiresAt >= a.expiresAt)
            // Another balancer is another lease.
            #expect(try await hostB.claimRecording(of: "envoy@127.0.0.1:9901", for: incident, holder: "b", milliseconds: 60_000).isMine)

            try await hostB.releaseRecording(of: balancer, for: incident, holder: "b")  // not b's: no effect
            #expect(try await hostB.claimRecording(of: balancer, for: incident, holder: "b", milliseconds: 60_000).holder == "a")
            try await hostA.releaseRecording(of: balancer, for: incident, holder: "a")
            #expect(try await hostB.claimRecording(of: balancer, for: incident, holder: "b", milliseconds: 60_000).isMine)
            await hostA.shutdown()
            await hostB.shutdown()
        }
    }

    @Test func anExpiredLeaseGoesToTheNextClaimer() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster)
            try await store.publish(TeamFixtures.incident())
            let balancer = "haproxy@127.0.0.1:9000"
            // Expired at once (the server's clock): the next claim takes it.
            let gone = try await store.claimRecording(of: balancer, for: TeamFixtures.incidentID, holder: "a", milliseconds: -1)
            #expect(gone.isMine)
            let next = try await store.claimRecording(of: balancer, for: TeamFixtures.incidentID, holder: "b", milliseconds: 5_000)
            #expect(next.isMine && next.holder == "b")
            await store.shutdown()
        }
    }

    @Test func twoHostsClaimingAtOnceGetOneHolder() async throws {
        try await PostgresCluster.with { cluster in
            let stores = try (0..<4).map { _ in try TeamFixtures.store(cluster) }
            try await stores[0].publish(TeamFixtures.incident())
            let leases = try await withThrowingTaskGroup(of: RecordingLease.self) { group in
                for (n, store) in stores.enumerated() {
                    group.addTask {
                        try await store.claimRecording(
                            of: "haproxy@127.0.0.1:9000", for: TeamFixtures.incidentID, holder: "host-\(n)", milliseconds: 60_000)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(leases.filter(\.isMine).count == 1)
            #expect(Set(leases.map(\.holder)).count == 1)
            for store in stores { await store.shutdown() }
        }
    }
}
