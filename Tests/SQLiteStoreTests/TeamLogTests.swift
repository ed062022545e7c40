import Foundation
import GRDB
import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import SQLiteStore

/// The local half of team mode (issue 15): origin ids, the outbox, idempotent import, and two
/// or three data directories converging through one team store.
@Suite struct TeamLogTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp
    let alice = Author(name: "alice")
    let bob = Author(name: "bob")

    /// `count` hosts, each its own data directory, on one clock.
    func hosts(_ count: Int, clock: ManualClock) throws -> ([TemporaryDirectory], [SQLiteIncidentStore]) {
        let dirs = (0..<count).map { _ in TemporaryDirectory() }
        let stores = try dirs.enumerated().map { index, dir in
            try SQLiteIncidentStore(directory: dir.path, clock: clock, originHost: "host-\(index)")
        }
        return (dirs, stores)
    }

    /// The bytes `timeline --json` prints for a shared incident (the same encoder settings).
    static func timelineJSON(_ store: SQLiteIncidentStore, _ id: IncidentID) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let view = TimelineView(events: TeamConvergence.timeline(try store.teamEntries(of: id)))
        return String(decoding: try encoder.encode(view.entries), as: UTF8.self)
    }

    @Test func existingEventsGetOriginIDsWhenTheLogIsUpgraded() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: dir.appending(SQLiteIncidentStore.fileName))
        try Schema.migrator.migrate(queue, upTo: "v3-recording-lease")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO incident (id, title, status, startedAt) VALUES ('2026-12-07-old', 'Old', 'investigating', 1)")
            for sequence in 1...3 {
                try db.execute(
                    sql: "INSERT INTO event (incidentID, sequence, recordedAt, authorName, kind, text) VALUES ('2026-12-07-old', ?, ?, 'alice', ?, 'x')",
                    arguments: [sequence, 1_000 * sequence, sequence == 1 ? "incidentStarted" : "note"])
            }
        }
        try queue.close()
        let store = try SQLiteIncidentStore(directory: dir.path)
        let entries = try store.teamEntries(of: IncidentID(rawValue: "2026-12-07-old")!)
        #expect(entries.count == 3)
        #expect(entries.map(\.originID.timestamp.millisecondsSinceEpoch) == [1_000, 2_000, 3_000])
        #expect(entries.allSatisfy { $0.serverOrder == nil })
        #expect(try store.outboxCount() == 0)  // not shared: nothing to send
    }

    @Test func importIsIdempotentAndAmendmentsCrossHostsByOriginID() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(2, clock: clock)
        let (a, b) = (stores[0], stores[1])
        let team = InMemoryTeamStore(clock: clock)
        let incident = try a.createIncident(IncidentDraft(title: "API outage", author: alice))
        let note = try a.append(.note("api-2 502s", author: alice), to: incident.id)
        _ = try a.append(.amendment(of: note.sequence, .star, author: alice), to: incident.id)
        let shipA = TeamShipper(log: a, store: team, clock: clock)
        let shipB = TeamShipper(log: b, store: team, clock: clock)
        try await shipA.share(incident.id)
        #expect(try a.outboxCount() == 0)
        #expect(try await shipB.fetchIncident(incident.id))
        #expect(try await shipB.fetchIncident(incident.id))  // again: nothing duplicated
        #expect(try b.events(of: incident.id).count == 3)
        #expect(TimelineView(events: try b.events(of: incident.id)).entry(sequence: 2)?.isStarred == true)
        // b amends a's note: the amendment travels by origin id.
        _ = try b.append(.amendment(of: 2, .editText("api-2 and api-3 502s"), author: bob), to: incident.id)
        await shipB.sync()
        await shipA.sync()
        #expect(TimelineView(events: try a.events(of: incident.id)).entry(sequence: note.sequence)?.text == "api-2 and api-3 502s")
        #expect(team.eventCount == 4)
        #expect(try Self.timelineJSON(a, incident.id) == Self.timelineJSON(b, incident.id))
    }

    /// What a waiting command watches (`TeamSession`): every incident published and every event
    /// pushed or fetched moves the shipper's progress, batch by batch.
    @Test func theShippersProgressCountsWhatItPublishedPushedAndFetched() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(2, clock: clock)
        let team = InMemoryTeamStore(clock: clock)
        let incident = try stores[0].createIncident(IncidentDraft(title: "Big", author: alice))
        _ = try stores[0].append(contentsOf: (1...1_200).map { EventDraft.note("note \($0)", author: alice) }, to: incident.id)
        let shipA = TeamShipper(log: stores[0], store: team, clock: clock, batchSize: 500)
        let shipB = TeamShipper(log: stores[1], store: team, clock: clock)
        #expect(shipA.progress.value == 0)
        try await shipA.share(incident.id)
        #expect(try stores[0].outboxCount() == 0)
        // The incident, its 1,201 events in 3 batches, then (the round's fetch) them again with their orders.
        #expect(shipA.progress.value == 1 + 1_201 + 1_201)
        #expect(try await shipB.fetchIncident(incident.id))
        #expect(shipB.progress.value == 1_201)
        await shipB.sync()  // nothing new: no progress
        #expect(shipB.progress.value == 1_201)
    }

    @Test(.timeLimit(.minutes(1))) func anUnreachableStoreLosesNothingAndDuplicatesNothing() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(3, clock: clock)
        let team = InMemoryTeamStore(clock: clock)
        let shippers = stores.map { TeamShipper(log: $0, store: team, clock: clock) }
        let incident = try stores[0].createIncident(IncidentDraft(title: "API outage", author: alice))
        try await shippers[0].share(incident.id)
        for index in 1...2 { #expect(try await shippers[index].fetchIncident(incident.id)) }
        // The store goes away; every host keeps logging.
        team.isReachable = false
        for (index, store) in stores.enumerated() {
            for n in 1...3 { _ = try store.append(.note("host \(index) note \(n)", author: bob), to: incident.id) }
            let status = await shippers[index].sync()
            #expect(status.pending == 3)
        }
        clock.advance(milliseconds: 40_000)
        let waiting = await shippers[0].status
        #expect(waiting.headerText(now: clock.now()) == "team: 3 to send, unreachable 40s")
        // A push whose answer is lost is sent again: still once in the store.
        team.isReachable = true
        _ = try await team.push(try stores[1].outbox(limit: 10))
        for _ in 0..<2 {
            for shipper in shippers { await shipper.sync() }
        }
        #expect(team.eventCount == 10)
        for store in stores {
            #expect(try store.events(of: incident.id).count == 10)
            #expect(try store.outboxCount() == 0)
        }
        #expect(await shippers[2].status.headerText(now: clock.now()) == "team ✓")
        let json = try Self.timelineJSON(stores[0], incident.id)
        #expect(try Self.timelineJSON(stores[1], incident.id) == json)
        #expect(try Self.timelineJSON(stores[2], incident.id) == json)
    }

    @Test func mitigatedOnTwoHostsAtOnceKeepsTheFirstInServerOrder() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(2, clock: clock)
        let (a, b) = (stores[0], stores[1])
        let team = InMemoryTeamStore(clock: clock)
        let shipA = TeamShipper(log: a, store: team, clock: clock)
        let shipB = TeamShipper(log: b, store: team, clock: clock)
        let incident = try a.createIncident(IncidentDraft(title: "API outage", author: alice))
        try await shipA.share(incident.id)
        _ = try await shipB.fetchIncident(incident.id)
        clock.advance(milliseconds: 60_000)
        _ = try b.append(.statusChange(to: .mitigated, author: bob), to: incident.id)
        clock.advance(milliseconds: 60_000)
        _ = try a.append(.statusChange(to: .mitigated, author: alice), to: incident.id)
        _ = try a.append(EventDraft(kind: .stepDone, text: "Drain", author: alice, data: ["step": "drain"]), to: incident.id)
        _ = try b.append(EventDraft(kind: .stepDone, text: "Drain", author: bob, data: ["step": "drain"]), to: incident.id)
        await shipB.sync()  // b's events reach the store first
        await shipA.sync()
        await shipB.sync()
        for store in [a, b] {
            let settled = try store.incident(incident.id)
            #expect(settled.status == .mitigated)
            #expect(settled.mitigatedAt == start.adding(milliseconds: 60_000))
        }
        let converged = TeamConvergence.timeline(try a.teamEntries(of: incident.id))
        #expect(converged.compactMap { $0.data["conflict"] } == ["statusAlreadySet", "alsoConfirmed"])
        #expect(try Self.timelineJSON(a, incident.id) == Self.timelineJSON(b, incident.id))
        // Resolving works on either host afterwards.
        _ = try b.append(.statusChange(to: .resolved, author: bob), to: incident.id)
    }

    @Test(.timeLimit(.minutes(1))) func threeWritersOf500EventsConverge() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(3, clock: clock)
        let team = InMemoryTeamStore(clock: clock)
        let shippers = stores.map { TeamShipper(log: $0, store: team, clock: clock) }
        let incident = try stores[0].createIncident(IncidentDraft(title: "API outage", author: alice))
        try await shippers[0].share(incident.id)
        for index in 1...2 { #expect(try await shippers[index].fetchIncident(incident.id)) }
        // Each writes 500 notes in bursts, sending between bursts, all interleaved.
        for burst in 0..<10 {
            for (index, store) in stores.enumerated() {
                let drafts = (0..<50).map { n in EventDraft.note("host \(index) note \(burst * 50 + n)", author: Author(name: "host-\(index)")) }
                _ = try store.append(contentsOf: drafts, to: incident.id)
                await shippers[index].sync()
            }
        }
        for shipper in shippers { await shipper.sync() }
        #expect(team.eventCount == 1 + 1_500)
        let json = try Self.timelineJSON(stores[0], incident.id)
        for store in stores {
            #expect(try store.events(of: incident.id).count == 1_501)
            #expect(try Self.timelineJSON(store, incident.id) == json)
        }
    }

    @Test func twoHostsOpeningTheSameIDKeepTheirOwnAndSayWhy() async throws {
        let clock = ManualClock(start)
        let (_, stores) = try hosts(2, clock: clock)
        let team = InMemoryTeamStore(clock: clock)
        let (shipA, shipB) = (TeamShipper(log: stores[0], store: team, clock: clock), TeamShipper(log: stores[1], store: team, clock: clock))
        let a = try stores[0].createIncident(IncidentDraft(title: "API outage", author: alice))
        let b = try stores[1].createIncident(IncidentDraft(title: "API outage", author: bob))
        #expect(a.id == b.id)
        try await shipA.share(a.id)
        try await shipB.share(b.id)
        let problem = await shipB.incidentErrors[b.id]
        #expect(problem?.contains("already has a different incident \(b.id) (opened by alice on host-0)") == true)
        #expect(team.eventCount == 1)  // b's stays local
        // b cannot fetch a's incident over its own either.
        await #expect(throws: IncidentStoreError.self) { try await shipB.fetchIncident(a.id) }
        #expect(try stores[1].events(of: b.id).map(\.author.name) == ["bob"])
    }
}
