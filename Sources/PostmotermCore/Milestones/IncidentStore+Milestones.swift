extension IncidentStore {
    /// The milestones of `incident`, read from its whole log (amendments applied).
    public func milestones(of incident: Incident) throws -> IncidentMilestones {
        IncidentMilestones(incident: incident, timeline: TimelineView(events: try events(of: incident.id)))
    }
}
