/// In `export --format json` and `list --json`: every milestone and interval, a missing one as
/// `null` (never left out, so a reader sees it is not known):
/// `{"impactBegan": {"kind", "at", "source", "text"} | null, "impactStandingAtFirstLook": …,
/// "detected", "acknowledged", "mitigated", "resolved", "timeToDetect": {"from", "to", "seconds"} | null,
/// "timeToAcknowledge", "timeToMitigate", "timeToResolve"}`.
extension IncidentMilestones: Encodable {
    enum CodingKeys: String, CodingKey {
        case impactBegan, impactStandingAtFirstLook, detected, acknowledged, mitigated, resolved
        case timeToDetect, timeToAcknowledge, timeToMitigate, timeToResolve
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(impactBegan, forKey: .impactBegan)
        try container.encode(impactStandingAtFirstLook, forKey: .impactStandingAtFirstLook)
        try container.encode(detected, forKey: .detected)
        try container.encode(acknowledged, forKey: .acknowledged)
        try container.encode(mitigated, forKey: .mitigated)
        try container.encode(resolved, forKey: .resolved)
        try container.encode(timeToDetect, forKey: .timeToDetect)
        try container.encode(timeToAcknowledge, forKey: .timeToAcknowledge)
        try container.encode(timeToMitigate, forKey: .timeToMitigate)
        try container.encode(timeToResolve, forKey: .timeToResolve)
    }
}
