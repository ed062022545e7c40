/// Everything one poll of one source returned: its pools and their instances.
public struct BalancerSnapshot: Sendable, Hashable {
    /// The source (masked address).
    public var source: String
    public var kind: BalancerKind
    public var pools: [BalancerPool]
    /// When the sample was taken, on the wall clock.
    public var takenAt: Timestamp
    /// When the sample was taken, in seconds on the monotonic poll clock (for rates).
    public var monotonicTime: Double
    /// The listening sides (HAProxy `FRONTEND` rows), in the balancer's order.
    public var frontends: [BalancerFrontend] = []
    /// The balancer process (HAProxy `show info`), when the source can say.
    public var process: BalancerProcess?

    public init(source: String, kind: BalancerKind, pools: [BalancerPool], takenAt: Timestamp, monotonicTime: Double) {
        self.source = source
        self.kind = kind
        self.pools = pools
        self.takenAt = takenAt
        self.monotonicTime = monotonicTime
    }

    /// Every instance of every pool.
    public var instances: [BalancerInstance] { pools.flatMap(\.instances) }

    /// A pool by name.
    public func pool(named name: String) -> BalancerPool? { pools.first { $0.name == name } }

    /// An instance by pool and name.
    public func instance(pool: String, name: String) -> BalancerInstance? {
        self.pool(named: pool)?.instances.first { $0.name == name }
    }
}
