import BalancerAdapters
import Console
import Foundation
import PostmotermCore

/// Turns the balancer monitor's reports into the console's header states and table rows.
enum HealthMapping {
    static func sourceStatus(_ report: SourceReport, now: Date) -> SourceStatus {
        let state: PollState
        switch report.state {
        case .pending: state = .connecting
        case .live: state = .live
        case .stale(let age, let reason):
            // Whole seconds: repeated failed polls must not move `since` by milliseconds.
            state = .stale(since: Date(timeIntervalSince1970: (now.timeIntervalSince1970 - age).rounded()), reason: reason)
        case .unreachable(let reason): state = .unreachable(reason: reason)
        }
        return SourceStatus(label: report.source, state: state)
    }

    /// The instances of a report's last good snapshot (nil when there is none yet).
    static func rows(_ report: SourceReport, actionable: Bool, thresholds: DetectorThresholds, now: Date) -> [HealthRow]? {
        guard let snapshot = report.snapshot else { return nil }
        var rows: [HealthRow] = []
        rows.reserveCapacity(snapshot.pools.reduce(0) { $0 + $1.instances.count })
        for pool in snapshot.pools {
            let trigger = skewTrigger(pool, thresholds: thresholds)
            for instance in pool.instances {
                rows.append(HealthRow(
                    source: report.source, pool: instance.pool, instance: instance.name, address: instance.address,
                    status: instance.status, weight: instance.effectiveWeight, configuredWeight: instance.configuredWeight,
                    share: instance.share, skewed: isSkewed(instance, trigger: trigger), sessions: instance.sessions,
                    requestsPerSecond: instance.rates?.requestsPerSecond, errorPercent: instance.rates?.errorPercent,
                    latencyMilliseconds: instance.responseTimeMs, check: instance.checkStatus, breaker: instance.breaker,
                    lastChange: lastChange(instance, now: now), actionable: actionable))
            }
        }
        return rows
    }

    /// Whether `rows(report, …)` would give exactly `previous` — the usual poll of a quiet
    /// balancer. Compared field by field in place, so an unchanged poll of 1,000 instances builds
    /// no rows, copies no strings and leaves the state (and the screen) alone.
    static func rowsMatch(
        _ previous: [HealthRow], _ report: SourceReport, actionable: Bool, thresholds: DetectorThresholds, now: Date
    ) -> Bool {
        guard let snapshot = report.snapshot else { return false }
        return previous.withUnsafeBufferPointer { rows in
            var index = 0
            for pool in snapshot.pools {
                let trigger = skewTrigger(pool, thresholds: thresholds)
                for instance in pool.instances {
                    guard index < rows.count else { return false }
                    let row = rows.baseAddress! + index
                    guard row.pointee.instance == instance.name, row.pointee.status == instance.status,
                        row.pointee.weight == instance.effectiveWeight,
                        row.pointee.configuredWeight == instance.configuredWeight,
                        row.pointee.share == instance.share, row.pointee.sessions == instance.sessions,
                        row.pointee.requestsPerSecond == instance.rates?.requestsPerSecond,
                        row.pointee.errorPercent == instance.rates?.errorPercent,
                        row.pointee.latencyMilliseconds == instance.responseTimeMs,
                        row.pointee.breaker == instance.breaker, row.pointee.check == instance.checkStatus,
                        row.pointee.lastChange == lastChange(instance, now: now),
                        row.pointee.skewed == isSkewed(instance, trigger: trigger),
                        row.pointee.pool == instance.pool, row.pointee.address == instance.address,
                        row.pointee.actionable == actionable, row.pointee.source == report.source
                    else { return false }
                    index += 1
                }
            }
            return index == rows.count
        }
    }

    /// The share at which an instance of `pool` counts as skewed (infinite with fewer than two
    /// instances serving: nothing to compare with).
    private static func skewTrigger(_ pool: BalancerPool, thresholds: DetectorThresholds) -> Double {
        // Counted in place: `filter` would copy every instance (and retain its strings).
        var serving = 0
        for index in pool.instances.indices where pool.instances[index].status.isServing { serving += 1 }
        return serving >= 2 ? thresholds.skewTrigger(fairShare: 1 / Double(serving)) : Double.infinity
    }

    private static func isSkewed(_ instance: BalancerInstance, trigger: Double) -> Bool {
        instance.status.isServing && (instance.share ?? 0) >= trigger
    }

    /// When the instance last changed, in whole seconds: the same change reads the same from
    /// poll to poll.
    private static func lastChange(_ instance: BalancerInstance, now: Date) -> Date? {
        instance.secondsSinceChange.map { Date(timeIntervalSince1970: (now.timeIntervalSince1970 - Double($0)).rounded()) }
    }
}
