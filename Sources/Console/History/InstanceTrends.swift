import Foundation
import PostmotermCore

/// The console's recent history of every instance it shows (``InstanceTrend``), fed by the
/// polls the reducer receives: the health pane's sparklines (last 10 minutes) and the instance
/// detail view (last hour). In memory and pure; the incident log keeps the history for the
/// draft (``CounterHistoryBucket``).
///
/// Cheap per poll: a poll in a bucket already sampled costs one comparison per source.
public struct InstanceTrends: Sendable, Hashable {
    /// An hour of 10-second buckets.
    public static let capacity = 360
    /// Seconds per bucket.
    public static let bucketSeconds = 10.0

    /// Per source, the bucket last sampled.
    private var sampled: [String: Int64] = [:]
    private var trends: [Key: InstanceTrend] = [:]

    struct Key: Hashable, Sendable {
        var source: String
        var pool: String
        var instance: String
    }

    public init() {}

    /// Samples `rows` (one source's servers) at `time`, once per bucket.
    public mutating func record(source: String, rows: [HealthRow], at time: Date) {
        let bucket = Int64((time.timeIntervalSince1970 / Self.bucketSeconds).rounded(.down))
        guard sampled[source] != bucket else { return }
        sampled[source] = bucket
        for row in rows where row.kind == .server {
            let key = Key(source: source, pool: row.pool, instance: row.instance)
            var trend = trends[key] ?? InstanceTrend(lastBucket: bucket)
            // While it does not serve, its share is none of the pool's traffic.
            let share = row.share.map { $0 * 100 } ?? (row.status.isServing ? nil : 0)
            trend.append(
                bucket: bucket, requests: row.requestsPerSecond, errors: row.errorPercent, share: share, capacity: Self.capacity)
            trends[key] = trend
        }
    }

    /// The trend of one instance, if it was seen.
    public func trend(source: String, pool: String, instance: String) -> InstanceTrend? {
        trends[Key(source: source, pool: pool, instance: instance)]
    }

    /// The trend of `row`'s instance.
    public func trend(of row: HealthRow) -> InstanceTrend? {
        trend(source: row.source, pool: row.pool, instance: row.instance)
    }
}
