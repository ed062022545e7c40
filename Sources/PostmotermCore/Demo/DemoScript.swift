/// The story `postmoterm demo` replays: the seed outage (`reference/seed-postmortem.md`) on a
/// real HAProxy — a weight change sends 10/12 of the traffic to api-2, which overloads, trips
/// its breaker, crashes, and leaves the others struggling — and how a responder following the
/// API-outage playbook brings it back.
///
/// Times are seconds of story at speed 1; ``DemoTiming`` scales them.
public struct DemoScript: Sendable, Hashable {
    /// The cues, in time order.
    public var cues: [DemoCue]
    /// Seconds of story (at speed 1) from the start to the end.
    public var duration: Double
    /// The HAProxy pool the story happens in.
    public var pool: String
    /// Instance names, in configuration order, all at ``initialWeight``.
    public var instances: [String]
    /// Every instance's weight in the configuration file.
    public var initialWeight: Int

    public init(cues: [DemoCue], duration: Double, pool: String, instances: [String], initialWeight: Int) {
        self.cues = cues.sorted { $0.at < $1.at }
        self.duration = max(duration, self.cues.last?.at ?? 0)
        self.pool = pool
        self.instances = instances
        self.initialWeight = initialWeight
    }

    /// The cues `mode` plays, in time order.
    public func cues(for mode: DemoCue.Mode) -> [DemoCue] {
        cues.filter { $0.modes.contains(mode) }
    }

    /// The incident commander of the scripted story.
    public static let commander = Author(name: "alex", role: "ic")
    /// The operations lead of the scripted story.
    public static let operations = Author(name: "sam", role: "ops")
    /// Whoever pushed the bad configuration change.
    public static let deployer = Author(name: "deploy-bot")

    /// Whoever posts status updates.
    public static let communications = Author(name: "kim", role: "comms")

