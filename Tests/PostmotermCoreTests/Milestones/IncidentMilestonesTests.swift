import Foundation
import Testing

@testable import PostmotermCore

/// Issue 16's milestones: impact began (the earlier of the first alert and the first balancer
/// anomaly, and which), detected (first alert), acknowledged (incident start), mitigated,
/// resolved; the times between them to the second; a missing one said, never invented.
@Suite struct IncidentMilestonesTests {
    static let alice = Author(name: "alice", role: "IC")

    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0, ms: Int64 = 0) -> Timestamp {
        CraftedIncident.at(hour, minute, second).adding(milliseconds: ms)
    }

    static func alert(_ name: String, startsAt: Timestamp, summary: String = "api-2 has 83.33% of pool api's traffic weight") -> EventDraft {
        EventDraft(
            kind: .alertFiring, text: "\(name) firing: \(summary)", author: .postmoterm, happenedAt: startsAt,
            data: ["alertname": name, "summary": summary, "fingerprint": "f00d\(name.count)", "severity": "critical",
                   "startsAt": startsAt.iso8601])
    }

    /// An incident started at `start`, then `body` appends what it wants.
    static func incident(
        start: Timestamp, _ body: (InMemoryIncidentStore, IncidentID, ManualClock) throws -> Void = { _, _, _ in }
    ) throws -> (Incident, [Event]) {
        let clock = ManualClock(start)
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(IncidentDraft(title: "API outage", author: alice))
        try body(store, incident.id, clock)
        return (try store.incident(incident.id), try store.events(of: incident.id))
    }

    static func milestones(_ made: (Incident, [Event])) -> IncidentMilestones {
        IncidentMilestones(incident: made.0, timeline: TimelineView(events: made.1))
    }

    static func draft(_ made: (Incident, [Event])) -> String {
        PostmortemExporter.markdown(PostmortemInput(incident: made.0, events: made.1, generatedAt: at(17, 0)))
    }

    /// The demo's chain: the alert fires before anything else shows, the team starts the
    /// incident from it; every time counts from the alert.
    @Test func anAlertBeforeAnyAnomalyIsWhenTheImpactBeganAndWhenItWasDetected() throws {
        let made = try Self.incident(start: Self.at(14, 30)) { store, id, clock in
            _ = try store.append(Self.alert("HAProxyServerWeightSkew", startsAt: Self.at(14, 29, 40)), to: id)
            _ = try store.append(CraftedIncident.observation("weight skew in api", finding: "weightSkew", instance: "api-2", happenedAt: Self.at(14, 29, 50)), to: id)
            clock.set(Self.at(14, 52))
            _ = try store.append(.statusChange(to: .mitigated, author: Self.alice), to: id)
            clock.set(Self.at(15, 10))
            _ = try store.append(.statusChange(to: .resolved, author: Self.alice), to: id)
        }
        let m = Self.milestones(made)
        #expect(m.impactBegan?.source == .alert)
        #expect(m.impactBegan?.at == Self.at(14, 29, 40))
        #expect(m.impactBegan?.text == "HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight")
        #expect(m.detected?.at == Self.at(14, 29, 40))
        #expect(m.acknowledged.at == Self.at(14, 30))
        #expect(m.timeToDetect?.seconds == 0)
        #expect(m.timeToAcknowledge?.seconds == 20)
        #expect(m.timeToMitigate?.seconds == 22 * 60 + 20)
        #expect(m.timeToMitigate?.from == .impactBegan)
        #expect(m.timeToResolve?.seconds == 40 * 60 + 20)

        let markdown = Self.draft(made)
        #expect(markdown.contains("| Impact began | 14:29:40 | alert HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight |"))
        #expect(markdown.contains("| Detected | 14:29:40 | alert HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight |"))
        #expect(markdown.contains("| Time to detect | 0 s | impact began 14:29:40 → first alert 14:29:40 |"))
        #expect(markdown.contains("| Time to acknowledge | 20 s | first alert 14:29:40 → incident start 14:30:00 |"))
        #expect(markdown.contains("| Time to mitigate | 22 m 20 s | impact began 14:29:40 → mitigated 14:52:00 |"))
        #expect(markdown.contains("| Time to resolve | 40 m 20 s | impact began 14:29:40 → resolved 15:10:00 |"))
        #expect(markdown.contains("The first alert fired at 14:29:40 UTC (“HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight”); the incident was started at 14:30:00 UTC, 20 s later."))
        // The alert is on record: the draft does not ask how the outage was noticed.
        #expect(!markdown.contains("how was it noticed"))
        #expect(markdown.contains("could it have been noticed sooner, or by a better alert?"))
    }

    @Test func anAnomalyBeforeTheFirstAlertIsWhenTheImpactBegan() throws {
        let made = try Self.incident(start: Self.at(14, 30)) { store, id, _ in
            _ = try store.append(CraftedIncident.observation("api-2 went DOWN", finding: "statusChange", instance: "api-2", happenedAt: Self.at(14, 27), ["from": "UP", "to": "DOWN"]), to: id)
            _ = try store.append(Self.alert("HAProxyServerDown", startsAt: Self.at(14, 28, 15)), to: id)
        }
        let m = Self.milestones(made)
        #expect(m.impactBegan == Milestone(kind: .impactBegan, at: Self.at(14, 27), source: .balancer, text: "api-2 went DOWN"))
        #expect(m.detected?.source == .alert)
        #expect(m.timeToDetect?.seconds == 75)
        #expect(m.timeToAcknowledge?.seconds == 105)
        #expect(m.mitigated == nil && m.timeToMitigate == nil && m.resolved == nil && m.timeToResolve == nil)
        let markdown = Self.draft(made)
        #expect(markdown.contains("| Impact began | 14:27:00 | first balancer anomaly: “api-2 went DOWN” |"))
        #expect(markdown.contains("| Time to detect | 1 m 15 s | impact began 14:27:00 → first alert 14:28:15 |"))
        #expect(markdown.contains("| Mitigated | — | not marked mitigated |"))
        #expect(markdown.contains("| Time to resolve | — | not resolved yet |"))
    }

    /// A recovery or a weight change is no anomaly; without alerts nothing was detected, and the
    /// draft says so instead of inventing a time.
    @Test func withoutAlertOrAnomalyTheMissingMilestonesAreSaidNotInvented() throws {
        let made = try Self.incident(start: Self.at(9, 0)) { store, id, clock in
            _ = try store.append(CraftedIncident.observation("api-2 went UP", finding: "statusChange", instance: "api-2", ["from": "DOWN", "to": "UP"]), to: id)
            clock.set(Self.at(9, 45, 30))
            _ = try store.append(.statusChange(to: .resolved, author: Self.alice), to: id)
        }
        let m = Self.milestones(made)
        #expect(m.impactBegan == nil && m.impactStandingAtFirstLook == nil && m.detected == nil)
        #expect(m.timeToDetect == nil && m.timeToAcknowledge == nil && m.mitigated == nil)
        // Without a known beginning, the resolution counts from the acknowledgement, and says so.
        #expect(m.timeToResolve == MilestoneInterval(from: m.acknowledged, to: try #require(m.resolved)))
        #expect(m.timeToResolve?.from == .acknowledged)
        #expect(m.timeToResolve?.seconds == 45 * 60 + 30)
        let markdown = Self.draft(made)
        #expect(markdown.contains("| Impact began | — | not known: no alert and no balancer anomaly was recorded |"))
        #expect(markdown.contains("| Detected | — | not known: no alert was recorded |"))
        #expect(markdown.contains("| Acknowledged | 09:00:00 | the incident was started |"))
        #expect(markdown.contains("| Resolved | 09:45:30 | marked resolved by alice |"))
        #expect(markdown.contains("| Time to detect | — | no alert was recorded |"))
        #expect(markdown.contains("| Time to acknowledge | — | no alert was recorded |"))
        #expect(markdown.contains("| Time to resolve | 45 m 30 s | incident start 09:00:00 → resolved 09:45:30 |"))
        #expect(!markdown.contains("The first alert fired"))
        #expect(markdown.contains("how was it noticed (alert, customer report, a person)?"))
    }

    /// A weight standing at the balancer's first look began before anyone saw it: the impact's
    /// beginning is not known (at or before that look), and nothing is measured from it.
    @Test func anAnomalyStandingAtTheFirstLookLeavesTheBeginningUnknown() throws {
        let made = try Self.incident(start: Self.at(16, 0)) { store, id, clock in
            clock.set(Self.at(16, 0, 31))
            _ = try store.append(CraftedIncident.observation("api/api-2 weight is 10, configured 1, at first look", finding: "weightAtFirstLook", instance: "api-2"), to: id)
            _ = try store.append(Self.alert("HAProxyServerWeightSkew", startsAt: Self.at(16, 0, 40)), to: id)
            clock.set(Self.at(16, 1, 43))
            _ = try store.append(.statusChange(to: .mitigated, author: Self.alice), to: id)
        }
        let m = Self.milestones(made)
        #expect(m.impactBegan == nil)
        #expect(m.impactStandingAtFirstLook?.at == Self.at(16, 0, 31))
        #expect(m.detected?.at == Self.at(16, 0, 40))
        #expect(m.timeToDetect == nil)
        // Started before the first alert: no time to acknowledge.
        #expect(m.timeToAcknowledge == nil)
        #expect(m.timeToMitigate?.from == .acknowledged)
        #expect(m.timeToMitigate?.seconds == 103)
        let markdown = Self.draft(made)
        #expect(markdown.contains("| Impact began | — | not known: at or before 16:00:31, when the balancer's first look already showed “api/api-2 weight is 10, configured 1, at first look” |"))
        #expect(markdown.contains("| Time to detect | — | first alert 16:00:40; when the impact began is not known |"))
        #expect(markdown.contains("| Time to acknowledge | — | the incident was started 16:00:00, before the first alert 16:00:40 |"))
        #expect(markdown.contains("The incident was started at 16:00:00 UTC, 40 s before the first alert fired at 16:00:40 UTC"))
    }

    /// Amended times count; hidden events do not.
    @Test func amendedTimesMoveTheMilestonesAndHiddenAlertsDoNotCount() throws {
        let made = try Self.incident(start: Self.at(14, 30)) { store, id, clock in
            let noise = try store.append(Self.alert("Watchdog", startsAt: Self.at(14, 0)), to: id)
            _ = try store.append(.amendment(of: noise.sequence, .hide, author: Self.alice), to: id)
            let real = try store.append(Self.alert("HAProxyServerDown", startsAt: Self.at(14, 25)), to: id)
            _ = try store.append(.amendment(of: real.sequence, .editTime(Self.at(14, 20)), author: Self.alice), to: id)
            clock.set(Self.at(15, 0))
            let mitigated = try store.append(.statusChange(to: .mitigated, author: Self.alice), to: id)
            _ = try store.append(.amendment(of: mitigated.sequence, .editTime(Self.at(14, 50)), author: Self.alice), to: id)
        }
        let m = Self.milestones(made)
        #expect(m.detected?.at == Self.at(14, 20))
        #expect(m.detected?.text.hasPrefix("HAProxyServerDown") == true)
        #expect(m.mitigated?.at == Self.at(14, 50))
        #expect(m.timeToAcknowledge?.seconds == 600)
        #expect(m.timeToMitigate?.seconds == 1800)
    }

    /// To the second, as the draft prints the two times: 14:30:00.900 → 14:30:01.100 is 1 s.
    @Test func intervalsCountWholeSecondsAsPrinted() {
        let from = Milestone(kind: .detected, at: Self.at(14, 30, 0, ms: 900), source: .alert, text: "")
        let to = Milestone(kind: .acknowledged, at: Self.at(14, 30, 1, ms: 100), source: .incident, text: "")
        #expect(MilestoneInterval(from: from, to: to)?.seconds == 1)
        #expect(MilestoneInterval(from: to, to: from) == nil)
        let same = Milestone(kind: .acknowledged, at: Self.at(14, 30, 0, ms: 999), source: .incident, text: "")
        #expect(MilestoneInterval(from: from, to: same)?.seconds == 0)
    }

    @Test func jsonCarriesEveryMilestoneAndNullForTheMissing() throws {
        let made = try Self.incident(start: Self.at(14, 30)) { store, id, _ in
            _ = try store.append(Self.alert("HAProxyServerWeightSkew", startsAt: Self.at(14, 29, 40)), to: id)
        }
        let data = try PostmortemExporter.json(PostmortemInput(incident: made.0, events: made.1, generatedAt: Self.at(15, 0)))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let milestones = try #require(object["milestones"] as? [String: Any])
        let began = try #require(milestones["impactBegan"] as? [String: Any])
        #expect(began["source"] as? String == "alert")
        #expect(began["at"] as? String == "2026-11-25T14:29:40.000Z")
        #expect(milestones["mitigated"] is NSNull)
        #expect(milestones["timeToResolve"] is NSNull)
        #expect(milestones.keys.contains("impactStandingAtFirstLook"))
        let acknowledge = try #require(milestones["timeToAcknowledge"] as? [String: Any])
        #expect(acknowledge["seconds"] as? Int == 20)
        #expect(acknowledge["from"] as? String == "detected")
        #expect(acknowledge["to"] as? String == "acknowledged")
    }
}
