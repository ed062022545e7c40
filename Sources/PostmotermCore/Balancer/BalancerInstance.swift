/// One instance behind a balancer — an HAProxy server or an Envoy host — as seen in one sample.
///
/// A value type like any other; underneath, what rarely changes between polls (names, address,
/// status, weights, check, breaker evidence) lives in one shared, immutable ``InstanceProfile``
/// (a change makes a new one), and what a poll or ``SnapshotHistory`` changes (traffic, share, rates, breaker,
/// `lastchg`) is stored inline. Copying an instance thus costs one reference count instead of
/// six strings' worth, and a poll that changes only counters allocates nothing.
public struct BalancerInstance: Sendable {
    /// The rarely changing part (see the type's comment); shared, replaced on a change. Its
    /// getters are inlinable: called across modules, each read copied the whole instance.
    @usableFromInline private(set) var profile: InstanceProfile

    /// The source it was read from (masked ``BalancerAddress/display``).
    public var source: String {
        @inlinable get { profile.source }
        set { profile = profile.changing { $0.source = newValue } }
    }
    /// The pool (HAProxy backend, Envoy cluster).
    public var pool: String {
        @inlinable get { profile.pool }
        set { profile = profile.changing { $0.pool = newValue } }
    }
    /// The instance name (HAProxy server name; Envoy `host:port`).
    public var name: String {
        @inlinable get { profile.name }
        set { profile = profile.changing { $0.name = newValue } }
    }
    /// `host:port` when the source shows it.
    public var address: String? {
        @inlinable get { profile.address }
        set { profile = profile.changing { $0.address = newValue } }
    }
    public var status: InstanceStatus {
        @inlinable get { profile.status }
        set { profile = profile.changing { $0.status = newValue } }
    }
    /// The weight the balancer uses now (HAProxy `weight`; lower during slow start).
    public var effectiveWeight: Int {
        @inlinable get { profile.effectiveWeight }
        set { profile = profile.changing { $0.effectiveWeight = newValue } }
    }
    /// The weight as configured or set at runtime (HAProxy `uweight`).
    public var configuredWeight: Int {
        @inlinable get { profile.configuredWeight }
        set { profile = profile.changing { $0.configuredWeight = newValue } }
    }
    /// The weight in the balancer's configuration file (HAProxy `iweight`), when it says; a
    /// configured weight that differs was set at runtime.
    public var initialWeight: Int? {
        @inlinable get { profile.initialWeight }
        set { profile = profile.changing { $0.initialWeight = newValue } }
    }
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
    public var checkStatus: String {
        @inlinable get { profile.checkStatus }
        set { profile = profile.changing { $0.checkStatus = newValue } }
    }
    /// Health-check description (`Layer7 wrong status`…), escaped.
    public var checkDescription: String {
        @inlinable get { profile.checkDescription }
        set { profile = profile.changing { $0.checkDescription = newValue } }
    }
    public var breaker: BreakerState
    public var breakerEvidence: BreakerEvidence {
        @inlinable get { profile.breakerEvidence }
        set { profile = profile.changing { $0.breakerEvidence = newValue } }
    }
    /// Seconds since the last status change, when known.
    public var secondsSinceChange: Int?
    /// Bytes, responses by class, errors, check fails/downs, downtime, limits (hatop's columns).
    public var detail: TrafficDetail

    /// Always inlined, with the strings and enums taken as `consuming`: they move into the
    /// profile without a temporary copy.
    @inline(__always)
    public init(
        source: consuming String, pool: consuming String, name: consuming String, address: consuming String? = nil,
        status: consuming InstanceStatus,
        effectiveWeight: Int, configuredWeight: Int, initialWeight: Int? = nil, share: Double? = nil, sessions: Int = 0,
        queue: Int = 0,
        counters: InstanceCounters = InstanceCounters(), rates: TrafficRates? = nil,
        responseTimeMs: Int? = nil, totalTimeMs: Int? = nil, checkStatus: consuming String = "",
        checkDescription: consuming String = "", breaker: BreakerState = .notObserved,
        breakerEvidence: consuming BreakerEvidence = .none, secondsSinceChange: Int? = nil, detail: TrafficDetail = TrafficDetail()
    ) {
        self.init(
            profile: InstanceProfile(InstanceProfile.Fields(
                source: source, pool: pool, name: name, address: address, status: status, effectiveWeight: effectiveWeight,
                configuredWeight: configuredWeight, initialWeight: initialWeight, checkStatus: checkStatus,
                checkDescription: checkDescription, breakerEvidence: breakerEvidence)),
            share: share, sessions: sessions, queue: queue, counters: counters, rates: rates,
            responseTimeMs: responseTimeMs, totalTimeMs: totalTimeMs, breaker: breaker, secondsSinceChange: secondsSinceChange,
            detail: detail)
    }

    /// An instance with `profile` (shared as it is, e.g. the previous poll's).
    @inline(__always)
    init(
        profile: InstanceProfile, share: Double? = nil, sessions: Int, queue: Int, counters: InstanceCounters,
        rates: TrafficRates? = nil, responseTimeMs: Int?, totalTimeMs: Int?, breaker: BreakerState = .notObserved,
        secondsSinceChange: Int?, detail: TrafficDetail = TrafficDetail()
    ) {
        self.profile = profile
        self.detail = detail
        self.share = share
        self.sessions = sessions
        self.queue = queue
        self.counters = counters
        self.rates = rates
        self.responseTimeMs = responseTimeMs
        self.totalTimeMs = totalTimeMs
        self.breaker = breaker
        self.secondsSinceChange = secondsSinceChange
    }

    /// `pool/name`, how findings and tables name the instance.
    public var qualifiedName: String { "\(pool)/\(name)" }
}
