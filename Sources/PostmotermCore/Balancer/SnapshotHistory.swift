/// Turns a source's successive raw snapshots into complete ones: rates from counter differences
/// and breaker states from the evidence of this sample and the last.
///
/// One value per source; feed it every snapshot in order. A counter that went down (reload,
/// `clear counters`) starts a new baseline — the rate is `nil` for that sample, never negative.
public struct SnapshotHistory: Sendable {
    private struct Previous: Sendable {
        var counters: InstanceCounters
        var breaker: BreakerState
        var failedObservations: UInt64?
    }

    /// One pool's last sample.
    private struct PoolSample: Sendable {
        var counters: InstanceCounters
        var time: Double
        var instances: PerInstance<Previous>
    }

    private var pools: [String: PoolSample] = [:]

    public init() {}

    /// Returns `snapshot` with rates and breaker states filled in, and remembers it.
    public mutating func refine(_ snapshot: consuming BalancerSnapshot) -> BalancerSnapshot {
        var result = snapshot
        let now = result.monotonicTime
        var seen: [String: PoolSample] = [:]
        for p in result.pools.indices {
            let poolName = result.pools[p].name
            var before = pools[poolName]
            if let before {
                result.pools[p].rates = TrafficRates.between(before.counters, at: before.time, result.pools[p].counters, at: now)
            }
            let count = result.pools[p].instances.count
            var sample = PoolSample(counters: result.pools[p].counters, time: now, instances: PerInstance(capacity: count))
            result.pools[p].instances.withUnsafeMutableBufferPointer { instances in
                for i in instances.indices {
                    let previous = before?.instances.find(instances[i].name, at: i)
                    if let previous, let time = before?.time {
                        instances[i].rates = TrafficRates.between(previous.counters, at: time, instances[i].counters, at: now)
                    }
                    instances[i].breaker = Self.breaker(for: instances[i], previous: previous)
                    var failed: UInt64?
                    if case .haproxy(let value, _, _) = instances[i].breakerEvidence { failed = value }
                    sample.instances.append(
                        Previous(counters: instances[i].counters, breaker: instances[i].breaker, failedObservations: failed),
                        for: instances[i].name)
                }
            }
            seen[poolName] = sample
        }
        pools = seen
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
