/// What the balancer's own counters say an incident's traffic was: requests and 5xx per pool
/// (and per instance) over the recorded samples, and the worst stretch between two samples.
///
/// Computed from `balancerCounters` entries (``CounterSample``): across each pair of consecutive
/// samples of a source a counter's increase is its difference, or — when it went down, because
/// the balancer reloaded — its new value (a new segment, counted from zero).
public struct CounterTraffic: Codable, Hashable, Sendable {
    /// Requests and 5xx answers of one pool or instance over the recorded span.
    public struct Count: Codable, Hashable, Sendable {
        public var requests: UInt64 = 0
        public var responses5xx: UInt64 = 0
        /// Whether the balancer reports 5xx for it at all.
        public var has5xx = false

        /// 5xx as a percentage of requests, 0…100 (nil without requests or 5xx counter).
        public var errorPercent: Double? {
            guard has5xx, requests > 0 else { return nil }
            return Double(responses5xx) / Double(requests) * 100
        }
    }

    /// One pool of one source.
    public struct Pool: Codable, Hashable, Sendable {
        public var source: String
        public var name: String
        public var count: Count
        /// Its instances by name, in name order.
        public var instances: [String: Count]
        /// The first and last sample that saw it.
        public var from: Timestamp
        public var until: Timestamp
    }

    /// The stretch between two samples with the highest 5xx share.
    public struct Peak: Codable, Hashable, Sendable {
        public var pool: String
        public var percent: Double
        public var count: Count
        public var from: Timestamp
        public var until: Timestamp
    }

    /// Pools in the order first seen.
    public var pools: [Pool] = []
    /// The worst stretch (at least ``minimumRequests`` requests), if any.
    public var peak: Peak?
    /// How many times a source's counters went down (a reload or restart).
    public var resets = 0
    /// Samples read.
    public var sampleCount = 0

    /// Fewer requests than this between two samples are too few for a peak percentage.
    public static let minimumRequests: UInt64 = 20

    public init() {}

    /// Reads the samples among `entries` (timeline order; other entries are ignored).
    public init(entries: [TimelineEntry]) {
        var bySource: [String: [CounterSample]] = [:]
        var order: [String] = []
        for entry in entries where entry.kind == .balancerCounters {
            guard let sample = CounterSample(kind: entry.kind, time: entry.time, data: entry.data) else { continue }
            if bySource[sample.source] == nil { order.append(sample.source) }
            bySource[sample.source, default: []].append(sample)
            sampleCount += 1
        }
        for source in order {
            let samples = (bySource[source] ?? []).sorted { $0.at < $1.at }
            add(source: source, samples: samples)
        }
    }

    /// Totals over all pools.
    public var total: Count {
        pools.reduce(into: Count()) { sum, pool in
            sum.requests += pool.count.requests
            sum.responses5xx += pool.count.responses5xx
            sum.has5xx = sum.has5xx || pool.count.has5xx
        }
    }

    private mutating func add(source: String, samples: [CounterSample]) {
        guard let first = samples.first else { return }
        var poolIndex: [String: Int] = [:]
        for name in first.pools.keys.sorted() {
            poolIndex[name] = pools.count
            pools.append(Pool(source: source, name: name, count: Count(), instances: [:], from: first.at, until: first.at))
        }
        for (previous, sample) in zip(samples, samples.dropFirst()) {
            if sample.isReset(after: previous) { resets += 1 }
            for (name, now) in sample.pools {
                let index: Int
                if let known = poolIndex[name] {
                    index = known
                } else {
                    // A pool that appeared later counts from its first sample.
                    index = pools.count
                    poolIndex[name] = index
                    pools.append(Pool(source: source, name: name, count: Count(), instances: [:], from: sample.at, until: sample.at))
                    continue
                }
                guard let before = previous.pools[name] else { continue }
                let step = Self.increase(from: before, to: now)
                pools[index].count.requests += step.requests
                pools[index].count.responses5xx += step.responses5xx
                pools[index].count.has5xx = pools[index].count.has5xx || step.has5xx
                pools[index].until = sample.at
                if step.requests >= Self.minimumRequests, let percent = step.errorPercent,
                    peak.map({ percent > $0.percent }) ?? true
                {
                    peak = Peak(pool: name, percent: percent, count: step, from: previous.at, until: sample.at)
                }
            }
            for (key, now) in sample.instances {
                guard let before = previous.instances[key], let slash = key.firstIndex(of: "/"),
                    let index = poolIndex[String(key[..<slash])]
                else { continue }
                let step = Self.increase(from: before, to: now)
                let name = String(key[key.index(after: slash)...])
                var count = pools[index].instances[name] ?? Count()
                count.requests += step.requests
                count.responses5xx += step.responses5xx
                count.has5xx = count.has5xx || step.has5xx
                pools[index].instances[name] = count
            }
        }
    }

    /// Per-instance counts from the log's history buckets (``CounterHistoryBucket``), for pools
    /// whose samples carry none (the recorder keeps instances in the history only).
    public mutating func addInstances(from buckets: [CounterHistoryBucket]) {
        guard !buckets.isEmpty else { return }
        var index: [String: Int] = [:]
        for (position, pool) in pools.enumerated() where pool.instances.isEmpty {
            index[pool.source + "\n" + pool.name] = position
        }
        guard !index.isEmpty else { return }
        // Summed per position of each distinct list of instances first (no string work per bucket).
        var layouts: [(source: String, names: [String], counts: [Count])] = []
        for bucket in buckets {
            var slot = layouts.lastIndex { $0.source == bucket.source && $0.names == bucket.instances }
            if slot == nil {
                layouts.append((bucket.source, bucket.instances, Array(repeating: Count(), count: bucket.instances.count)))
                slot = layouts.count - 1
            }
            guard let slot else { continue }
            for (position, value) in bucket.values.enumerated() where position < layouts[slot].counts.count {
                layouts[slot].counts[position].requests += value.requests
                layouts[slot].counts[position].responses5xx += value.responses5xx ?? 0
                if value.responses5xx != nil { layouts[slot].counts[position].has5xx = true }
            }
        }
        for layout in layouts {
            for (key, sum) in zip(layout.names, layout.counts) {
                guard let slash = key.firstIndex(of: "/"), let position = index[layout.source + "\n" + key[..<slash]] else { continue }
                let name = String(key[key.index(after: slash)...])
                var count = pools[position].instances[name] ?? Count()
                count.requests += sum.requests
                count.responses5xx += sum.responses5xx
                count.has5xx = count.has5xx || sum.has5xx
                pools[position].instances[name] = count
            }
        }
    }

    /// A counter's increase between two readings; a lower reading starts a new segment from zero.
    static func increase(from before: InstanceCounters, to now: InstanceCounters) -> Count {
        func step(_ old: UInt64?, _ new: UInt64?) -> UInt64 {
            guard let new else { return 0 }
            guard let old, new >= old else { return new }
            return new - old
        }
        // A reset of either counter is a reset of both (they restart together).
        let reset = (now.requests ?? 0) < (before.requests ?? 0) || (now.responses5xx ?? 0) < (before.responses5xx ?? 0)
        return Count(
            requests: reset ? now.requests ?? 0 : step(before.requests, now.requests),
            responses5xx: reset ? now.responses5xx ?? 0 : step(before.responses5xx, now.responses5xx),
            has5xx: now.responses5xx != nil)
    }
}
