import Foundation

@testable import PostmotermCore

/// The practice incident of issue 13, replayed through the same parts a real run uses: a local
/// HAProxy (3 servers, ~10 req/s), api-2's weight set to 10 by hand at 15:59:22 before anything
/// watched; `postmoterm start` at 16:00:00, then two consoles opened on the same balancer
/// (16:00:31 and 16:00:40), each with its own detector and recording gate on one store; api-2
/// overloads and flaps, the weight is reset, mitigated at 16:01:43 (1 m 43 s), resolved later.
enum PracticeIncident {
    static let source = "haproxy+unix:///run/haproxy/admin.sock"

    static func at(_ minute: Int, _ second: Int) -> Timestamp { CraftedIncident.at(16, minute, second, day: 7) }

    /// One console: what it polls, detects and records.
    struct Console {
        var history = SnapshotHistory()
        var detector = HealthDetector()
        var recording: BalancerRecording

        init(incident: IncidentID, holder: String) {
            recording = BalancerRecording(incident: incident, holder: holder)
        }

        /// One poll of the balancer in `state`; records through the gate.
        mutating func poll(_ state: Balancer, at time: Timestamp, store: InMemoryIncidentStore, incident: IncidentID) throws {
            var snapshot = try BalancerFixtures.parse(state.csv, at: Double(time.millisecondsSinceEpoch) / 1000, source: PracticeIncident.source)
            for index in snapshot.pools[0].instances.indices { snapshot.pools[0].instances[index].initialWeight = 1 }
            let refined = history.refine(snapshot)
            let findings = detector.observe(refined)
            let outcome = recording.poll(
                source: PracticeIncident.source, snapshot: refined, findings: findings, at: time, sampleTime: time, leases: store)
            let drafts = outcome.findings.map(\.eventDraft) + outcome.samples.map(\.eventDraft)
            if !drafts.isEmpty { _ = try store.append(contentsOf: drafts, to: incident) }
            try store.appendHistory(outcome.history, to: incident)
        }
    }

    /// What HAProxy reports: api-2's weight and status, and every counter so far.
    struct Balancer {
        var weight2 = 10
        var status2 = "UP"
        var requests = [0, 0, 0]
        var errors2 = 0

        /// `seconds` more of ~10 req/s split by weight; `errorShare` of api-2's answered with 5xx.
        mutating func serve(seconds: Int, errorShare: Double = 0) {
            let up2 = status2.hasPrefix("UP")
            let total = Double(seconds * 10)
            let weights = [1.0, up2 ? Double(weight2) : 0, 1.0]
            let sum = weights.reduce(0, +)
            for index in 0..<3 { requests[index] += Int((total * weights[index] / sum).rounded()) }
            errors2 += Int((total * weights[1] / sum * errorShare).rounded())
        }

        var csv: String {
            BalancerFixtures.csv([
                BalancerFixtures.server("api", "api-1", weight: 1, reqTot: requests[0]),
                BalancerFixtures.server("api", "api-2", status: status2, weight: weight2, reqTot: requests[1], http5xx: errors2),
                BalancerFixtures.server("api", "api-3", weight: 1, reqTot: requests[2]),
                BalancerFixtures.backend("api", reqTot: requests.reduce(0, +), http5xx: errors2),
            ])
        }
    }

    static func input() throws -> PostmortemInput {
        let clock = ManualClock(at(0, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let alice = Author(name: "alice", role: "ic")
        let bob = Author(name: "bob", role: "ops")
        // 15:59:22: the weight set by hand; nothing is watching. 16:00:00: `postmoterm start`.
        var balancer = Balancer()
        balancer.serve(seconds: 38, errorShare: 0.02)
        let id = try store.createIncident(IncidentDraft(
            title: "API errors after a weight change", severity: "SEV2", playbookPath: "/srv/playbooks/api-outage.md",
            playbookDigest: "sha256:0f1e2d3c", author: alice)).id
        var first = Console(incident: id, holder: "console-alice")
        var second = Console(incident: id, holder: "console-bob")

        // Polls every 5 s from 16:00:31 (alice opens) and 16:00:40 (bob opens); the story moves
        // between polls.
        var time = at(0, 31)
        balancer.serve(seconds: 31, errorShare: 0.03)
        func pollBoth() throws {
            clock.set(time)
            try first.poll(balancer, at: time, store: store, incident: id)
            if time >= at(0, 40) { try second.poll(balancer, at: time, store: store, incident: id) }
        }
        func step(_ seconds: Int, errorShare: Double = 0, _ change: (inout Balancer) -> Void = { _ in }) throws {
            time = time.adding(milliseconds: Int64(seconds) * 1000)
            balancer.serve(seconds: seconds, errorShare: errorShare)
            change(&balancer)
            try pollBoth()
        }
        try pollBoth()  // 16:00:31: first look
        try step(9, errorShare: 0.05)  // 16:00:40: bob's console opens too
        clock.set(at(0, 50))
        _ = try store.append(.note("5xx on /api; api-2 takes most of the traffic", author: bob), to: id)
        try step(15, errorShare: 0.25) { $0.status2 = "DOWN" }  // 16:00:55: api-2 down
        try step(5, errorShare: 0.3) { $0.status2 = "UP" }  // 16:01:00
        try step(5, errorShare: 0.3) { $0.status2 = "DOWN" }  // 16:01:05
        try step(5, errorShare: 0.3) { $0.status2 = "UP" }  // 16:01:10
        try step(5, errorShare: 0.3) { $0.status2 = "DOWN" }  // 16:01:15
        try step(10) { $0.status2 = "UP" }  // 16:01:25
        clock.set(at(1, 30))
        _ = try store.append(EventDraft(
            kind: .balancerAction, text: "set weight", author: bob,
            data: ["source": source, "pool": "api", "instance": "api-2", "command": "set server api/api-2 weight 1",
                   "result": "ok", "answer": ""]), to: id)
        try step(5) { $0.weight2 = 1 }  // 16:01:30: the weight is reset
        clock.set(at(1, 43))
        _ = try store.append(.statusChange(to: .mitigated, author: alice), to: id)
        for _ in 0..<12 { try step(5) }  // to 16:02:30
        clock.set(at(2, 45))
        _ = try store.append(.note("Find who set api-2's weight by hand", author: alice, actionItem: true), to: id)
        for _ in 0..<6 { try step(5) }  // to 16:03:00
        // bob quits in order: nothing to give up (alice records).
        _ = bob
        clock.set(at(3, 5))
        _ = try store.append(.statusChange(to: .resolved, author: alice), to: id)
        try store.appendHistory(first.recording.flushHistory(), to: id)
        let last = first.recording.finish(leases: store).map(\.eventDraft)
        if !last.isEmpty { _ = try store.append(contentsOf: last, to: id) }
        return PostmortemInput(
            incident: try store.incident(id), events: try store.events(of: id), followUps: ["Review who may change weights"],
            generatedAt: at(3, 10), history: try store.history(of: id))
    }
}
