import Testing

@testable import PostmotermCore

/// The playbook chosen with `o` on an alert is the incident's playbook from then on: kept in its
/// log (`playbookChosen`), read back by every later `open` and a restarted console.
@Suite struct IncidentPlaybookTests {
    let clock = ManualClock(UTCDateTime(year: 2026, month: 12, day: 7, hour: 23, minute: 0).timestamp)
    let alice = Author(name: "alice", role: "ic")

    @Test func theLatestChoiceIsTheIncidentsPlaybook() throws {
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(
            title: "API outage", playbookPath: "/p/api-outage.md", playbookDigest: "sha256:aa", author: alice))
        #expect(IncidentPlaybook.current(of: incident, events: try store.events(of: incident.id))
            == IncidentPlaybook(path: "/p/api-outage.md", digest: "sha256:aa"))

        let choice = EventDraft(kind: .playbookChosen, text: "alice switched to the playbook /p/disk-full.md for the alert DiskFull",
                                author: alice, data: ["playbookPath": "/p/disk-full.md", "playbookDigest": "sha256:bb", "alertname": "DiskFull"])
        _ = try store.append(choice, to: incident.id)
        _ = try store.append(.note("looking", author: alice), to: incident.id)
        let events = try store.events(of: incident.id)
        #expect(IncidentPlaybook.current(of: incident, events: events) == IncidentPlaybook(path: "/p/disk-full.md", digest: "sha256:bb"))
        // The timeline says who chose it.
        let line = PostmortemTimeline.describe(try #require(TimelineView(events: events).entries.first { $0.kind == .playbookChosen }))
        #expect(line.hasPrefix("Playbook: alice switched to the playbook /p/disk-full.md for the alert DiskFull — alice"))
    }

    @Test func aChoiceWithoutAPathIsRefused() throws {
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        #expect(throws: IncidentStoreError.self) {
            try store.append(EventDraft(kind: .playbookChosen, text: "switched", author: alice), to: incident.id)
        }
        #expect(IncidentPlaybook.current(of: incident, events: try store.events(of: incident.id)) == nil)
    }
}
