/// Cumulative counters of an instance or pool as the balancer reports them; rates come from the
/// difference between two samples.
public struct InstanceCounters: Sendable, Hashable {
    /// Requests (HTTP requests, or sessions when the balancer counts no requests).
    public var requests: UInt64?
    /// Responses with a 5xx status.
    public var responses5xx: UInt64?

    public init(requests: UInt64? = nil, responses5xx: UInt64? = nil) {
        self.requests = requests
        self.responses5xx = responses5xx
    }
}