    /// The seed outage, a little over two minutes at speed 1, following the steps of
    /// `playbooks/api-outage-load-balancer.md`.
    public static let seedOutage: DemoScript = {
        let ic = commander
        let ops = operations
        let comms = communications
        let scribe = Author(name: ic.name, role: "scribe")
        let cues: [DemoCue] = [
            DemoCue(at: 0, .narrate("Steady state: pool api, api-1..3 at weight 1, each taking a third of 60 req/s.")),
            DemoCue(at: 20, .narrate("A configuration rollout raises api-2's weight from 1 to 10 through the runtime API.")),
            DemoCue(at: 20, .runtimeCommand(
                "set weight api/api-2 10", author: deployer, reason: "config rollout: load-balancer weights")),
            DemoCue(at: 22, .narrate("api-2 now gets 10/12 of the traffic: it slows down, then answers 503; HAProxy's breaker (observe layer7) takes it out, lets it back in slow start, and it overloads again.")),
            DemoCue(at: 40, .crashInstance("api-2", reason: "api-2 runs out of memory under the load and crashes.")),
            DemoCue(at: 41, .narrate("With api-2 gone, api-1 and api-3 take half the traffic each, above their comfortable rate: they slow down.")),
            DemoCue(at: 44, .openIncident(
                title: "API outage: errors and latency on the core API", severity: "SEV1", author: ic)),
            DemoCue(at: 45, .assignRole(role: "ic", holder: ic.name, by: ic)),
            DemoCue(at: 45, .assignRole(role: "ops", holder: ops.name, by: ic)),
            DemoCue(at: 45, .assignRole(role: "comms", holder: comms.name, by: ic)),
            DemoCue(at: 45, .assignRole(role: "scribe", holder: ic.name, by: ic)),
            DemoCue(at: 46, .completeStep(matching: "Declare the incident", author: ic)),
            DemoCue(at: 49, .note("Alerts: 5xx and latency up on /api. Looking at HAProxy pool api.", author: ops)),
            DemoCue(at: 50, .completeStep(matching: "Read per-server traffic", author: ops)),
            DemoCue(at: 53, .note(
                "api-2 has weight 10, api-1 and api-3 have 1: api-2 takes 83% of pool api's traffic weight (fair share 33%).",
                author: ops)),
            DemoCue(at: 54, .completeStep(matching: "Compare each server", author: ops)),
            DemoCue(at: 57, .note("api-2 is DOWN: health checks refused, the process died out of memory.", author: ops)),
            DemoCue(at: 58, .completeStep(matching: "still alive", author: ops)),
            DemoCue(at: 61, .note(
                "The weight was changed at runtime by the config rollout (deploy-bot): set weight api/api-2 10. The configuration file still says 1.",
                author: ops)),
            DemoCue(at: 62, .completeStep(matching: "Find the configuration change", author: ops)),
            DemoCue(at: 63, .completeStep(matching: "first status update", author: comms)),
            DemoCue(at: 64, .note("Decision: drain api-2, reset its weight to 1, restart it, then put it back.", author: ic)),
            DemoCue(at: 65, .completeStep(matching: "Decide the mitigation", author: ic)),
            DemoCue(at: 66, .balancerAction(.drain, instance: "api-2", author: ops)),
            DemoCue(at: 67, .completeStep(matching: "Drain the overloaded", author: ops)),
            DemoCue(at: 70, .completeStep(matching: "Confirm the remaining servers", author: ops)),
            DemoCue(at: 72, .balancerAction(.setWeight(1), instance: "api-2", author: ops)),
            DemoCue(at: 73, .completeStep(matching: "Reset the skewed weight", author: ops)),
            // The scribe stars what the postmortem must show on its own lines.
            DemoCue(at: 73.5, .starObservation(finding: "weightChange", to: "10", author: scribe)),
            DemoCue(at: 73.5, .starObservation(finding: "weightSkew", author: scribe)),
            DemoCue(at: 73.5, .starObservation(finding: "breakerOpen", author: scribe)),
            DemoCue(at: 73.5, .starObservation(finding: "statusChange", to: "DOWN", last: true, author: scribe)),  // the crash
            DemoCue(at: 73.5, .starObservation(finding: "weightChange", to: "1", author: scribe)),
            DemoCue(at: 74, .completeStep(matching: "Record the time", author: scribe)),
            DemoCue(at: 75, .completeStep(matching: "Post an update", author: comms)),
            DemoCue(at: 78, .restartInstance("api-2", author: ops)),
            DemoCue(at: 82, .completeStep(matching: "Restart or replace", author: ops)),
            DemoCue(at: 84, .balancerAction(.ready, instance: "api-2", author: ops)),
            DemoCue(at: 85, .completeStep(matching: "back in rotation", author: ops)),
            DemoCue(at: 86, .narrate("api-2 is back in rotation: HAProxy ramps its share up in slow start.")),
            DemoCue(at: 90, .note(
                "Nothing to fix in haproxy.cfg: it still has weight 1 for api-2 (the change was runtime only).",
                author: ops)),
            DemoCue(at: 91, .completeStep(matching: "Fix the weight", author: ops)),
            DemoCue(at: 98, .completeStep(matching: "Confirm even distribution", author: ops)),
            DemoCue(at: 99, .status(.mitigated, author: ic)),
            DemoCue(at: 104, .completeStep(matching: "Error rate and latency are back", author: ops)),
            DemoCue(at: 106, .completeStep(matching: "Confirm with support", author: ic)),

            DemoCue(at: 108, .note(
                "Validate load-balancer weight changes before rollout: reject a weight above twice its peers'.",
                author: ic, actionItem: true)),
            DemoCue(at: 109, .note(
                "Alert on weight skew: one instance above twice its fair share of a pool's traffic.",
                author: ops, actionItem: true)),
            DemoCue(at: 112, .completeStep(matching: "Declare the incident resolved", author: ic)),
            DemoCue(at: 112, .status(.resolved, author: ic)),
            DemoCue(at: 113, .completeStep(matching: "Post the resolution", author: comms)),
            DemoCue(at: 114, .starObservation(finding: "statusChange", to: "UP", last: true, author: scribe)),
            DemoCue(at: 114, .starObservation(finding: "breakerClosed", last: true, author: scribe)),
            DemoCue(at: 115, .export(author: ic)),
            // In the console the user is the responder; api-2's process supervisor brings it back
            // after a while — with its weight still 10 unless the user reset it.
            DemoCue(at: 70, .restartInstance("api-2", author: nil), only: .console),
            DemoCue(at: 71, .narrate("api-2's supervisor restarted it. Unless its weight is back to 1, it will overload again."), only: .console),
        ]
        return DemoScript(cues: cues, duration: 118, pool: "api", instances: ["api-1", "api-2", "api-3"], initialWeight: 1)
    }()
}
