import Foundation
import PostmotermTestSupport
import Testing

@testable import PostmotermCore

/// Two responders acting at once converge on one timeline (issue 15): the store's order decides,
/// the later event is marked, nothing is dropped.
@Suite struct TeamConvergenceTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp
    let id = IncidentID(rawValue: "2026-12-07-api-outage")!
    let alice = Author(name: "alice")
    let bob = Author(name: "bob")

    /// A host's log: `events` in local sequence order with the server orders given (nil: pending).
    func log(_ events: [(EventKind, Author, [String: String], Int64?)], host: String, seed: UInt64, amends: [Int: Int64] = [:]) -> [TeamLogEntry] {
        let generator = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: seed))
        return events.enumerated().map { index, item in
            let event = Event(
                incidentID: id, sequence: Int64(index + 1), recordedAt: start.adding(milliseconds: Int64(index) * 1000),
                author: item.1, kind: item.0, text: "\(item.0.rawValue) by \(item.1.name)", data: item.2,
                amends: amends[index])
            return TeamLogEntry(event: event, originID: generator.next(), originHost: host, serverOrder: item.3)
        }
    }

    @Test func acceptedEventsComeInServerOrderThenPendingOnesAndAreRenumbered() {
        let entries = log([
            (.incidentStarted, alice, [:], 1), (.note, alice, [:], nil), (.note, bob, [:], 3), (.note, alice, [:], 2),
        ], host: "a", seed: 1)
        let events = TeamConvergence.timeline(entries)
        #expect(events.map(\.text) == ["incidentStarted by alice", "note by alice", "note by bob", "note by alice"])
        #expect(events.map(\.sequence) == [1, 2, 3, 4])
        #expect(events[1].recordedAt == start.adding(milliseconds: 3000))
    }

    @Test func aStepDoneTwiceCountsOnceAndTheSecondIsAlsoConfirmed() {
        let events = TeamConvergence.timeline(log([
            (.incidentStarted, alice, [:], 1), (.stepDone, bob, ["step": "drain"], 3), (.stepDone, alice, ["step": "drain"], 2),
        ], host: "a", seed: 1))
        #expect(TeamConflict(event: events[1]) == nil)
        #expect(events[2].data["conflict"] == "alsoConfirmed")
        #expect(events[2].data["conflictNote"] == "also confirmed by bob (done first by alice)")
    }

    @Test func aRoleTakenTwiceStaysWithTheFirstInServerOrder() {
        let events = TeamConvergence.timeline(log([
            (.incidentStarted, alice, [:], 1),
            (.roleAssigned, alice, ["role": "ic", "holder": "alice"], 5),
            (.roleAssigned, bob, ["role": "IC", "holder": "bob"], 4),
        ], host: "a", seed: 1))
        #expect(events[1].data["holder"] == "bob" && TeamConflict(event: events[1]) == nil)
        #expect(events[2].data["conflict"] == "roleHeld")
        #expect(events[2].data["conflictNote"] == "ic is held by bob; alice did not take it")
    }

    @Test func mitigatedTwiceKeepsTheFirstForTheIncident() {
        let events = TeamConvergence.timeline(log([
            (.incidentStarted, alice, [:], 1),
            (.statusChanged, bob, ["to": "mitigated", "from": "investigating"], 2),
            (.statusChanged, alice, ["to": "mitigated", "from": "investigating"], 3),
        ], host: "a", seed: 1))
        #expect(events[2].data["conflict"] == "statusAlreadySet")
        #expect(events[2].data["conflictNote"] == "already mitigated by bob")
        let incident = TeamConvergence.incident(Incident(id: id, title: "API outage", startedAt: start), events: events)
        #expect(incident.status == .mitigated)
        #expect(incident.mitigatedAt == start.adding(milliseconds: 1000))
    }

    @Test func anEventAmendedByTwoRespondersTakesTheLaterAmendmentLast() throws {
        var entries = log([
            (.incidentStarted, alice, [:], 1), (.note, alice, [:], 2),
            (.amendment, alice, ["amendment": "editText"], 4), (.amendment, bob, ["amendment": "editText"], 3),
        ], host: "a", seed: 1, amends: [2: 2, 3: 2])
        entries[2].event.text = "alice's text"
        entries[3].event.text = "bob's text"
        let events = TeamConvergence.timeline(entries)
        #expect(events.map(\.amends) == [nil, nil, 2, 2])
        #expect(events[3].data["conflict"] == "alsoAmended")
        let view = TimelineView(events: events)
        #expect(view.entry(sequence: 2)?.text == "alice's text")
    }

    @Test func twoHostsWithTheSameAcceptedEventsProduceTheSameJSON() throws {
        // Host a wrote 1, 2; host b wrote 3 and imported a's events after its own (other local order).
        let a = log([(.incidentStarted, alice, [:], 1), (.note, alice, [:], 2), (.note, bob, [:], 3)], host: "a", seed: 1)
        var b = [a[0], a[2], a[1]]
        for index in b.indices { b[index].event.sequence = Int64(index + 1) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let jsonA = try encoder.encode(TimelineView(events: TeamConvergence.timeline(a)).entries)
        let jsonB = try encoder.encode(TimelineView(events: TeamConvergence.timeline(b)).entries)
        #expect(jsonA == jsonB)
    }
}
