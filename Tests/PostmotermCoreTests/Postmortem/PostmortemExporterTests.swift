import Foundation
import Testing

@testable import PostmotermCore

@Suite struct PostmortemExporterTests {
    let alice = Author(name: "alice")

    private func minimal(start: Timestamp, _ body: (InMemoryIncidentStore, IncidentID, ManualClock) throws -> Void) throws -> PostmortemInput {
        let clock = ManualClock(start)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "Night\nshift", author: alice))
        try body(store, incident.id, clock)
        return PostmortemInput(
            incident: try store.incident(incident.id), events: try store.events(of: incident.id), generatedAt: clock.now())
    }

    @Test func crossingMidnightAddsTheDateWhereTheDayChanges() throws {
        let input = try minimal(start: CraftedIncident.at(23, 40, day: 24)) { store, id, clock in
            clock.set(CraftedIncident.at(23, 50, day: 24))
            _ = try store.append(.note("still 24th", author: alice), to: id)
            clock.set(CraftedIncident.at(0, 10))
            _ = try store.append(.note("now 25th", author: alice), to: id)
            _ = try store.append(.statusChange(to: .resolved, author: alice), to: id)
        }
        let markdown = PostmortemExporter.markdown(input)
        #expect(markdown.contains("# Postmortem: Night shift\n"))
        #expect(markdown.contains("**Duration:** 30 m, from 23:40:00 UTC on 24 November 2026 to 00:10:00 UTC on 25 November 2026."))
        #expect(markdown.contains("- 2026-11-24 23:40:00 UTC: Incident started: Night shift — alice\n- 23:50:00 UTC: still 24th — alice\n- 2026-11-25 00:10:00 UTC: now 25th — alice\n- 00:10:00 UTC: Status changed"))
    }

    /// Issue 18.18: an event at the epoch is stamped with its own time (a minute counted towards
    /// zero once put 1969-12-31 23:59:30 and 1970-01-01 00:00:00 in one minute, "23:59").
    @Test func anEventAtTheEpochIsStampedWithItsOwnMinute() throws {
        let input = try minimal(start: Timestamp(millisecondsSinceEpoch: -30_000)) { store, id, clock in
            clock.set(Timestamp(millisecondsSinceEpoch: 0))
            _ = try store.append(.note("at the epoch", author: alice), to: id)
        }
        let markdown = PostmortemExporter.markdown(input)
        #expect(markdown.contains("- 1969-12-31 23:59:30 UTC: Incident started: Night shift — alice\n- 1970-01-01 00:00:00 UTC: at the epoch — alice\n"))
    }

    @Test func unknownsArePromptsNotInventions() throws {
        let input = try minimal(start: CraftedIncident.at(9, 0)) { _, _, clock in clock.advance(milliseconds: 25 * 60_000) }
        let markdown = PostmortemExporter.markdown(input)
        #expect(markdown.contains("**Duration:** ongoing — started 09:00:00 UTC on 25 November 2026, not resolved when this draft was generated (09:25:00 UTC on 25 November 2026, 25 m in)."))
        #expect(markdown.contains("- **Severity:** _TODO(human): not recorded; how severe was it?_"))
        #expect(markdown.contains("> _TODO(human): no playbook follow-ups or action items were recorded; list the tasks._"))
        #expect(markdown.contains("| First anomaly → start | — | no balancer anomaly recorded |"))
        #expect(markdown.contains("| Impact began | — | not known: no alert and no balancer anomaly was recorded |"))
        #expect(markdown.contains("| Time to resolve | — | not resolved yet |"))
        #expect(!markdown.contains("What the balancer recorded"))
        // Every section of the draft is there.
        for heading in ["## Issue Summary", "## Timeline", "## Root Cause and Resolution", "## Corrective and Preventative Measures", "**Specific tasks:**", "## Measured Figures", "## Responders", "## Lessons Learned"] {
            #expect(markdown.contains(heading))
        }
    }

    @Test func anomalyAfterTheStartIsNotATimeToDetect() throws {
        let input = try minimal(start: CraftedIncident.at(10, 0)) { store, id, clock in
            clock.set(CraftedIncident.at(10, 5))
            _ = try store.append(CraftedIncident.observation("pool api down", finding: "poolDown"), to: id)
            clock.set(CraftedIncident.at(10, 9))
            _ = try store.append(CraftedIncident.observation("pool api back", finding: "poolRecovered"), to: id)
        }
        let figures = IncidentFigures(incident: input.incident, timeline: TimelineView(events: input.events))
        #expect(figures.firstAnomalyAt == CraftedIncident.at(10, 5))
        #expect(figures.anomalyBeforeStart == nil)
        #expect(figures.impact.poolOutages == [Outage(pool: "api", instance: nil, from: CraftedIncident.at(10, 5), until: CraftedIncident.at(10, 9))])
        let markdown = PostmortemExporter.markdown(input)
        #expect(markdown.contains("| First anomaly → start | — | nothing watched the balancer before 10:05:00; first anomaly 10:05:00; incident start 10:00:00 |"))
        #expect(markdown.contains("- Pool api down: 10:05:00–10:09:00 UTC (4 m)."))
    }

    @Test func amendedStatusTimesMoveTheFigures() throws {
        let input = try minimal(start: CraftedIncident.at(10, 0)) { store, id, clock in
            clock.set(CraftedIncident.at(11, 0))
            let resolved = try store.append(.statusChange(to: .resolved, author: alice), to: id)
            _ = try store.append(.amendment(of: resolved.sequence, .editTime(CraftedIncident.at(10, 45)), author: alice), to: id)
        }
        let figures = IncidentFigures(incident: input.incident, timeline: TimelineView(events: input.events))
        #expect(figures.resolvedAt == CraftedIncident.at(10, 45))
        let milestones = IncidentMilestones(incident: input.incident, timeline: TimelineView(events: input.events))
        #expect(milestones.timeToResolve?.seconds == 45 * 60)
        // The incident's times follow amendments too (issue 18.5); the raw event keeps its stamp.
        #expect(input.incident.resolvedAt == CraftedIncident.at(10, 45))
        #expect(input.events.first { $0.kind == .statusChanged }?.recordedAt == CraftedIncident.at(11, 0))
    }

    @Test func flappingFoldsLaterStatusChangesButStarredOnesStandAlone() throws {
        var entries: [TimelineEntry] = []
        var sequence: Int64 = 1
        for minute in [0, 1, 2, 3, 4, 20] {
            let draft = CraftedIncident.observation("api-1 flip \(minute)", finding: "statusChange", instance: "api-1", ["from": minute % 2 == 0 ? "UP" : "DOWN", "to": minute % 2 == 0 ? "DOWN" : "UP"])
            var entry = TimelineEntry(event: Event(incidentID: IncidentID(rawValue: "x")!, sequence: sequence, recordedAt: CraftedIncident.at(12, minute), author: .postmoterm, kind: .balancerObservation, text: draft.text, data: draft.data))
            if minute == 2 { entry.apply(.star, sequence: 99) }
            entries.append(entry)
            sequence += 1
        }
        let lines = PostmortemTimeline(entries: entries).lines
        // 0 is api-1's first status change and stands alone; 1, 3, 4 fold (2 is starred and
        // stays, 20 is too far away).
        #expect(lines.map(\.text) == [
            "api-1 flip 0",
            "api/api-1 flapped: 3 status changes, first DOWN → UP at 12:01:00, last UP → DOWN at 12:04:00 UTC (DOWN → UP ×2, UP → DOWN ×1)",
            "api-1 flip 2", "api-1 flip 20",
        ])
        #expect(lines[1].eventCount == 3)
        #expect(lines[2].isStarred)
    }

    @Test func jsonHasTheRawLogAndTheAmendedTimeline() throws {
        let input = try CraftedIncident.input()
        let data = try PostmortemExporter.json(input)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "postmoterm.incident.v1")
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.count == input.events.count)
        #expect(events.contains { $0["text"] as? String == "Drained api-2, erors falling" })
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        let drained = try #require(timeline.first { ($0["text"] as? String)?.hasPrefix("Drained") == true })
        #expect(drained["text"] as? String == "Drained api-2, errors falling")
        #expect(drained["starred"] as? Bool == true)
        #expect(timeline.contains { $0["hidden"] as? Bool == true })
        let incident = try #require(object["incident"] as? [String: Any])
        #expect(incident["startedAt"] as? String == "2026-11-25T14:30:00.000Z")
        let figures = try #require(object["figures"] as? [String: Any])
        #expect(figures["firstAnomalyAt"] as? String == "2026-11-25T14:28:00.000Z")
    }

    @Test func responderRolesFromEventsAndAuthors() throws {
        let input = try CraftedIncident.input()
        let responders = Responder.from(entries: TimelineView(events: input.events).visibleEntries)
        #expect(responders.map(\.name) == ["alice", "bob", "carol"])
        #expect(responders[0].roles.map(\.role) == ["IC"])
        #expect(responders[0].roles[0].from == CraftedIncident.at(14, 31))
        #expect(responders[1].roles == [Responder.RoleSpan(role: "comms", from: CraftedIncident.at(14, 31, 30), until: CraftedIncident.at(15, 55))])
    }
}
