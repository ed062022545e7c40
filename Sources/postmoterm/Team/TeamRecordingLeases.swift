import PostmotermCore

/// The console's store in team mode: the local log for everything, and the recording leases of
/// the team store, so two consoles on two machines watching the same balancer for the same
/// incident record each observation once (issue 15).
///
/// A claim waits for the team store at most ``claimWait`` (``claimWaitSeconds``) (on the store's worker queue,
/// never on the key path). When the team store does not answer, the local lease decides: the
/// consoles of this host still record once, but another host's console may record too until the
/// team store is back.
final class TeamRecordingLeases: RecordingLeases, @unchecked Sendable {
    let local: any RecordingLeases
    let team: any TeamStore
    static let claimWaitSeconds = 1.0
    /// How long a claim or a release waits for the team store (tests give a store in memory
    /// longer, so a busy machine's scheduling cannot pass for an unreachable store).
    let claimWait: Double

    init(local: any RecordingLeases, team: any TeamStore, claimWait: Double = TeamRecordingLeases.claimWaitSeconds) {
        self.local = local
        self.team = team
        self.claimWait = claimWait
    }

    func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64) throws
        -> RecordingLease
    {
        let team = team
        let answer = TeamSession.waitAtMost(claimWait) { () -> RecordingLease? in
            try? await team.claimRecording(of: balancer, for: incident, holder: holder, milliseconds: milliseconds)
        }
        if let lease = answer ?? nil { return lease }
        return try local.claimRecording(of: balancer, for: incident, holder: holder, milliseconds: milliseconds)
    }

    func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) throws {
        let team = team
        _ = TeamSession.waitAtMost(claimWait) {
            try? await team.releaseRecording(of: balancer, for: incident, holder: holder)
        }
        try local.releaseRecording(of: balancer, for: incident, holder: holder)
    }

    // The log itself: the local one.
    func createIncident(_ draft: IncidentDraft) throws -> Incident { try local.createIncident(draft) }
    func incident(_ id: IncidentID) throws -> Incident { try local.incident(id) }
    func summaries() throws -> [IncidentSummary] { try local.summaries() }
    func mostRecentOpenIncident() throws -> Incident? { try local.mostRecentOpenIncident() }
    func append(_ draft: EventDraft, to incident: IncidentID) throws -> Event { try local.append(draft, to: incident) }
    func append(contentsOf drafts: [EventDraft], to incident: IncidentID) throws -> [Event] {
        try local.append(contentsOf: drafts, to: incident)
    }
    func events(of incident: IncidentID, after sequence: Int64, limit: Int?) throws -> [Event] {
        try local.events(of: incident, after: sequence, limit: limit)
    }
    func revision() throws -> StoreRevision { try local.revision() }
}
