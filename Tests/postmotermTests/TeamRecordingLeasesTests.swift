import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// Two consoles on two machines watching one balancer for one incident: the team store's lease
/// decides who records (issue 15); without the team store, each host's own lease does.
@Suite(.timeLimit(.minutes(2))) struct TeamRecordingLeasesTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp
    let balancer = "haproxy+tcp://127.0.0.1:9999"

    @Test func oneRecorderAcrossHostsAndTheLocalLeaseWhenTheStoreIsAway() throws {
        let clock = ManualClock(start)
        let team = InMemoryTeamStore(clock: clock)
        let hostA = InMemoryIncidentStore(clock: clock)
        let hostB = InMemoryIncidentStore(clock: clock)
        // A store in memory answers at once; the wait only has to outlast a busy machine's scheduling.
        let a = TeamRecordingLeases(local: hostA, team: team, claimWait: 60)
        let b = TeamRecordingLeases(local: hostB, team: team, claimWait: 60)
        let incidentA = try hostA.createIncident(IncidentDraft(title: "API outage", author: Author(name: "alice")))
        let incidentB = try hostB.createIncident(IncidentDraft(title: "API outage", author: Author(name: "bob")))
        #expect(incidentA.id == incidentB.id)
        #expect(try a.claimRecording(of: balancer, for: incidentA.id, holder: "a", milliseconds: 5_000).isMine)
        let other = try b.claimRecording(of: balancer, for: incidentB.id, holder: "b", milliseconds: 5_000)
        #expect(!other.isMine && other.holder == "a")
        try a.releaseRecording(of: balancer, for: incidentA.id, holder: "a")
        #expect(try b.claimRecording(of: balancer, for: incidentB.id, holder: "b", milliseconds: 5_000).isMine)
        // The store goes away: host a's own lease decides for host a.
        team.isReachable = false
        #expect(try a.claimRecording(of: balancer, for: incidentA.id, holder: "a", milliseconds: 5_000).isMine)
        #expect(!(try a.claimRecording(of: balancer, for: incidentA.id, holder: "a2", milliseconds: 5_000).isMine))
    }
}
