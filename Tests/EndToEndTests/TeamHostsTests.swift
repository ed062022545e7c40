import Foundation
import PostmotermCore
import PostmotermTestSupport
import SQLiteStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 15 end to end: several "hosts" (each its own home, config and data directory, its own
/// processes of the real `postmoterm` binary) share incidents through one real PostgreSQL team
/// store. Every host ends with the same timeline, byte for byte in `timeline --json`, whatever
/// happened on the way: a host that never saw the incident, the store stopped mid-incident, a
/// push killed halfway, writers at once, a late joiner, responders acting at once.
@Suite(.serialized, .teamCluster, .timeLimit(.minutes(3))) struct TeamHostsTests {
    @Test func twoThenThreeHostsShareOneIncident() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice", configFile: true)
        let bob = try lab.host("bob")
        let carol = try lab.host("carol")
        let id = try alice.start("Checkout 502s")
        #expect(try bob.store().summaries().isEmpty, "bob never saw it")

        // bob has never seen the incident: `log --incident ID` fetches it from the team store.
        let logged = try bob.log(id, "bob: api-2 drained")
        #expect(logged.stdout.contains("in \(id)"), "\(logged.stdout) \(logged.stderr)")
        try alice.log(id, "alice: declared SEV2")
        let two = try lab.converge([alice, bob], id)
        #expect(Set(two).count == 1, "two hosts differ:\n\(two.joined(separator: "\n----\n"))")

        try carol.log(id, "carol: status page updated")
        try bob.log(id, "bob: weights back")
        let three = try lab.converge([alice, bob, carol], id)
        #expect(Set(three).count == 1, "three hosts differ:\n\(three.joined(separator: "\n----\n"))")
        let entries = try TeamTimeline.entries(three[0])
        #expect(entries.filter { $0.kind == .incidentStarted }.count == 1)
        #expect(TeamTimeline.noteCounts(entries) == [
            "bob: api-2 drained": 1, "alice: declared SEV2": 1, "carol: status page updated": 1, "bob: weights back": 1,
        ])
        #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)), "renumbered in the shared order")
    }

    @Test func storeStoppedMidIncidentEveryHostKeepsLoggingThenConverges() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let hosts = try ["alice", "bob", "carol"].map { try lab.host($0) }
        let id = try hosts[0].start("Database failover")
        for host in hosts.dropFirst() { try host.log(id, "\(host.name) joined") }
        _ = try lab.converge(hosts, id)

        try lab.cluster.stop()
        var expected = ["bob joined": 1, "carol joined": 1]
        var slowest = 0.0
        for round in 1...3 {
            for host in hosts {
                let text = "\(host.name) offline \(round)"
                let result = try host.log(id, text)
                slowest = max(slowest, result.seconds)
                #expect(result.stderr.contains("carrying on locally"), "\(result.stderr)")
                expected[text] = 1
            }
        }
        // Local first: a refused connection costs nothing like the command's wait for a hung store.
        #expect(slowest < Double(3) * 0.8, "a log took \(slowest) s while the store was down")
        let status = try hosts[1].run(["team", "status"])
        #expect(status.stdout.contains("3 to send"), "\(status.stdout)")
        #expect(status.stdout.contains("unreachable"), "\(status.stdout)")

        try lab.cluster.start()
        let outputs = try lab.converge(hosts, id)
        #expect(Set(outputs).count == 1, "hosts differ after the store came back")
        let entries = try TeamTimeline.entries(outputs[0])
        #expect(TeamTimeline.noteCounts(entries) == expected, "lost or duplicated")
        for host in hosts { #expect(try host.store().outboxCount() == 0, "\(host.name) still has events to send") }
        let after = try hosts[1].run(["team", "status"])
        #expect(after.stdout.contains("state: team ✓"), "\(after.stdout)")
    }

    /// Each host in a network namespace of its own; one host's link drops (a partition: its
    /// packets go nowhere, nothing refuses them) while the others carry on.
    @Test(.enabled(if: TeamHostNetwork.isAvailable, "needs root, iproute2 and socat"))
    func aHostWhoseLinkDropsKeepsLoggingAndCatchesUp() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let hosts = try ["alice", "bob", "carol"].map { try lab.host($0, ownNetwork: true) }
        let (alice, bob, carol) = (hosts[0], hosts[1], hosts[2])
        let id = try alice.start("Partition")
        try bob.log(id, "bob joined")
        try carol.log(id, "carol joined")

        try bob.network?.cut()
        var expected = ["bob joined": 1, "carol joined": 1]
        for n in 1...2 {
            for host in hosts {
                let text = "\(host.name) during the partition \(n)"
                // bob's command waits for the store at most $POSTMOTERM_TEAM_WAIT, then carries on locally.
                let result = try host.run(["log", "--incident", id, text], environment: ["POSTMOTERM_TEAM_WAIT": "1"])
                #expect(result.status == 0, "\(host.name): \(result.stderr)")
                #expect(result.seconds < 5, "\(host.name)'s log took \(result.seconds) s")
                expected[text] = 1
            }
        }
        let cutOff = try bob.run(["timeline", "--json", "--incident", id], environment: ["POSTMOTERM_TEAM_WAIT": "1"])
        let seen = TeamTimeline.noteCounts(try TeamTimeline.entries(cutOff.stdout))
        #expect(seen["alice during the partition 1"] == nil, "bob saw alice's note through a cut link")
        #expect(seen["bob during the partition 2"] == 1, "bob's own notes are in his log")

        try bob.network?.mend()
        let outputs = try lab.converge(hosts, id)
        #expect(Set(outputs).count == 1, "hosts differ after the link came back")
        #expect(TeamTimeline.noteCounts(try TeamTimeline.entries(outputs[0])) == expected)
    }

    @Test func pushKilledHalfwayThenReplayedLosesAndDuplicatesNothing() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        // A big local-only incident (written before team mode), then published by `team push`.
        let count = 20_000
        let store = try alice.store()
        let incident = try store.createIncident(IncidentDraft(title: "Big local incident", author: Author(name: "alice")))
        _ = try store.append(
            contentsOf: (1...count).map { EventDraft.note("note \($0)", author: Author(name: "alice")) }, to: incident.id)
        let id = incident.id.rawValue

        let (push, _, _) = try alice.launch(["team", "push", id])
        let changes = try DirectoryChanges(directory: alice.dataDirectory)
        var pendingWhenKilled = -1
        let midway = changes.wait(until: Deadline(seconds: 60)) {
            guard let pending = try? store.outboxCount(), pending > 0, pending <= count - 500 else { return false }
            pendingWhenKilled = pending
            kill(push.processIdentifier, SIGKILL)
            return true
        }
        push.waitUntilExit()
        #expect(midway, "the push ended before it could be killed halfway")
        #expect(push.terminationReason == .uncaughtSignal)

        // A copy of alice's log as the kill left it: replaying its outbox later pushes events the
        // store already has (as a host that died after the store accepted, before it noted so).
        let replay = try lab.host("alice-replay")
        try FileManager.default.removeItem(atPath: replay.dataDirectory)
        try FileManager.default.copyItem(atPath: alice.dataDirectory, toPath: replay.dataDirectory)

        let again = try alice.run(["team", "push", id], timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("published \(id)") && again.stdout.contains("none left to send"), "\(again.stdout) \(again.stderr)")
        let replayed = try replay.run(["team", "push", id], timeout: 120)
        #expect(replayed.status == 0, "\(replayed.stderr)")

        let outputs = try lab.converge([alice, bob, replay], id)
        #expect(Set(outputs).count == 1)
        let entries = try TeamTimeline.entries(outputs[0])
        let notes = TeamTimeline.noteCounts(entries)
        #expect(notes.count == count, "\(pendingWhenKilled) were pending at the kill; \(notes.count) distinct notes")
        #expect(notes.values.allSatisfy { $0 == 1 }, "duplicated")
        #expect(entries.count == count + 1)
        let stored = try lab.cluster.sql("SELECT count(*), count(DISTINCT origin_id) FROM events", database: lab.database)
        #expect(stored.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count + 1)|\(count + 1)")
    }

    @Test func threeWritersOfFiveHundredEventsConvergeExactly() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let hosts = try ["alice", "bob", "carol"].map { try lab.host($0) }
        let id = try hosts[0].start("Three writers")
        for host in hosts.dropFirst() { try host.log(id, "\(host.name) joined") }
        let incident = try #require(IncidentID(rawValue: id))

        // Each writer appends 500 notes to its host's log in bursts (as a console or scripts on
        // that host would), and after every burst a `postmoterm team status` on that host sends
        // and fetches: three hosts pushing to the store at once.
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: hosts.count) { index in
            let host = hosts[index]
            do {
                let store = try host.store()
                for burst in 0..<10 {
                    _ = try store.append(
                        contentsOf: (1...50).map { EventDraft.note("\(host.name) \(burst * 50 + $0)", author: Author(name: host.name)) },
                        to: incident)
                    let result = try host.run(["team", "status"])
                    if result.status != 0 { failures.append("\(host.name): \(result.stderr)") }
                }
            } catch {
                failures.append("\(host.name): \(error)")
            }
        }
        #expect(failures.items.isEmpty, "\(failures.items)")
        let outputs = try lab.converge(hosts, id)
        #expect(Set(outputs).count == 1, "hosts differ")
        let notes = TeamTimeline.noteCounts(try TeamTimeline.entries(outputs[0]))
        for host in hosts {
            let written = notes.filter { $0.key.hasPrefix(host.name + " ") && !$0.key.hasSuffix("joined") }
            #expect(written.count == 500, "\(host.name): \(written.count) distinct of 500")
            #expect(written.values.allSatisfy { $0 == 1 }, "\(host.name): duplicated")
        }
        let total: Int = notes.values.reduce(0, +)
        #expect(total == 1_502, "3 × 500 written, 2 joined")
    }

    @Test func aResponderWhoJoinsLateGetsTheWholeHistory() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        let id = try alice.start("Late joiner")
        for n in 1...5 {
            try alice.log(id, "alice \(n)")
            try bob.log(id, "bob \(n)")
        }
        #expect(try alice.run(["mitigate", "--incident", id]).status == 0)
        try bob.log(id, "bob after mitigation")
        let early = try lab.converge([alice, bob], id)

        let dave = try lab.host("dave")
        let listed = try dave.run(["list"])
        #expect(listed.stdout.contains("not fetched here yet") && listed.stdout.contains(id), "\(listed.stdout)")
        let joined = try dave.run(["timeline", "--json", "--incident", id])
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(joined.stdout == early[0], "the late joiner's timeline differs from the others'")
        let entries = try TeamTimeline.entries(joined.stdout)
        #expect(TeamTimeline.noteCounts(entries).count == 11)
        #expect(entries.contains { $0.kind == .statusChanged && $0.data["to"] == "mitigated" })
        #expect(try dave.store().incident(IncidentID(rawValue: id)!).status == .mitigated)
    }

    @Test func respondersActingAtOnceConvergeOnTheSameConflicts() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        let id = try alice.start("Conflicts")
        let incident = try #require(IncidentID(rawValue: id))
        try alice.log(id, "api-2 returns 502s")
        try bob.log(id, "bob joined")
        _ = try lab.converge([alice, bob], id)

        // Both act while the store is away, so neither sees the other's act first.
        try lab.cluster.stop()
        for host in [alice, bob] {
            let store = try host.store()
            let me = Author(name: host.name)
            let note = try #require(try store.events(of: incident).first { $0.text == "api-2 returns 502s" })
            _ = try store.append(
                contentsOf: [
                    EventDraft(kind: .stepDone, text: "Drain api-2", author: me, data: ["step": "drain-api-2"]),
                    EventDraft(kind: .roleAssigned, text: "\(host.name) took ic", author: me, data: ["role": "ic", "holder": host.name]),
                    .amendment(of: note.sequence, .editText("api-2 returns 502s (\(host.name)'s wording)"), author: me),
                ], to: incident)
            #expect(try host.run(["mitigate", "--incident", id]).status == 0)
        }
        try lab.cluster.start()
        // alice's round runs first: her acts come first in the store's order.
        let outputs = try lab.converge([alice, bob, try lab.host("carol")], id)
        #expect(Set(outputs).count == 1, "hosts differ:\n\(outputs.joined(separator: "\n----\n"))")
        let entries = try TeamTimeline.entries(outputs[0])
        func conflict(_ kind: EventKind) -> [(String, String?)] {
            entries.filter { $0.kind == kind }.map { ($0.author.name, $0.data[TeamConflict.dataKey]) }
        }
        #expect(conflict(.stepDone).map(\.0) == ["alice", "bob"])
        #expect(conflict(.stepDone).map(\.1) == [nil, TeamConflict.alsoConfirmed.rawValue])
        #expect(entries.last { $0.kind == .stepDone }?.data[TeamConflict.noteKey]?.contains("also confirmed by bob") == true)
        #expect(conflict(.roleAssigned).map(\.1) == [nil, TeamConflict.roleHeld.rawValue])
        #expect(entries.last { $0.kind == .roleAssigned }?.data[TeamConflict.noteKey]?.contains("held by alice") == true)
        #expect(conflict(.statusChanged).map(\.1) == [nil, TeamConflict.statusAlreadySet.rawValue])
        // Amendments apply in the store's order: bob's, the later, is the text.
        #expect(entries.first { $0.event.text == "api-2 returns 502s" }?.text == "api-2 returns 502s (bob's wording)")
        for host in [alice, bob] { #expect(try host.store().incident(incident).status == .mitigated) }
    }
}

/// Strings appended from several threads.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func append(_ item: String) { lock.withLock { list.append(item) } }
    var items: [String] { lock.withLock { list } }
}
