/// What the team store's notification stream says: only that something is new, never the
/// event itself (fetch it with ``TeamStore/fetch(incident:after:limit:)``).
public enum TeamNotice: Hashable, Sendable {
    /// An event of `incident` was accepted with `serverOrder` (PostgreSQL: a NOTIFY payload).
    case appended(incident: IncidentID, serverOrder: Int64)
    /// The stream's connection was lost and is listening again: notices sent meanwhile are gone
    /// (notifications are not stored), so fetch every incident followed after its last order.
    case resubscribed
}
