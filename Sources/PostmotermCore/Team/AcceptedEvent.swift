/// A ``SharedEvent`` as the team store holds it: with the place the store gave it in the shared
/// order.
public struct AcceptedEvent: Codable, Hashable, Sendable, Identifiable {
    /// The store's order (see ``TeamStore``): positive, unique across the store, growing in the
    /// order pushes were accepted; not dense (gaps are allowed).
    public var serverOrder: Int64
    public var event: SharedEvent

    public init(serverOrder: Int64, event: SharedEvent) {
        self.serverOrder = serverOrder
        self.event = event
    }

    public var id: EventOriginID { event.originID }
}
