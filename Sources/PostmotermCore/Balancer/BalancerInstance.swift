/// One instance behind a balancer — an HAProxy server or an Envoy host — as seen in one sample.
public struct BalancerInstance: Sendable, Hashable {
    /// The source it was read from (masked ``BalancerAddress/display``).
    public var source: String
    /// The pool (HAProxy backend, Envoy cluster).
    public var pool: String
    /// The instance name (HAProxy server name; Envoy `host:port`).
    public var name: String
    /// `host:port` when the source shows it.
    public var address: String?
    public var status: InstanceStatus
    /// The weight the balancer uses now (HAProxy `weight`; lower during slow start).
    public var effectiveWeight: Int
    /// The weight as configured or set at runtime (HAProxy `uweight`).
    public var configuredWeight: Int
    /// This instance's part of the pool's traffic weight, 0…1; `nil` when it takes no traffic or
    /// the pool has no weight at all. See ``BalancerPool/computeShares()``.
    public var share: Double?
    /// Current sessions (connections / active requests).
    public var sessions: Int
    /// Requests waiting in this instance's queue.
    public var queue: Int
    public var counters: InstanceCounters
    /// Rates since the previous sample; `nil` on the first sample or after a counter reset.
    public var rates: TrafficRates?
    /// Average response time in ms (HAProxy `rtime`, last 1024 requests).
    public var responseTimeMs: Int?
    /// Average total session time in ms (HAProxy `ttime`).
    public var totalTimeMs: Int?
    /// Health-check status code (`L7OK`, `L4CON`, `HANA`…), empty without checks.
    public var checkStatus: String
    /// Health-check description (`Layer7 wrong status`…), escaped.
    public var checkDescription: String
    public var breaker: BreakerState
    public var breakerEvidence: BreakerEvidence
    /// Seconds since the last status change, when known.
    public var secondsSinceChange: Int?

    /// Always inlined, with the strings and enums taken as `consuming`: an instance is large, and
    /// otherwise the compiler built it in a temporary and copied it whole (retaining every
    /// string) on the way out — the most expensive step of parsing a 1,000-server table.
    @inline(__always)
    public init(
        source: consuming String, pool: consuming String, name: consuming String, address: consuming String? = nil,
        status: consuming InstanceStatus,
        effectiveWeight: Int, configuredWeight: Int, share: Double? = nil, sessions: Int = 0, queue: Int = 0,
        counters: InstanceCounters = InstanceCounters(), rates: TrafficRates? = nil,
        responseTimeMs: Int? = nil, totalTimeMs: Int? = nil, checkStatus: consuming String = "",
        checkDescription: consuming String = "", breaker: BreakerState = .notObserved,
        breakerEvidence: consuming BreakerEvidence = .none, secondsSinceChange: Int? = nil
    ) {
        self.source = source
        self.pool = pool
        self.name = name
        self.address = address
        self.status = status
        self.effectiveWeight = effectiveWeight
        self.configuredWeight = configuredWeight
        self.share = share
        self.sessions = sessions
        self.queue = queue
        self.counters = counters
        self.rates = rates
        self.responseTimeMs = responseTimeMs
        self.totalTimeMs = totalTimeMs
        self.checkStatus = checkStatus
        self.checkDescription = checkDescription
        self.breaker = breaker
        self.breakerEvidence = breakerEvidence
        self.secondsSinceChange = secondsSinceChange
    }

    /// `pool/name`, how findings and tables name the instance.
    public var qualifiedName: String { "\(pool)/\(name)" }
}
