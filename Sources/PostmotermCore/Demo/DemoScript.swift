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

    /// The cues a mode plays: all of them headless, only the world's in the console.
    public func cues(includingResponder: Bool) -> [DemoCue] {
        includingResponder ? cues : cues.filter { !$0.action.isResponderAction }
    }

    /// The incident commander of the scripted story.
    public static let commander = Author(name: "alex", role: "ic")
    /// The operations lead of the scripted story.
    public static let operations = Author(name: "sam", role: "ops")
    /// Whoever pushed the bad configuration change.
    public static let deployer = Author(name: "deploy-bot")

    /// The seed outage, about two minutes and a quarter at speed 1.
    public static let seedOutage: DemoScript = {
        let ic = commander
        let ops = operations
        let cues: [DemoCue] = [
            DemoCue(at: 0, .narrate("Steady state: pool api, api-1..3 at weight 1, each taking a third of 60 req/s.")),
            DemoCue(at: 20, .narrate("A configuration rollout raises api-2's weight from 1 to 10 through the runtime API.")),
            DemoCue(at: 20, .runtimeCommand(
                "set weight api/api-2 10", author: deployer, reason: "config rollout: load-balancer weights")),
            DemoCue(at: 22, .narrate("api-2 now gets 10/12 of the traffic: it slows down, then answers 503; HAProxy's breaker (observe layer7) takes it out, lets it back in slow start, and it overloads again.")),
            DemoCue(at: 36, .openIncident(
                title: "API outage: errors and latency on the core API", severity: "SEV1", author: ic)),
            DemoCue(at: 37, .assignRole(role: "ic", holder: ic.name, by: ic)),
            DemoCue(at: 38, .assignRole(role: "ops", holder: ops.name, by: ic)),
            DemoCue(at: 40, .completeStep(keywords: ["acknowledge", "declare", "page"], author: ic)),
            DemoCue(at: 44, .note(
                "Alerts: 5xx and latency up on /api since a few minutes. Looking at HAProxy pool api.", author: ops)),
            DemoCue(at: 48, .completeStep(keywords: ["health", "status", "balancer"], author: ops)),
            DemoCue(at: 50, .crashInstance("api-2", reason: "api-2 runs out of memory under the load and crashes.")),
            DemoCue(at: 51, .narrate("With api-2 gone, api-1 and api-3 take half the traffic each, above their comfortable rate: they slow down.")),
            DemoCue(at: 56, .note(
                "api-2 has weight 10 (others 1): it takes 83% of pool api's traffic weight. It tripped its breaker, and is now down (health checks refused).",
                author: ops)),
            DemoCue(at: 60, .completeStep(keywords: ["weight", "skew", "share"], author: ops)),
            DemoCue(at: 64, .note(
                "Cause: the weight change on api-2 (1 → 10) from the config rollout. Restoring the initial weight, then restarting api-2.",
                author: ic)),
            DemoCue(at: 70, .balancerAction(.restoreInitialWeight, instance: "api-2", author: ops)),
            DemoCue(at: 72, .completeStep(keywords: ["revert", "restore", "roll back", "rollback"], author: ops)),
            DemoCue(at: 78, .restartInstance("api-2", author: ops)),
            DemoCue(at: 79, .narrate("api-2 is back: HAProxy checks it up and ramps its weight in slow start.")),
            DemoCue(at: 96, .completeStep(keywords: ["verify", "confirm", "recover"], author: ops)),
            DemoCue(at: 98, .status(.mitigated, author: ic)),
            DemoCue(at: 100, .note(
                "Mitigated: weights even again, api-2 through slow start, 5xx back to zero.", author: ic)),
            DemoCue(at: 112, .note(
                "Validate load-balancer weight changes before rollout (reject a weight above 2× the pool's median).",
                author: ic, actionItem: true)),
            DemoCue(at: 114, .note(
                "Alert on weight skew: one instance above twice its fair share of a pool's traffic.",
                author: ops, actionItem: true)),
            DemoCue(at: 120, .status(.resolved, author: ic)),
            DemoCue(at: 122, .export(author: ic)),
        ]
        return DemoScript(cues: cues, duration: 125, pool: "api", instances: ["api-1", "api-2", "api-3"], initialWeight: 1)
    }()
}
