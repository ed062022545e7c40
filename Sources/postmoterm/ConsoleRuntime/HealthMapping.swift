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
            let serving = pool.instances.filter { $0.status.isServing }.count
            let trigger = serving >= 2 ? thresholds.skewTrigger(fairShare: 1 / Double(serving)) : Double.infinity
            for instance in pool.instances {
                let skewed = instance.status.isServing && (instance.share ?? 0) >= trigger
                let check = instance.checkStatus.isEmpty ? "" : instance.checkStatus
                rows.append(HealthRow(
                    source: report.source, pool: instance.pool, instance: instance.name, address: instance.address,
                    status: instance.status, weight: instance.effectiveWeight, configuredWeight: instance.configuredWeight,
                    share: instance.share, skewed: skewed, sessions: instance.sessions,
                    requestsPerSecond: instance.rates?.requestsPerSecond, errorPercent: instance.rates?.errorPercent,
                    latencyMilliseconds: instance.responseTimeMs, check: check, breaker: instance.breaker,
                    // Whole seconds: the same change reads the same from poll to poll.
                    lastChange: instance.secondsSinceChange.map { Date(timeIntervalSince1970: (now.timeIntervalSince1970 - Double($0)).rounded()) },
                    actionable: actionable))
            }
        }
        return rows
    }
}
