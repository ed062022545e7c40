import Testing

@testable import PostmotermCore

/// The recording gate (issue 13.3): two consoles on one balancer, one records; the other takes
/// over when the first stops renewing, without losing what changed in between.
@Suite struct BalancerRecordingTests {
    static let source = "haproxy+unix:///run/haproxy/admin.sock"

    static func finding(_ from: Int, _ to: Int, at time: Timestamp) -> Finding {
        Finding(kind: .weightChange, severity: .warning, source: source, pool: "api", instance: "api-2", from: "\(from)", to: "\(to)",
                message: "api/api-2 weight changed \(from) → \(to)", at: time)
    }

    @Test func oneOfTwoConsolesRecordsAndTheOtherTakesOverWhenItDies() throws {
        let clock = ManualClock(CraftedIncident.at(16, 0, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let id = try store.createIncident(IncidentDraft(title: "Practice", author: CraftedIncident.alice)).id
        var a = BalancerRecording(incident: id, holder: "a")
        var b = BalancerRecording(incident: id, holder: "b")
        let snapshot = try BalancerFixtures.parse(BalancerFixtures.seed(b: 10, reqA: 5, reqB: 5, reqC: 5))

        // Both see the same change: exactly one records it.
        let change = Self.finding(1, 10, at: clock.now())
        let first = a.poll(source: Self.source, snapshot: snapshot, findings: [change], at: clock.now(), sampleTime: clock.now(), leases: store)
        let second = b.poll(source: Self.source, snapshot: snapshot, findings: [change], at: clock.now(), sampleTime: clock.now(), leases: store)
        #expect(first.isRecording && first.findings == [change] && first.samples.map(\.reason) == [.first])
        _ = try store.append(contentsOf: first.findings.map(\.eventDraft), to: id)
        #expect(!second.isRecording && second.findings.isEmpty && second.samples.isEmpty && second.holder == "a")

        // a renews at every poll and records what it sees (b sees it too); then a dies (no more
        // polls), and b sees a change in the gap.
        clock.advance(milliseconds: 500)
        let seenByBoth = Finding(kind: .weightChange, severity: .warning, source: Self.source, pool: "api", instance: "api-2",
                                 from: "10", to: "5", message: "api/api-2 weight changed 10 → 5", at: clock.now())
        let recordedByA = a.poll(source: Self.source, snapshot: snapshot, findings: [seenByBoth], at: clock.now(), sampleTime: clock.now(), leases: store)
        #expect(recordedByA.findings == [seenByBoth])
        _ = try store.append(contentsOf: recordedByA.findings.map(\.eventDraft), to: id)
        var seenByB = seenByBoth
        seenByB.at = clock.now().adding(milliseconds: 150)  // b's own poll of the same change
        #expect(!b.poll(source: Self.source, snapshot: snapshot, findings: [seenByB], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
        clock.advance(milliseconds: 500)
        #expect(a.poll(source: Self.source, snapshot: snapshot, findings: [], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
        #expect(!b.poll(source: Self.source, snapshot: snapshot, findings: [], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
        clock.advance(milliseconds: 2_000)
        let inTheGap = Self.finding(5, 1, at: clock.now())
        #expect(!b.poll(source: Self.source, snapshot: snapshot, findings: [inTheGap], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
        clock.advance(milliseconds: 3_000)  // 5 s after a's last renewal
        let takeover = b.poll(source: Self.source, snapshot: snapshot, findings: [], at: clock.now(), sampleTime: clock.now(), leases: store)
        #expect(takeover.isRecording)
        // Only what a did not record (the change it saw too is in the log once).
        #expect(takeover.findings == [inTheGap])
        #expect(takeover.samples.map(\.reason) == [.first])
        // a comes back: b records now, a only shows.
        clock.advance(milliseconds: 1_000)
        #expect(!a.poll(source: Self.source, snapshot: snapshot, findings: [], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
        // b quits in order: its lease is free at once.
        #expect(b.finish(leases: store).map(\.reason) == [])
        #expect(a.poll(source: Self.source, snapshot: snapshot, findings: [], at: clock.now(), sampleTime: clock.now(), leases: store).isRecording)
    }
}
