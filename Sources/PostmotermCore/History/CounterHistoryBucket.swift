/// What one balancer's instances did during one 10-second bucket, as the incident log keeps it
/// (the `counter_history` table, written by the console that records the balancer).
///
/// The log's one per-instance record of traffic: `balancerCounters` events carry the pools'
/// cumulative counters (the draft's impact per pool); per instance, these buckets carry what
/// happened in each 10 seconds, plus CPU and memory when Prometheus reports them.
public struct CounterHistoryBucket: Sendable, Hashable {
    /// How long a bucket lasts.
    public static let milliseconds: Int64 = 10_000

    /// What one instance did during the bucket.
    public struct Value: Sendable, Hashable {
        /// Requests answered during the bucket (the increase of the balancer's counter).
        public var requests: UInt64
        /// 5xx responses during the bucket; nil when the balancer reports none.
        public var responses5xx: UInt64?
        /// The instance's share of its pool's traffic weight at the end of the bucket, as the
        /// health pane shows it (``BalancerInstance/share``; 0 while it does not serve), in
        /// percent to two decimals; nil: unknown.
        public var sharePercent: Double?
        /// CPU use at the end of the bucket, percent of one core (whole percents); nil: unknown.
        public var cpuPercent: Int?
        /// Resident memory at the end of the bucket, in MiB; nil: unknown.
        public var memoryMiB: Int?

        public init(
            requests: UInt64, responses5xx: UInt64? = nil, sharePercent: Double? = nil, cpuPercent: Int? = nil,
            memoryMiB: Int? = nil
        ) {
            self.requests = requests
            self.responses5xx = responses5xx
            self.sharePercent = sharePercent.map { ($0 * 100).rounded() / 100 }
            self.cpuPercent = cpuPercent
            self.memoryMiB = memoryMiB
        }
    }

    /// The balancer (masked address).
    public var source: String
    /// The bucket's number: its start in milliseconds since the epoch divided by ``milliseconds``.
    public var index: Int64
    /// `pool/instance`, in the balancer's order.
    public var instances: [String]
    /// Per instance, in the order of ``instances``.
    public var values: [Value]

    public init(source: String, index: Int64, instances: [String], values: [Value]) {
        self.source = source
        self.index = index
        self.instances = instances
        self.values = values
    }

    /// When the bucket starts.
    public var start: Timestamp { Timestamp(millisecondsSinceEpoch: index * Self.milliseconds) }

    /// The bucket holding `time`.
    public static func index(of time: Timestamp) -> Int64 {
        let milliseconds = time.millisecondsSinceEpoch
        return milliseconds >= 0 ? milliseconds / Self.milliseconds : (milliseconds - Self.milliseconds + 1) / Self.milliseconds
    }
}
