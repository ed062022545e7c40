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
    /// Whether a pool that lists the same names in the same order as last time has its values
    /// replaced in place (tests turn it off to compare with the search by name).
    var replacesInPlace = true

    public init() {}

    /// Returns `snapshot` with rates and breaker states filled in, and remembers it.
    public mutating func refine(_ snapshot: consuming BalancerSnapshot) -> BalancerSnapshot {
        var result = snapshot
        let now = result.monotonicTime
        var seen: [String: PoolSample] = [:]
        // Each pool's last sample is taken out of `pools` (so its values are replaced in place,
        // not copied first) unless two pools share a name, which then both see the same sample.
        let distinct = result.pools.count < 2 || Set(result.pools.map(\.name)).count == result.pools.count
        for p in result.pools.indices {
            let poolName = result.pools[p].name
            var before = distinct ? pools.removeValue(forKey: poolName) : pools[poolName]
            if let before {
                result.pools[p].rates = TrafficRates.between(before.counters, at: before.time, result.pools[p].counters, at: now)
            }
            let count = result.pools[p].instances.count
            var sample = PoolSample(counters: result.pools[p].counters, time: now, instances: PerInstance())
            // Through a pointer, field by field: passing `instances[i]` on by value copied the
            // whole instance for every call.
            result.pools[p].instances.withUnsafeMutableBufferPointer { instances in
                guard let first = instances.baseAddress else { return }
                if replacesInPlace, var kept = before.take() {
                    guard kept.instances.hasNames(of: UnsafeBufferPointer(instances)) else {
                        before = kept
                        return readByName(instances)
                    }
                    // The same instances in the same order: each one's previous values at its own
                    // position, replaced there.
                    let time = kept.time
                    swap(&sample.instances, &kept.instances)
                    for i in instances.indices {
                        let instance = first + i
                        let previous = sample.instances.value(at: i)
                        instance.pointee.rates = TrafficRates.between(previous.counters, at: time, instance.pointee.counters, at: now)
                        instance.pointee.breaker = Self.breaker(for: UnsafePointer(instance), previous: previous)
                        sample.instances.replace(Self.remembered(UnsafePointer(instance)), at: i)
                    }
                    return
                }
                readByName(instances)
            }
            seen[poolName] = sample

            /// Each instance's previous values found by name (position first).
            func readByName(_ instances: UnsafeMutableBufferPointer<BalancerInstance>) {
                guard let first = instances.baseAddress else { return }
                sample.instances = PerInstance(capacity: count)
                for i in instances.indices {
                    let instance = first + i
                    let previous = before?.instances.find(instance.pointee.name, at: i)
                    if let previous, let time = before?.time {
                        instance.pointee.rates = TrafficRates.between(previous.counters, at: time, instance.pointee.counters, at: now)
                    }
                    instance.pointee.breaker = Self.breaker(for: UnsafePointer(instance), previous: previous)
                    sample.instances.append(Self.remembered(UnsafePointer(instance)), for: instance.pointee.name)
                }
            }
        }
        pools = seen
        return result
    }

    /// What the next sample needs of `instance`.
    @inline(__always)
    private static func remembered(_ instance: UnsafePointer<BalancerInstance>) -> Previous {
        var failed: UInt64?
        if case .haproxy(let value, _) = instance.pointee.breakerEvidence { failed = value }
        return Previous(counters: instance.pointee.counters, breaker: instance.pointee.breaker, failedObservations: failed)
    }

    /// The breaker inference described on ``BreakerState``.
    private static func breaker(for instance: UnsafePointer<BalancerInstance>, previous: Previous?) -> BreakerState {
        switch instance.pointee.breakerEvidence {
        case .none:
            return .notObserved
        case .envoy(let ejected):
            guard let ejected else { return .notObserved }
            return ejected ? .open : .closed
        case .haproxy(let failed, let throttle):
            guard let failed else { return .notObserved }
            let before = previous?.failedObservations
            let rose = before.map { failed > $0 } ?? false
            let tripped = rose || instance.pointee.checkStatus == "HANA"
            let wasTripped = previous?.breaker == .open || previous?.breaker == .halfOpen
            switch instance.pointee.status {
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
