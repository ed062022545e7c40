import Testing

@testable import PostmotermCore

/// What the draft's timeline may fold and what it must keep (issue 13.4): the practice incident's
/// root cause, `api/api-2 weight changed 1 → 10`, and the first skew finding were swallowed into
/// "5 balancer observations …; last: weight changed 10 → 1".
@Suite struct PostmortemTimelineRulesTests {
    static func entry(_ sequence: Int64, _ minute: Int, _ second: Int, _ text: String, _ data: [String: String],
                      kind: EventKind = .balancerObservation) -> TimelineEntry {
        var all = ["source": "haproxy@lb", "pool": "api"]
        all.merge(data) { $1 }
        return TimelineEntry(event: Event(
            incidentID: IncidentID(rawValue: "x")!, sequence: sequence, recordedAt: CraftedIncident.at(16, minute, second),
            author: kind == .balancerAction ? CraftedIncident.alice : .postmoterm, kind: kind, text: text, data: all))
    }

    /// Weight changes, the first skew, an action and status flaps of the same instance, all within
    /// the fold window.
    static let practice: [TimelineEntry] = [
        entry(1, 0, 5, "api/api-2 weight changed 1 → 10", ["finding": "weightChange", "instance": "api-2", "from": "1", "to": "10"]),
        entry(2, 0, 6, "weight skew in api: api-2 takes 83.3%", ["finding": "weightSkew", "instance": "api-2"]),
        entry(3, 0, 30, "api/api-2 went UP → DOWN", ["finding": "statusChange", "instance": "api-2", "from": "UP", "to": "DOWN"]),
        entry(4, 0, 40, "api/api-2 went DOWN → UP", ["finding": "statusChange", "instance": "api-2", "from": "DOWN", "to": "UP"]),
        entry(5, 0, 50, "api/api-2 went UP → DOWN", ["finding": "statusChange", "instance": "api-2", "from": "UP", "to": "DOWN"]),
        entry(6, 1, 0, "drain api-2", ["instance": "api-2", "command": "set server api/api-2 state drain", "result": "ok"], kind: .balancerAction),
        entry(7, 1, 10, "api/api-2 went DOWN → UP", ["finding": "statusChange", "instance": "api-2", "from": "DOWN", "to": "UP"]),
        entry(8, 1, 20, "weight skew in api: api-2 takes 83.3%", ["finding": "weightSkew", "instance": "api-2"]),
        entry(9, 1, 43, "api/api-2 weight changed 10 → 1", ["finding": "weightChange", "instance": "api-2", "from": "10", "to": "1"]),
    ]

    @Test func weightChangesFirstFindingsAndActionsKeepTheirLines() {
        let lines = PostmortemTimeline(entries: Self.practice).lines.map(\.text)
        #expect(lines == [
            "api/api-2 weight changed 1 → 10",
            "weight skew in api: api-2 takes 83.3%",
            "api/api-2 went UP → DOWN",
            "api/api-2 flapped: 3 status changes, first DOWN → UP at 16:00:40, last DOWN → UP at 16:01:10 UTC (DOWN → UP ×2, UP → DOWN ×1)",
            "Balancer action on api/api-2: `set server api/api-2 state drain` → ok",
            // A second skew finding is not folded either: only status changes are.
            "weight skew in api: api-2 takes 83.3%",
            "api/api-2 weight changed 10 → 1",
        ])
    }

    @Test func twoFlapsAreNotAFoldAndAStarredFlapStandsAlone() {
        var entries = Array(Self.practice.prefix(5))
        var lines = PostmortemTimeline(entries: entries).lines
        #expect(lines.count == 5 && lines.allSatisfy { $0.eventCount == 1 })
        entries = Array(Self.practice.prefix(7))
        entries[3].apply(.star, sequence: 99)
        lines = PostmortemTimeline(entries: entries).lines
        #expect(!lines.contains { $0.eventCount > 1 }, "\(lines.map(\.text))")
        #expect(lines.first { $0.isStarred }?.text == "api/api-2 went DOWN → UP")
    }

    /// The change that explains the outage stands where the trigger is asked for: what changed on
    /// the balancer up to its first anomaly, not what came after it.
    @Test func theTriggerListsTheBalancerChangesUpToTheFirstAnomaly() throws {
        let clock = ManualClock(CraftedIncident.at(16, 0, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "Practice", author: CraftedIncident.alice))
        var events = try store.events(of: incident.id)
        for (offset, entry) in Self.practice.enumerated() {
            var event = entry.event
            event.incidentID = incident.id
            event.sequence = Int64(events.count + offset + 1)
            events.append(event)
        }
        let markdown = PostmortemExporter.markdown(PostmortemInput(
            incident: try store.incident(incident.id), events: events, generatedAt: CraftedIncident.at(16, 5, 0)))
        let trigger = try #require(markdown.components(separatedBy: "**Trigger:**").last?.components(separatedBy: "**Detection:**").first)
        #expect(trigger.contains("What the log records changing on the balancer up to its first anomaly (16:00:06 UTC):"))
        #expect(trigger.contains("- 16:00:05 UTC: api/api-2 weight changed 1 → 10"))
        #expect(!trigger.contains("10 → 1") && !trigger.contains("drain"))
    }

    @Test func theDraftWritesSecondsAndExactDurations() throws {
        let clock = ManualClock(CraftedIncident.at(16, 0, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "Practice", author: CraftedIncident.alice))
        clock.set(CraftedIncident.at(16, 0, 15))
        _ = try store.append(.note("Looking at api-2", author: CraftedIncident.alice), to: incident.id)
        clock.set(CraftedIncident.at(16, 1, 43))
        _ = try store.append(.statusChange(to: .mitigated, author: CraftedIncident.alice), to: incident.id)
        let markdown = PostmortemExporter.markdown(PostmortemInput(
            incident: try store.incident(incident.id), events: try store.events(of: incident.id), generatedAt: clock.now()))
        #expect(markdown.contains("- 16:00:15 UTC: Looking at api-2 — alice (IC)"))
        #expect(markdown.contains("| Time to mitigate | 1 m 43 s | incident start 16:00:00 → mitigated 16:01:43 |"))
    }
}
