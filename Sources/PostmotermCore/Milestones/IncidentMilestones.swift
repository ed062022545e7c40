/// The milestones of an incident and the times between them (MTTD, MTTA, MTTM, MTTR per
/// incident), read from its visible timeline, amendments applied: a corrected time counts, a
/// hidden event does not. A milestone the log does not show is nil, never guessed.
///
/// - **impact began** — the earliest firing alert's `startsAt` or the first balancer anomaly
///   (``IncidentFigures/isAnomaly(_:)``), whichever is earlier. When the earliest evidence is an
///   anomaly already standing at the balancer's first look, the impact began before it, at a
///   time nobody saw: then it is nil and ``impactStandingAtFirstLook`` holds that observation.
/// - **detected** — the first alert that fired (its own `startsAt`).
/// - **acknowledged** — the incident was started (a person took it on).
/// - **mitigated**, **resolved** — the status changes.
///
/// The times: to detect = impact began → detected; to acknowledge = detected → acknowledged;
/// to mitigate and to resolve are measured from the impact's beginning when it is known, else
/// from the acknowledgement (``timeToMitigate``'s `from` says which). An interval whose end
/// comes before its start (an incident started before its first alert) is nil.
public struct IncidentMilestones: Hashable, Sendable {
    public var impactBegan: Milestone?
    /// The first anomaly when it was standing at the balancer's first look and nothing earlier
    /// shows the impact: the impact began at or before it.
    public var impactStandingAtFirstLook: Milestone?
    public var detected: Milestone?
    public var acknowledged: Milestone
    public var mitigated: Milestone?
    public var resolved: Milestone?

    public var timeToDetect: MilestoneInterval?
    public var timeToAcknowledge: MilestoneInterval?
    public var timeToMitigate: MilestoneInterval?
    public var timeToResolve: MilestoneInterval?

    public init(incident: Incident, timeline: TimelineView) {
        self.init(incident: incident, visibleEntries: timeline.visibleEntries)
    }

    /// From the timeline's visible entries (in timeline order, so the first match is the earliest).
    public init(incident: Incident, visibleEntries entries: [TimelineEntry]) {
        var acknowledged = Milestone(kind: .acknowledged, at: incident.startedAt, source: .incident, text: incident.title)
        var mitigated = incident.mitigatedAt.map { Milestone(kind: .mitigated, at: $0, source: .status, text: "marked mitigated") }
        var resolved = incident.resolvedAt.map { Milestone(kind: .resolved, at: $0, source: .status, text: "marked resolved") }
        var firstAlert: TimelineEntry?
        var firstAnomaly: TimelineEntry?
        var sawStart = false
        for index in entries.indices {
            let entry = entries[index]
            switch entry.kind {
            case .incidentStarted where !sawStart:
                sawStart = true
                acknowledged.at = entry.time
            case .statusChanged:
                // A status change whose time was amended moves the milestone with it.
                let by = "by \(entry.author.name)"
                switch entry.data["to"] {
                case IncidentStatus.mitigated.rawValue:
                    mitigated = Milestone(kind: .mitigated, at: entry.time, source: .status, text: "marked mitigated \(by)")
                case IncidentStatus.resolved.rawValue:
                    resolved = Milestone(kind: .resolved, at: entry.time, source: .status, text: "marked resolved \(by)")
                default:
                    break
                }
            case .alertFiring where firstAlert == nil:
                firstAlert = entry
            case .balancerObservation where firstAnomaly == nil && IncidentFigures.isAnomaly(entry):
                firstAnomaly = entry
            default:
                break
            }
        }
        self.acknowledged = acknowledged
        self.mitigated = mitigated
        self.resolved = resolved
        detected = firstAlert.map { Milestone(kind: .detected, at: $0.time, source: .alert, text: Self.alertText($0)) }

        let alertStart = firstAlert.map { Milestone(kind: .impactBegan, at: $0.time, source: .alert, text: Self.alertText($0)) }
        let anomaly = firstAnomaly.map { Milestone(kind: .impactBegan, at: $0.time, source: .balancer, text: $0.text) }
        let anomalyAtFirstLook = firstAnomaly?.data["finding"] == FindingKind.weightAtFirstLook.rawValue
        switch (alertStart, anomaly) {
        case (let alert?, let anomaly?) where anomaly.at < alert.at:
            if anomalyAtFirstLook { impactStandingAtFirstLook = anomaly } else { impactBegan = anomaly }
        case (let alert?, _):
            impactBegan = alert
        case (nil, let anomaly?):
            if anomalyAtFirstLook { impactStandingAtFirstLook = anomaly } else { impactBegan = anomaly }
        case (nil, nil):
            break
        }

        timeToDetect = impactBegan.flatMap { start in detected.flatMap { MilestoneInterval(from: start, to: $0) } }
        timeToAcknowledge = detected.flatMap { MilestoneInterval(from: $0, to: acknowledged) }
        let base = impactBegan ?? acknowledged
        timeToMitigate = mitigated.flatMap { MilestoneInterval(from: base, to: $0) }
        timeToResolve = resolved.flatMap { MilestoneInterval(from: base, to: $0) }
    }

    /// `HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight`, from an
    /// `alertFiring` entry's data (its text when the data has no name).
    static func alertText(_ entry: TimelineEntry) -> String {
        guard let name = entry.data["alertname"], !name.isEmpty else { return entry.text }
        guard let summary = entry.data["summary"], !summary.isEmpty else { return name }
        return "\(name): \(summary)"
    }

    /// The five milestones in their order, missing ones as nil.
    public var all: [(kind: Milestone.Kind, milestone: Milestone?)] {
        [(.impactBegan, impactBegan), (.detected, detected), (.acknowledged, acknowledged), (.mitigated, mitigated),
         (.resolved, resolved)]
    }
}
