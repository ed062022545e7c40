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

    /// The instances of a report's last good snapshot (nil when there is none yet). `previous`
    /// (the rows last shown) keeps each instance's change time steady: HAProxy counts whole
    /// seconds since the change, so the time derived from it wobbles by up to a second from poll
    /// to poll.
    static func rows(
        _ report: SourceReport, actionable: Bool, thresholds: DetectorThresholds, now: Date, previous: [HealthRow]? = nil
    ) -> [HealthRow]? {
        guard let snapshot = report.snapshot else { return nil }
        var rows: [HealthRow] = []
        rows.reserveCapacity(snapshot.pools.reduce(0) { $0 + $1.instances.count })
        for pool in snapshot.pools {
            let trigger = skewTrigger(pool, thresholds: thresholds)
            for instance in pool.instances {
                var changed = lastChange(instance, now: now)
                if let previous, rows.count < previous.count, previous[rows.count].instance == instance.name,
                    previous[rows.count].pool == instance.pool, sameMoment(previous[rows.count].lastChange, changed)
                {
                    changed = previous[rows.count].lastChange
                }
                rows.append(HealthRow(
                    source: report.source, pool: instance.pool, instance: instance.name, address: instance.address,
                    status: instance.status, weight: instance.effectiveWeight, configuredWeight: instance.configuredWeight,
                    share: instance.share, skewed: isSkewed(instance, trigger: trigger), sessions: instance.sessions,
                    requestsPerSecond: instance.rates?.requestsPerSecond, errorPercent: instance.rates?.errorPercent,
                    latencyMilliseconds: instance.responseTimeMs, check: instance.checkStatus, breaker: instance.breaker,
                    lastChange: changed, actionable: actionable))
            }
        }
        return rows
    }

    /// Whether `rows(report, …, previous: previous)` would give exactly `previous` — the usual
    /// poll of a quiet balancer. Compared field by field in place (no instance or row is copied),
    /// so an unchanged poll of 1,000 instances builds nothing and leaves the state, and the
    /// screen, alone.
    static func rowsMatch(
        _ previous: [HealthRow], _ report: SourceReport, actionable: Bool, thresholds: DetectorThresholds, now: Date
    ) -> Bool {
        guard let snapshot = report.snapshot else { return false }
        return previous.withUnsafeBufferPointer { rows in
            var index = 0
            for pool in snapshot.pools {
                let trigger = skewTrigger(pool, thresholds: thresholds)
                let matched = pool.instances.withUnsafeBufferPointer { instances in
                    for instance in instances.indices {
                        guard index < rows.count, matches(rows.baseAddress! + index, instances.baseAddress! + instance,
                                                          trigger: trigger, actionable: actionable, source: report.source, now: now)
                        else { return false }
                        index += 1
                    }
                    return true
                }
                if !matched { return false }
            }
            return index == rows.count
        }
    }

    private static func matches(
        _ row: UnsafePointer<HealthRow>, _ instance: UnsafePointer<BalancerInstance>, trigger: Double, actionable: Bool,
        source: String, now: Date
    ) -> Bool {
        row.pointee.instance == instance.pointee.name && row.pointee.status == instance.pointee.status
            && row.pointee.weight == instance.pointee.effectiveWeight
            && row.pointee.configuredWeight == instance.pointee.configuredWeight
            && row.pointee.share == instance.pointee.share && row.pointee.sessions == instance.pointee.sessions
            && row.pointee.requestsPerSecond == instance.pointee.rates?.requestsPerSecond
            && row.pointee.errorPercent == instance.pointee.rates?.errorPercent
            && row.pointee.latencyMilliseconds == instance.pointee.responseTimeMs
            && row.pointee.breaker == instance.pointee.breaker && row.pointee.check == instance.pointee.checkStatus
            && sameMoment(row.pointee.lastChange, lastChange(instance.pointee, now: now))
            && row.pointee.skewed == isSkewed(instance.pointee, trigger: trigger)
            && row.pointee.pool == instance.pointee.pool && row.pointee.address == instance.pointee.address
            && row.pointee.actionable == actionable && row.pointee.source == source
    }

    /// Two estimates of one change time: equal within the second of rounding either may carry.
    private static func sameMoment(_ first: Date?, _ second: Date?) -> Bool {
        switch (first, second) {
        case (nil, nil): true
        case (let first?, let second?): abs(first.timeIntervalSince(second)) <= 1.5
        default: false
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
