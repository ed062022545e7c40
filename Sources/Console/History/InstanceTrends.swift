import Foundation
import PostmotermCore

/// The console's recent history of every instance it shows (``InstanceTrend``), fed by the
/// polls the reducer receives: the health pane's sparklines (last 10 minutes) and the instance
/// detail view (last hour), both drawn a minute to a cell. In memory and pure; the incident log
/// keeps the 10-second history for the draft's charts (``CounterHistoryBucket``).
///
/// Cheap per poll: a poll in a 10-second bucket already sampled costs one comparison per source.
/// Only the minutes drawn are kept: an hour of cells, not an hour of samples (at 1,003 instances,
/// 0.4 MB instead of 2.2 MB, each sample six times fewer bytes to copy while the loop still holds
/// the state drawn last).
public struct InstanceTrends: Sendable, Hashable {
    /// An hour of one-minute cells.
    public static let capacity = 60
    /// Seconds between samples: the first poll of each 10-second bucket is taken.
    public static let sampleSeconds = 10.0
    /// Seconds per cell.
    public static let cellSeconds = 60.0

    /// Per source, the 10-second bucket last sampled.
    private var sampled: [String: Int64] = [:]
    private var trends: [Key: InstanceTrend] = [:]

    struct Key: Hashable, Sendable {
        var source: String
        var pool: String
        var instance: String
    }

    public init() {}

    /// Samples `rows` (one source's servers) at `time`, once per 10-second bucket.
    public mutating func record(source: String, rows: [HealthRow], at time: Date) {
        let seconds = time.timeIntervalSince1970
        let bucket = Int64((seconds / Self.sampleSeconds).rounded(.down))
        guard sampled[source] != bucket else { return }
        sampled[source] = bucket
        let minute = Int64((seconds / Self.cellSeconds).rounded(.down))
        rows.withUnsafeBufferPointer { rows in
            for index in rows.indices where rows[index].kind == .server {
                let key = Key(source: source, pool: rows[index].pool, instance: rows[index].instance)
                // While it does not serve, its share is none of the pool's traffic.
                let share = rows[index].share.map { $0 * 100 } ?? (rows[index].status.isServing ? nil : 0)
                trends[key, default: InstanceTrend(lastMinute: minute)].sample(
                    minute: minute, requests: rows[index].requestsPerSecond, errors: rows[index].errorPercent, share: share,
                    capacity: Self.capacity)
            }
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
