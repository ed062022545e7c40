/// The measured figures of an incident: its start, status changes and first balancer anomaly,
/// and the balancer impact. Computed from the visible (amended) timeline, so a corrected time counts.
public struct IncidentFigures: Codable, Hashable, Sendable {
    public var startedAt: Timestamp
    public var mitigatedAt: Timestamp?
    public var resolvedAt: Timestamp?
    /// The first balancer observation that shows trouble (an instance or pool down, a weight
    /// skew, an open breaker, a 5xx rate), if any.
    public var firstAnomalyAt: Timestamp?
    public var firstAnomalyText: String?
    /// Whether the first anomaly was standing at the balancer's first poll (a weight changed
    /// before anything watched): it may be older than its time says.
    public var firstAnomalyAtFirstLook = false
    /// When the first balancer sample or finding was recorded: before this nothing watched the
    /// balancer for this incident. Nil when no balancer was watched.
    public var watchedSince: Timestamp?
    public var impact: BalancerImpact

    /// Findings that count as an anomaly for time-to-detect.
    static let anomalyFindings: Set<String> = ["weightSkew", "breakerOpen", "poolDown", "errorRate", "weightAtFirstLook"]

    public init(incident: Incident, timeline: TimelineView) {
        self.init(incident: incident, visibleEntries: timeline.visibleEntries)
    }

    /// From the timeline's visible entries (in timeline order).
    init(incident: Incident, visibleEntries entries: [TimelineEntry]) {
        // The start and the status changes as the milestones read them (amended times count).
        let milestones = IncidentMilestones(incident: incident, visibleEntries: entries)
        startedAt = milestones.acknowledged.at
        mitigatedAt = milestones.mitigated?.at
        resolvedAt = milestones.resolved?.at
        let anomaly = entries.first { $0.kind == .balancerObservation && Self.isAnomaly($0) }
        firstAnomalyAt = anomaly?.time
        firstAnomalyText = anomaly?.text
        firstAnomalyAtFirstLook = anomaly?.data["finding"] == FindingKind.weightAtFirstLook.rawValue
        watchedSince = entries.first { $0.kind == .balancerCounters || $0.kind == .balancerObservation }?.time
        impact = BalancerImpact(entries: entries)
    }

    /// Whether a balancer observation shows trouble: an instance going down, or one of
    /// ``anomalyFindings``.
    static func isAnomaly(_ entry: TimelineEntry) -> Bool {
        guard let finding = entry.data["finding"] else { return false }
        if finding == "statusChange" { return BalancerImpact.isDown(entry.data["to"]) }
        return anomalyFindings.contains(finding)
    }

    /// First balancer anomaly → incident start; nil without an anomaly, or when the balancer saw
    /// trouble only after the incident was declared. (The times to detect, acknowledge, mitigate
    /// and resolve are ``IncidentMilestones``'.)
    public var anomalyBeforeStart: ElapsedTime? {
        guard let firstAnomalyAt, firstAnomalyAt <= startedAt else { return nil }
        return ElapsedTime(from: firstAnomalyAt, to: startedAt)
    }
}
