import Console
import Foundation
import PostmotermCore

/// Plain values for the tests: a playbook, an incident, a pool like the seed outage.
enum Fixtures {
    /// 2026-11-25 14:02:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_795_615_320)
    static let now = start.addingTimeInterval(12 * 60 + 5)

    static let playbook = PlaybookOutline(
        title: "API outage behind a load balancer",
        phases: [
            OutlinePhase(title: "Triage", steps: [
                OutlineStep(id: "triage/declare", text: "Declare the incident and take the IC role", role: "ic"),
                OutlineStep(
                    id: "triage/skew", text: "Check the traffic share of every instance", role: "ops",
                    details: "One instance with far more than its fair share is the seed's root cause.",
                    commands: ["echo 'show servers state api' | socat stdio /run/haproxy/admin.sock"]),
                OutlineStep(id: "triage/status", text: "Post a first status update", role: "comms"),
            ]),
            OutlinePhase(title: "Mitigate", steps: [
                OutlineStep(id: "mitigate/drain", text: "Drain or fix the overloaded instance", role: "ops"),
                OutlineStep(id: "mitigate/weights", text: "Restore even weights", role: "ops"),
            ]),
            OutlinePhase(title: "Recover", steps: [
                OutlineStep(id: "recover/verify", text: "Verify 5xx back to baseline", role: "ic"),
            ]),
        ],
        roles: [
            OutlineRole(id: "ic", name: "Incident Commander"),
            OutlineRole(id: "ops", name: "Operations"),
            OutlineRole(id: "comms", name: "Communications"),
        ])

    static let incident = IncidentHeader(
        id: "2026-11-25-api-outage", title: "API outage behind a load balancer", severity: "sev1",
        status: .investigating, startedAt: start)

    static let source = "haproxy+unix:///run/haproxy/admin.sock"

    static let rows: [HealthRow] = [
        HealthRow(source: source, pool: "api", instance: "api-1", status: .up, weight: 1, configuredWeight: 1,
                  initialWeight: 1, share: 1.0 / 12, sessions: 3, requestsPerSecond: 12.5, errorPercent: 0.4,
                  latencyMilliseconds: 21, check: "L7OK", breaker: .closed, lastChange: start.addingTimeInterval(-3600),
                  actionable: true),
        HealthRow(source: source, pool: "api", instance: "api-2", status: .down, weight: 10, configuredWeight: 10,
                  initialWeight: 1, share: 10.0 / 12, skewed: true, sessions: 41, requestsPerSecond: 150,
                  errorPercent: 41.2, latencyMilliseconds: 930, check: "HANA", breaker: .open,
                  lastChange: start.addingTimeInterval(300), actionable: true),
        HealthRow(source: source, pool: "api", instance: "api-3", status: .up, weight: 1, configuredWeight: 1,
                  initialWeight: 1, share: 1.0 / 12, sessions: 4, requestsPerSecond: 13, errorPercent: 0,
                  latencyMilliseconds: 25, check: "L7OK", breaker: .closed, lastChange: start.addingTimeInterval(-3600),
                  actionable: true),
    ]

    static func entries() -> [ConsoleEvent] {
        [
            ConsoleEvent(id: 1, recordedAt: start, author: "postmoterm", kind: .other("incidentStarted"),
                          text: "API outage behind a load balancer"),
            ConsoleEvent(id: 2, recordedAt: start.addingTimeInterval(20), author: "alice",
                          kind: .roleAssigned(role: "ic", holder: "alice"), text: "alice took ic"),
            ConsoleEvent(id: 3, recordedAt: start.addingTimeInterval(60), author: "alice",
                          kind: .stepDone(step: "triage/declare"), text: "Declare the incident and take the IC role"),
            ConsoleEvent(id: 4, recordedAt: start.addingTimeInterval(300), author: "balancer",
                          kind: .balancerObservation(serious: true),
                          text: "api/api-2 takes 83% of the traffic weight of pool api (fair share 33%)"),
            ConsoleEvent(id: 5, recordedAt: start.addingTimeInterval(400), author: "bob",
                          kind: .note, text: "weight of api-2 was raised to 10 by the deploy at 13:58 \u{1B}[31mred\u{07}"),
            ConsoleEvent(id: 6, recordedAt: start.addingTimeInterval(420), author: "王小明",
                          kind: .note, text: "客户投诉 API 超时 🔥 (support tickets)"),
        ]
    }

    /// The console as alice sees it twelve minutes in.
    static func state(size: TerminalSize = TerminalSize(columns: 80, rows: 24)) -> ConsoleState {
        var state = ConsoleState(
            incident: incident, playbook: playbook, me: "alice",
            sources: [SourceStatus(label: source, state: .live)], size: size, now: now)
        state = ConsoleReducer.reduce(state, .storeEvents(entries())).0
        state = ConsoleReducer.reduce(state, .pollUpdate(SourceStatus(label: source, state: .live), rows: rows)).0
        return state
    }

    /// Sends keys one by one, collecting the commands.
    static func press(_ state: ConsoleState, _ keys: [KeyPress]) -> (ConsoleState, [ConsoleCommand]) {
        var current = state
        var all: [ConsoleCommand] = []
        for key in keys {
            let (next, commands) = ConsoleReducer.reduce(current, .key(key))
            current = next
            all += commands
        }
        return (current, all)
    }

    /// The kind of the first append among `commands`.
    static func appendedKind(_ commands: [ConsoleCommand]) -> EntryKind? {
        for command in commands {
            if case .append(_, let draft) = command { return draft.kind }
        }
        return nil
    }

    static func type(_ text: String) -> [KeyPress] { text.map { KeyPress.character($0) } }
}
