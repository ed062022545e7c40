/// Turns a source's successive raw snapshots into complete ones: rates from counter differences
/// and breaker states from the evidence of this sample and the last.
///
/// One value per source; feed it every snapshot in order. A counter that went down (reload,
/// `clear counters`) starts a new baseline — the rate is `nil` for that sample, never negative.
public struct SnapshotHistory: Sendable {
    private struct Previous: Sendable {
        var counters: InstanceCounters
        var time: Double
        var breaker: BreakerState
        var failedObservations: UInt64?
    }

    private var instances: [String: Previous] = [:]
    private var pools: [String: (counters: InstanceCounters, time: Double)] = [:]

    public init() {}

    /// Returns `snapshot` with rates and breaker states filled in, and remembers it.
    public mutating func refine(_ snapshot: BalancerSnapshot) -> BalancerSnapshot {
        var result = snapshot
        let now = snapshot.monotonicTime
        var seenInstances: [String: Previous] = [:]
        var seenPools: [String: (counters: InstanceCounters, time: Double)] = [:]
        seenInstances.reserveCapacity(instances.count)
        for p in result.pools.indices {
            let poolName = result.pools[p].name
            if let before = pools[poolName] {
                result.pools[p].rates = TrafficRates.between(before.counters, at: before.time, result.pools[p].counters, at: now)
            }
            seenPools[poolName] = (result.pools[p].counters, now)
            for i in result.pools[p].instances.indices {
                let key = poolName + "/" + result.pools[p].instances[i].name
                let previous = instances[key]
                var instance = result.pools[p].instances[i]
                if let previous {
                    instance.rates = TrafficRates.between(previous.counters, at: previous.time, instance.counters, at: now)
                }
                instance.breaker = Self.breaker(for: instance, previous: previous)
                var failed: UInt64?
                if case .haproxy(let value, _, _) = instance.breakerEvidence { failed = value }
                seenInstances[key] = Previous(counters: instance.counters, time: now, breaker: instance.breaker, failedObservations: failed)
                result.pools[p].instances[i] = instance
            }
        }
        instances = seenInstances
        pools = seenPools
        return result
    }

    /// The breaker inference described on ``BreakerState``.
    private static func breaker(for instance: BalancerInstance, previous: Previous?) -> BreakerState {
        switch instance.breakerEvidence {
        case .none:
            return .notObserved
        case .envoy(let ejected):
            guard let ejected else { return .notObserved }
            return ejected ? .open : .closed
        case .haproxy(let failed, let checkStatus, let throttle):
            guard let failed else { return .notObserved }
            let before = previous?.failedObservations
            let rose = before.map { failed > $0 } ?? false
            let tripped = rose || checkStatus == "HANA"
            let wasTripped = previous?.breaker == .open || previous?.breaker == .halfOpen
            switch instance.status {
            case .down:
                return tripped || wasTripped ? .open : .closed
            case .goingUp:
                if rose { return .open }
                return tripped || wasTripped ? .halfOpen : .closed
            case .up, .goingDown, .noCheck:
                if (wasTripped || rose), let throttle, throttle < 100 { return .halfOpen }
                return .closed
            case .draining, .maintenance, .other:
                return wasTripped ? previous?.breaker ?? .closed : .closed
            }
        }
    }
}
