/// A listening side of the balancer (HAProxy `FRONTEND` row) in one sample: what clients sent
/// and what they got back, before any pool was chosen.
public struct BalancerFrontend: Sendable, Hashable {
    /// The frontend's name (`pxname`), escaped.
    public var name: String
    /// `OPEN`, `STOP`, `FULL`… as the balancer says.
    public var status: String
    /// Current sessions.
    public var sessions: Int
    /// Requests and 5xx responses (cumulative).
    public var counters: InstanceCounters
    /// HTTP requests per second over the last second, as the balancer computes it (`req_rate`;
    /// sessions per second, `rate`, when it counts no requests).
    public var requestRate: Int?
    /// Bytes, responses by class, errors, limits.
    public var detail: TrafficDetail

    public init(
        name: String, status: String, sessions: Int = 0, counters: InstanceCounters = InstanceCounters(),
        requestRate: Int? = nil, detail: TrafficDetail = TrafficDetail()
    ) {
        self.name = name
        self.status = status
        self.sessions = sessions
        self.counters = counters
        self.requestRate = requestRate
        self.detail = detail
    }
}
