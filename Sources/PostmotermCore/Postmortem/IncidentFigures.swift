/// The measured figures of an incident: time to detect, mitigate and resolve, and the
/// balancer impact. Computed from the visible (amended) timeline, so a corrected time counts.
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
        startedAt = incident.startedAt
        mitigatedAt = incident.mitigatedAt
        resolvedAt = incident.resolvedAt
        // A status change whose time was amended moves the figure with it.
        for index in entries.indices where entries[index].kind == .statusChanged {
            switch entries[index].data["to"] {
            case IncidentStatus.mitigated.rawValue: mitigatedAt = entries[index].time
            case IncidentStatus.resolved.rawValue: resolvedAt = entries[index].time
            default: break
            }
        }
        if let started = entries.first(where: { $0.kind == .incidentStarted }) { startedAt = started.time }
        let anomaly = entries.first { entry in
            guard entry.kind == .balancerObservation, let finding = entry.data["finding"] else { return false }
            if finding == "statusChange" { return BalancerImpact.isDown(entry.data["to"]) }
            return IncidentFigures.anomalyFindings.contains(finding)
        }
        firstAnomalyAt = anomaly?.time
        firstAnomalyText = anomaly?.text
        firstAnomalyAtFirstLook = anomaly?.data["finding"] == FindingKind.weightAtFirstLook.rawValue
        watchedSince = entries.first { $0.kind == .balancerCounters || $0.kind == .balancerObservation }?.time
        impact = BalancerImpact(entries: entries)
    }

    /// First balancer anomaly → incident start; nil without an anomaly, or when the balancer saw
    /// trouble only after the incident was declared.
    public var timeToDetect: ElapsedTime? {
        guard let firstAnomalyAt, firstAnomalyAt <= startedAt else { return nil }
        return ElapsedTime(from: firstAnomalyAt, to: startedAt)
    }

    /// Incident start → mitigated.
    public var timeToMitigate: ElapsedTime? { mitigatedAt.map { ElapsedTime(from: startedAt, to: $0) } }

    /// Incident start → resolved.
    public var timeToResolve: ElapsedTime? { resolvedAt.map { ElapsedTime(from: startedAt, to: $0) } }
}
