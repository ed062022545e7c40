/// A pool of instances (HAProxy backend, Envoy cluster) in one sample.
public struct BalancerPool: Sendable, Hashable {
    public var source: String
    public var name: String
    public var instances: [BalancerInstance]
    /// Pool-wide counters (HAProxy `BACKEND` row; the sum of the hosts for Envoy).
    public var counters: InstanceCounters
    /// Pool-wide rates since the previous sample.
    public var rates: TrafficRates?
    /// Sessions and queue of the whole pool.
    public var sessions: Int
    public var queue: Int
    /// Circuit-breaker gauges that are open (Envoy `circuit_breakers.<priority>.<name>_open`,
    /// e.g. `default.cx_open`): the pool is saturated and the balancer is refusing work.
    public var saturatedBreakers: [String]
    /// The pool's own bytes, responses by class, errors and limits (HAProxy `BACKEND` row; Envoy
    /// cluster stats).
    public var detail = TrafficDetail()
    /// Hosts ejected by outlier detection now (Envoy `outlier_detection.ejections_active`).
    public var ejectedHosts: Int?

    public init(
        source: String, name: String, instances: [BalancerInstance], counters: InstanceCounters = InstanceCounters(),
        rates: TrafficRates? = nil, sessions: Int = 0, queue: Int = 0, saturatedBreakers: [String] = []
    ) {
        self.source = source
        self.name = name
        self.instances = instances
        self.counters = counters
        self.rates = rates
        self.sessions = sessions
        self.queue = queue
        self.saturatedBreakers = saturatedBreakers
    }

    /// Instances that take new traffic (up, going down, no check).
    public var servingInstances: [BalancerInstance] { instances.filter { $0.status.isServing } }

    /// Whether at least one instance takes traffic. A pool without instances counts as healthy
    /// (nothing to lose).
    public var hasHealthyInstance: Bool {
        if instances.isEmpty { return true }
        for index in instances.indices where instances[index].status.isServing { return true }
        return false
    }

    /// Serving instances with a weight above zero: those that share the traffic.
    public var weightedServingCount: Int {
        var count = 0
        for index in instances.indices where instances[index].status.isServing && instances[index].effectiveWeight > 0 { count += 1 }
        return count
    }

    /// The share an instance would have if weights were equal: 1 / serving instances with weight.
    public var fairShare: Double? {
        let count = weightedServingCount
        return count == 0 ? nil : 1 / Double(count)
    }

    /// Sets every instance's ``BalancerInstance/share``: its effective weight over the summed
    /// effective weight of the serving instances. Instances that do not serve get `nil`.
    ///
    /// The sum is taken in `Double`: weights come from the balancer as sent, and two at
    /// `Int64.max` (a hostile or broken source) would overflow an integer sum and trap. Below
    /// 2^53 (any real pool) the `Double` sum is exact, so shares are what an integer sum gives;
    /// above it they still sum to 100 % within rounding.
    public mutating func computeShares() {
        // In place through the buffer: no instance is copied out of the array.
        instances.withUnsafeMutableBufferPointer { instances in
            var total = 0.0
            for index in instances.indices where instances[index].status.isServing {
                total += Double(max(0, instances[index].effectiveWeight))
            }
            for index in instances.indices {
                if total > 0, instances[index].status.isServing {
                    instances[index].share = Double(max(0, instances[index].effectiveWeight)) / total
                } else {
                    instances[index].share = nil
                }
            }
        }
    }
}
