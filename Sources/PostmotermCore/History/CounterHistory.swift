/// An incident's per-instance history as series to draw: for each instance, one point per
/// recorded 10-second bucket with its request rate, 5xx share, share of its pool's traffic,
/// and CPU and memory when known.
public struct CounterHistory: Sendable {
    /// One instance at one bucket.
    public struct Point: Sendable, Hashable {
        /// The bucket's start.
        public var at: Timestamp
        public var requestsPerSecond: Double
        /// 5xx as a percentage of requests (nil without requests or a 5xx counter).
        public var errorPercent: Double?
        /// Share of its pool's traffic, 0…1: of the traffic weight (as the health pane shows it)
        /// when recorded, else of the pool's requests in the bucket (nil when it had none).
        public var share: Double?
        public var cpuPercent: Double?
        public var memoryMiB: Double?
    }

    /// One instance of one balancer.
    public struct Series: Sendable, Hashable {
        public var source: String
        public var pool: String
        public var instance: String
        /// In time order.
        public var points: [Point]

        /// `pool/instance`.
        public var key: String { pool + "/" + instance }
    }

    /// In the order first seen (balancer, then the balancer's order).
    public var series: [Series]

    /// The series of `buckets` (any order). Per distinct list of instances (usually one per
    /// balancer) the series and pool of each position are looked up once, not per bucket.
    public init(buckets: [CounterHistoryBucket]) {
        var series: [Series] = []
        var position: [String: Int] = [:]
        let seconds = Double(CounterHistoryBucket.milliseconds) / 1000
        let ordered = buckets.sorted { ($0.source, $0.index) < ($1.source, $1.index) }
        var layout: (source: String, names: [String], series: [Int], pools: [Int], poolCount: Int)?
        var poolRequests: [UInt64] = []
        for bucket in ordered {
            if layout == nil || layout?.source != bucket.source || layout?.names != bucket.instances {
                var seriesIndex: [Int] = []
                var poolIndex: [Int] = []
                var pools: [Substring: Int] = [:]
                for name in bucket.instances {
                    let pool = Self.pool(of: name)
                    let key = bucket.source + "\n" + name
                    if position[key] == nil {
                        position[key] = series.count
                        series.append(Series(
                            source: bucket.source, pool: String(pool),
                            instance: String(name.dropFirst(pool.count + (pool.count < name.count ? 1 : 0))), points: []))
                    }
                    seriesIndex.append(position[key] ?? 0)
                    if pools[pool] == nil { pools[pool] = pools.count }
                    poolIndex.append(pools[pool] ?? 0)
                }
                layout = (bucket.source, bucket.instances, seriesIndex, poolIndex, pools.count)
            }
            guard let layout else { continue }
            poolRequests = Array(repeating: 0, count: layout.poolCount)
            for (index, value) in bucket.values.enumerated() where index < layout.pools.count {
                poolRequests[layout.pools[index]] += value.requests
            }
            let start = bucket.start
            for (index, value) in bucket.values.enumerated() where index < layout.series.count {
                let total = poolRequests[layout.pools[index]]
                series[layout.series[index]].points.append(Point(
                    at: start, requestsPerSecond: Double(value.requests) / seconds,
                    errorPercent: value.requests > 0 ? value.responses5xx.map { Double($0) / Double(value.requests) * 100 } : nil,
                    share: value.sharePercent.map { $0 / 100 } ?? (total > 0 ? Double(value.requests) / Double(total) : nil),
                    cpuPercent: value.cpuPercent.map(Double.init), memoryMiB: value.memoryMiB.map(Double.init)))
            }
        }
        self.series = series
    }

    /// Whether any instance has a CPU reading.
    public var hasCPU: Bool {
        series.contains { $0.points.contains { $0.cpuPercent != nil } }
    }

    /// The first and last bucket start, if any.
    public var span: (from: Timestamp, until: Timestamp)? {
        let starts = series.flatMap { [$0.points.first?.at, $0.points.last?.at].compactMap { $0 } }
        guard let from = starts.min(), let until = starts.max() else { return nil }
        return (from, until.adding(milliseconds: CounterHistoryBucket.milliseconds))
    }

    private static func pool(of name: String) -> Substring {
        name.firstIndex(of: "/").map { name[..<$0] } ?? Substring(name)
    }
}
