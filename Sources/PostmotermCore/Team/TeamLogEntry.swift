/// One event of a host's local log with what team mode knows about it: its origin id, the host
/// that wrote it, and its place in the store's order once the store accepted it.
public struct TeamLogEntry: Hashable, Sendable {
    /// The event as the local log holds it (local sequence; `amends` a local sequence).
    public var event: Event
    public var originID: EventOriginID
    public var originHost: String
    /// Nil while the event waits in the outbox (written here, not yet accepted by the store).
    public var serverOrder: Int64?

    public init(event: Event, originID: EventOriginID, originHost: String, serverOrder: Int64?) {
        self.event = event
        self.originID = originID
        self.originHost = originHost
        self.serverOrder = serverOrder
    }
}
