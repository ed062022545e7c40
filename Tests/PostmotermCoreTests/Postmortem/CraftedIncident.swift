import Foundation

@testable import PostmotermCore

/// A crafted API outage with every kind of event the exporter handles: backdated balancer
/// anomalies before the start, flapping, a typo fixed by an amendment, a starred and a hidden
/// note, a backdated note, steps, roles, a balancer action, an action item, mitigation and
/// resolution.
enum CraftedIncident {
    static let alice = Author(name: "alice", role: "IC")
    static let bob = Author(name: "bob")
    static let carol = Author(name: "carol", role: "SRE")

    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0, day: Int = 25) -> Timestamp {
        UTCDateTime(year: 2026, month: 11, day: day, hour: hour, minute: minute, second: second).timestamp
    }

    static func observation(
        _ text: String, finding: String, instance: String? = nil, happenedAt: Timestamp? = nil,
        _ extra: [String: String] = [:]
    ) -> EventDraft {
        var data = ["finding": finding, "source": "haproxy@10.0.0.1:****", "pool": "api"]
        data["instance"] = instance
        data.merge(extra) { $1 }
        return EventDraft(kind: .balancerObservation, text: text, author: .postmoterm, happenedAt: happenedAt, data: data)
    }

    /// The store holding the incident, and its id.
    static func make(startHour: Int = 14, startMinute: Int = 30) throws -> (InMemoryIncidentStore, IncidentID) {
        let clock = ManualClock(at(startHour, startMinute))
        let store = InMemoryIncidentStore(clock: clock)
        let incident = try store.createIncident(
            IncidentDraft(
                title: "API outage", severity: "SEV1", playbookPath: "playbooks/api-outage.md",
                playbookDigest: "sha256:0f1e2d3c", author: alice))
        let id = incident.id
        func log(_ hour: Int, _ minute: Int, _ draft: EventDraft, second: Int = 0) throws -> Event {
            clock.set(at(hour, minute, second))
            return try store.append(draft, to: id)
        }
        // Balancer findings from just before the incident, recorded when it started.
        _ = try log(14, 30, observation("api-2 went DOWN (L7 timeout)", finding: "statusChange", instance: "api-2", happenedAt: at(14, 28), ["from": "UP", "to": "DOWN"]), second: 5)
        _ = try log(14, 30, observation("5xx on api at 12.5 %", finding: "errorRate", happenedAt: at(14, 29), ["errorPercent": "12.5"]), second: 5)
        _ = try log(14, 31, EventDraft(kind: .roleAssigned, text: "alice is incident commander", author: alice, data: ["role": "ic", "holder": "alice"]))
        _ = try log(14, 31, EventDraft(kind: .roleAssigned, text: "bob is communications lead", author: alice, data: ["role": "comms", "holder": "bob"]), second: 30)
        _ = try log(14, 33, .note("Customers report 502s on checkout", author: bob))
        _ = try log(14, 34, observation("api-3 went DOWN", finding: "statusChange", instance: "api-3", ["from": "UP", "to": "DOWN"]))
        _ = try log(14, 35, observation("api-3 went UP", finding: "statusChange", instance: "api-3", ["from": "DOWN", "to": "UP"]))
        _ = try log(14, 36, observation("api-3 went DOWN", finding: "statusChange", instance: "api-3", ["from": "UP", "to": "DOWN"]))
        _ = try log(14, 36, observation("5xx on api at 41.2 %", finding: "errorRate", ["errorPercent": "41.2"]), second: 20)
        _ = try log(14, 37, EventDraft(kind: .stepDone, text: "Check the balancer for down instances", author: alice, data: ["step": "check-lb"]))
        _ = try log(14, 38, observation("api-3 went UP", finding: "statusChange", instance: "api-3", ["from": "DOWN", "to": "UP"]))
        _ = try log(14, 38, EventDraft(kind: .stepSkipped, text: "Scale out the api pool", author: alice, data: ["step": "scale-out", "reason": "no spare capacity"]), second: 30)
        _ = try log(14, 40, EventDraft(kind: .balancerAction, text: "disable api-2", author: alice, data: ["source": "haproxy@10.0.0.1:****", "pool": "api", "instance": "api-2", "command": "disable server api/api-2", "result": "ok", "answer": ""]))
        let typo = try log(14, 41, .note("Drained api-2, erors falling", author: alice))
        _ = try log(14, 42, .amendment(of: typo.sequence, .editText("Drained api-2, errors falling"), author: alice))
        _ = try log(14, 42, .amendment(of: typo.sequence, .star, author: bob), second: 10)
        let noise = try log(14, 43, .note("test, please ignore", author: bob))
        _ = try log(14, 43, .amendment(of: noise.sequence, .hide, author: bob), second: 5)
        _ = try log(14, 45, .note("Add validation for balancer weight changes", author: alice, actionItem: true))
        _ = try log(14, 50, .note("Deploy 4711 changed the api weights at 14:32", author: carol, happenedAt: at(14, 32)))
        _ = try log(14, 52, .statusChange(to: .mitigated, author: alice))
        _ = try log(15, 10, observation("api-2 went UP", finding: "statusChange", instance: "api-2", ["from": "DOWN", "to": "UP"]))
        _ = try log(15, 10, observation("5xx on api back under 1 %", finding: "errorRateRecovered", ["errorPercent": "0.4"]), second: 30)
        _ = try log(15, 55, EventDraft(kind: .roleReleased, text: "bob hands off comms", author: bob, data: ["role": "comms", "holder": "bob"]))
        _ = try log(16, 0, .statusChange(to: .resolved, author: alice))
        _ = try log(16, 2, EventDraft(kind: .export, text: "Exported postmortem", author: alice, data: ["path": "pm.md", "format": "markdown"]))
        return (store, id)
    }

    static let followUps = [
        "Review the balancer weight change process",
        "Add an alert on 5xx above 5 % for 2 minutes",
    ]

    static func input() throws -> PostmortemInput {
        let (store, id) = try make()
        return PostmortemInput(
            incident: try store.incident(id), events: try store.events(of: id), followUps: followUps,
            generatedAt: at(16, 5))
    }
}
