import Testing

@testable import PostmotermCore

/// One rule for what people read as the story (balancer counter samples are bookkeeping) and
/// one rule for a new incident's severity.
@Suite struct NarrativeRuleTests {
    let id = IncidentID(rawValue: "2026-12-07-api-errors")!
    let base = UTCDateTime(year: 2026, month: 12, day: 7, hour: 18, minute: 0).timestamp

    @Test func onlyCounterSamplesAreNotNarrative() {
        #expect(EventKind.allCases.filter { !$0.isNarrative } == [.balancerCounters])
    }

    @Test func narrativeEntriesLeaveCounterSamplesOutButTheViewKeepsThem() {
        let sample = CounterSample(
            source: "haproxy+unix:///tmp/admin.sock", at: base.adding(milliseconds: 60_000), reason: .minute,
            pools: ["api": InstanceCounters(requests: 100, responses5xx: 3)], instances: [:])
        let draft = sample.eventDraft
        let events = [
            Event(incidentID: id, sequence: 1, recordedAt: base, author: Author(name: "alice"), kind: .incidentStarted, text: "API errors"),
            Event(incidentID: id, sequence: 2, recordedAt: base.adding(milliseconds: 60_000), author: draft.author,
                  kind: draft.kind, text: draft.text, data: draft.data),
            Event(incidentID: id, sequence: 3, recordedAt: base.adding(milliseconds: 90_000), author: Author(name: "alice"), kind: .note, text: "api-2 502s"),
        ]
        let view = TimelineView(events: events)
        #expect(view.entries.count == 3)
        #expect(view.narrativeEntries().map(\.sequence) == [1, 3])
        #expect(view.narrativeEntries(includingHidden: true).map(\.sequence) == [1, 3])
    }

    @Test func severityComesFromTheCommandLineElseThePlaybook() {
        let playbook = Playbook(path: "/p.md", title: "API errors", metadata: PlaybookMetadata(severity: "SEV-1"), digest: "ab")
        #expect(IncidentDraft.severity(given: nil, playbook: playbook) == "SEV-1")
        #expect(IncidentDraft.severity(given: "SEV3", playbook: playbook) == "SEV3")
        #expect(IncidentDraft.severity(given: " ", playbook: playbook) == "SEV-1")
        #expect(IncidentDraft.severity(given: nil, playbook: nil) == nil)
        #expect(IncidentDraft.severity(given: nil, playbook: Playbook(path: "/p.md", title: "x", digest: "ab")) == nil)
    }
}
