/// Turns a recorded balancer's polls into 10-second ``CounterHistoryBucket``s: per instance, the
/// increase of its request and 5xx counters between the last poll of the previous bucket and
/// the last poll of this one (a counter that went down — a reload — counts from zero), with its
/// latest share of the pool's traffic weight and the latest CPU and memory known.
///
/// Pure and cheap per poll: the latest snapshot is kept as it is (shared, not copied) and read
/// only when its bucket closes, at the first poll of a later bucket (or at ``flush()``).
public struct CounterHistoryRecorder: Sendable {
    private struct Memory: Sendable {
        /// The bucket the latest poll fell in.
        var index: Int64
        var latest: BalancerSnapshot
        var metrics: [String: InstanceMetrics]
        /// Counters at the last poll of the previous bucket (`pool/instance`).
        var base: [String: InstanceCounters]
    }

    private var sources: [String: Memory] = [:]

    public init() {}

    /// The buckets closed by this poll of `snapshot` at `time` (usually none; one every 10 s).
    /// `metrics` are the instances' process metrics by `pool/instance`, when known.
    public mutating func observe(
        _ snapshot: BalancerSnapshot, at time: Timestamp, metrics: [String: InstanceMetrics] = [:]
    ) -> [CounterHistoryBucket] {
        let index = CounterHistoryBucket.index(of: time)
        guard var memory = sources[snapshot.source] else {
            // The first poll only sets the base: what came before it is not known.
            sources[snapshot.source] = Memory(
                index: index, latest: snapshot, metrics: metrics, base: Self.counters(of: snapshot))
            return []
        }
        var closed: [CounterHistoryBucket] = []
        if index > memory.index {
            let (bucket, counters) = Self.bucket(of: memory)
            closed.append(bucket)
            memory.base = counters
            memory.index = index
        }
        memory.latest = snapshot
        if !metrics.isEmpty || !memory.metrics.isEmpty { memory.metrics = metrics }
        sources[snapshot.source] = memory
        return closed
    }

    /// The open bucket of every source (recording stops, or a draft is about to be written);
    /// the next poll of a source starts from what was flushed.
    public mutating func flush() -> [CounterHistoryBucket] {
        var out: [CounterHistoryBucket] = []
        for source in sources.keys.sorted() {
            guard var memory = sources[source] else { continue }
            let (bucket, counters) = Self.bucket(of: memory)
            out.append(bucket)
            memory.base = counters
            sources[source] = memory
        }
        return out
    }

    /// Forgets `source` (no longer recorded here).
    public mutating func forget(source: String) {
        sources[source] = nil
    }

    private static func counters(of snapshot: BalancerSnapshot) -> [String: InstanceCounters] {
        var counters: [String: InstanceCounters] = [:]
        for pool in snapshot.pools {
            for instance in pool.instances { counters[pool.name + "/" + instance.name] = instance.counters }
        }
        return counters
    }

    /// The bucket `memory` holds, and the counters it ends with (the next bucket's base).
    private static func bucket(of memory: Memory) -> (CounterHistoryBucket, [String: InstanceCounters]) {
        var names: [String] = []
        var values: [CounterHistoryBucket.Value] = []
        var counters: [String: InstanceCounters] = [:]
        for pool in memory.latest.pools {
            // A pool with shares: an instance without one does not serve (0 %).
            let hasShares = pool.instances.contains { $0.share != nil }
            for instance in pool.instances {
                let key = pool.name + "/" + instance.name
                let now = instance.counters
                counters[key] = now
                let before = memory.base[key]
                let step = CounterTraffic.increase(from: before ?? InstanceCounters(requests: 0, responses5xx: 0), to: now)
                let metrics = memory.metrics[key]
                names.append(key)
                values.append(CounterHistoryBucket.Value(
                    requests: before == nil ? 0 : step.requests,
                    responses5xx: now.responses5xx == nil ? nil : (before == nil ? 0 : step.responses5xx),
                    sharePercent: instance.share.map { $0 * 100 } ?? (hasShares ? 0 : nil),
                    cpuPercent: metrics?.cpuPercent.map { Int($0.rounded()) },
                    memoryMiB: metrics?.memoryBytes.map { Int(($0 / 1_048_576).rounded()) }))
            }
        }
        let bucket = CounterHistoryBucket(
            source: memory.latest.source, index: memory.index, instances: names, values: values)
        return (bucket, counters)
    }
}
