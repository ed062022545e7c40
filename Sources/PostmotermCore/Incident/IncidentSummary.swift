/// An incident with the figures a list shows: how many events it has and when the last was recorded.
public struct IncidentSummary: Codable, Hashable, Sendable, Identifiable {
    public var incident: Incident
    public var eventCount: Int
    public var lastRecordedAt: Timestamp?

    public init(incident: Incident, eventCount: Int, lastRecordedAt: Timestamp?) {
        self.incident = incident
        self.eventCount = eventCount
        self.lastRecordedAt = lastRecordedAt
    }

    public var id: IncidentID { incident.id }
}
