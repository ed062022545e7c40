/// A store that keeps an incident's per-instance history (``CounterHistoryBucket``s) beside
/// its events. Buckets are written once: a bucket of a balancer the log already holds (two
/// recorders in a lease handover) is not written again.
public protocol CounterHistoryStore: IncidentStore {
    /// Records `buckets` (all or none).
    func appendHistory(_ buckets: [CounterHistoryBucket], to incident: IncidentID) throws

    /// Every bucket of the incident, by balancer, then time.
    func history(of incident: IncidentID) throws -> [CounterHistoryBucket]
}
