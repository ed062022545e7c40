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
        return SourceStatus(label: report.source, state: state, process: processLine(report.snapshot))
    }

    /// The process line of a snapshot: its start time to the minute (uptime moves every poll).
    static func processLine(_ snapshot: BalancerSnapshot?) -> ProcessLine? {
        guard let process = snapshot?.process else { return nil }
        let startedAt = process.uptimeSeconds.map { uptime in
            let started = (snapshot?.takenAt.date.timeIntervalSince1970 ?? 0) - Double(uptime)
            return Date(timeIntervalSince1970: (started / 60).rounded() * 60)
        }
        return ProcessLine(
            version: process.version, startedAt: startedAt, connections: process.currentConnections,
            maxConnections: process.maxConnections, connectionRate: process.connectionRate)
    }

    /// The rows of a report's last good snapshot (nil when there is none yet): each pool's
    /// instances then its `BACKEND` row, then the `FRONTEND` rows. `previous` (the rows last
    /// shown) keeps each instance's change time steady: HAProxy counts whole seconds since the
    /// change, so the time derived from it wobbles by up to a second from poll to poll.
    static func rows(
        _ report: SourceReport, actionable: Bool, thresholds: DetectorThresholds, now: Date, previous: [HealthRow]? = nil
    ) -> [HealthRow]? {
        guard let snapshot = report.snapshot else { return nil }
        var rows: [HealthRow] = []
        rows.reserveCapacity(snapshot.pools.reduce(snapshot.frontends.count) { $0 + $1.instances.count + 1 })
        (previous ?? []).withUnsafeBufferPointer { shown in
            forEachRow(snapshot, source: report.source, actionable: actionable, thresholds: thresholds, now: now,
                       previous: shown) { row in
                // Without `seen` every row is built.
                if let row { rows.append(row) }
                return true
            }
        }
        return rows
    }

    /// Whether `rows(report, …, previous: previous)` would give exactly `previous` — the usual
    /// poll of a quiet balancer, which then leaves the state, and the screen, alone. Each row is
    /// built as ``rows(_:actionable:thresholds:now:previous:)`` builds it and compared whole
    /// (`HealthRow`'s `==`), one at a time and without collecting them: a column added to the
    /// row is compared without being named here.
    ///
    /// `seen`: the snapshot `previous` was built from or last matched (``PollRowsFeed`` keeps it).
    /// A row is a function of its instance, the pool's skew trigger and the change time, so an
    /// instance equal to the one it was there (``BalancerInstance``'s own `==`, its ticking
    /// `secondsSinceChange` aside) in a pool with the same trigger, whose change time keeps the
    /// one shown, gives the row shown again without being built (at 1,003 servers, building and
    /// comparing every row was half of a quiet poll's instructions).
    static func rowsMatch(
        _ previous: [HealthRow], _ report: SourceReport, seen: BalancerSnapshot? = nil, actionable: Bool,
        thresholds: DetectorThresholds, now: Date
    ) -> Bool {
        guard let snapshot = report.snapshot else { return false }
        // Through the buffer: an element read from the array itself was copied for `==` (a
        // copy and a release of each row at every poll).
        return previous.withUnsafeBufferPointer { shown in
            var index = 0
            let finished = forEachRow(snapshot, source: report.source, actionable: actionable, thresholds: thresholds, now: now,
                                      previous: shown, seen: seen) { row in
                // nil: the row at `index` is the one shown, known without building it.
                guard index < shown.count else { return false }
                if let row, row != shown[index] { return false }
                index += 1
                return true
            }
            return finished && index == shown.count
        }
    }

    /// Builds the rows in order and hands each to `body` until it returns false; `previous`: the
    /// rows shown last time (each instance's change time is kept from the row at its place).
    /// Returns whether every row was handed.
    /// `seen` (only from ``rowsMatch(_:_:seen:actionable:thresholds:now:)``): the snapshot the
    /// `previous` rows stand for; an instance row known to be `previous[index]` again is handed
    /// as nil, unbuilt.
    @discardableResult
    private static func forEachRow(
        _ snapshot: BalancerSnapshot, source: String, actionable: Bool, thresholds: DetectorThresholds, now: Date,
        previous: UnsafeBufferPointer<HealthRow>, seen: BalancerSnapshot? = nil, _ body: (HealthRow?) -> Bool
    ) -> Bool {
        var index = 0
        for (poolIndex, pool) in snapshot.pools.enumerated() {
            let trigger = thresholds.skewTrigger(in: pool)
            // The same pool, its servers in the same places, with the same trigger as when seen.
            // Its instances, bound once (an optional pool read per instance was copied each time).
            let before: [BalancerInstance] = seen.flatMap { seen in
                guard poolIndex < seen.pools.count, seen.pools[poolIndex].name == pool.name,
                      seen.pools[poolIndex].instances.count == pool.instances.count,
                      thresholds.skewTrigger(in: seen.pools[poolIndex]) == trigger
                else { return nil }
                return seen.pools[poolIndex].instances
            } ?? []
            let known = !before.isEmpty
            for position in pool.instances.indices {
                // `pool.instances[position]` and `previous[index]` each time, not bound to names:
                // passed on borrowed, never copied (a copy of every row at every poll was a tenth of
                // the console's instructions, callgrind).
                var changed = lastChange(pool.instances[position], now: now)
                if index < previous.count {
                    changed = keptChange(changed, of: pool.instances[position], shown: previous[index])
                    if known, previous[index].actionable == actionable, previous[index].source == source,
                       previous[index].lastChange == changed,
                       before.withUnsafeBufferPointer({ sameInputs(pool.instances[position], $0[position]) })
                    {
                        guard body(nil) else { return false }
                        index += 1
                        continue
                    }
                }
                guard body(row(pool.instances[position], source: source, skewTrigger: trigger, thresholds: thresholds,
                               actionable: actionable, changed: changed))
                else { return false }
                index += 1
            }
            guard body(HealthRow(
                source: source, pool: pool.name, instance: "BACKEND", status: pool.hasHealthyInstance ? .up : .down,
                sessions: pool.sessions, requestsPerSecond: pool.rates?.requestsPerSecond, errorPercent: pool.rates?.errorPercent,
                breaker: pool.saturatedBreakers.isEmpty ? .notObserved : .open, kind: .backend, detail: pool.detail,
                responses5xx: pool.counters.responses5xx))
            else { return false }
            index += 1
        }
        for frontend in snapshot.frontends {
            guard body(HealthRow(
                source: source, pool: frontend.name, instance: frontend.name, status: InstanceStatus(haproxy: frontend.status),
                sessions: frontend.sessions, requestsPerSecond: frontend.requestRate.map(Double.init), kind: .frontend,
                detail: frontend.detail, responses5xx: frontend.counters.responses5xx))
            else { return false }
            index += 1
        }
        return true
    }

    /// The one place an instance row's columns come from; `changed`: its change time
    /// (``keptChange(_:of:shown:)``).
    private static func row(
        _ instance: BalancerInstance, source: String, skewTrigger: Double, thresholds: DetectorThresholds, actionable: Bool,
        changed: Date?
    ) -> HealthRow {
        HealthRow(
            source: source, pool: instance.pool, instance: instance.name, address: instance.address,
            status: instance.status, weight: instance.effectiveWeight, configuredWeight: instance.configuredWeight,
            share: instance.share, skewed: thresholds.isSkewed(instance, trigger: skewTrigger), sessions: instance.sessions,
            requestsPerSecond: instance.rates?.requestsPerSecond, errorPercent: instance.rates?.errorPercent,
            latencyMilliseconds: instance.responseTimeMs, check: instance.checkStatus, breaker: instance.breaker,
            lastChange: changed, actionable: actionable, detail: instance.detail, responses5xx: instance.counters.responses5xx)
    }

    /// The change time to show: the one `shown` (the row at this place last time) has when it
    /// is the same instance's same change, else `changed`. The row is borrowed, not copied.
    private static func keptChange(_ changed: Date?, of instance: BalancerInstance, shown: borrowing HealthRow) -> Date? {
        shown.instance == instance.name && shown.pool == instance.pool && sameMoment(shown.lastChange, changed)
            ? shown.lastChange : changed
    }

    /// Whether `instance` is `before` but for what moves at every poll of a quiet instance: the
    /// seconds since its last change, which HAProxy counts up (the change time the row shows is
    /// checked on its own), and the length of the interval its rates were measured over when
    /// neither interval saw a request or a 5xx (0 req/s and no 5xx % over any length).
    private static func sameInputs(_ instance: BalancerInstance, _ before: BalancerInstance) -> Bool {
        func quiet(_ rates: TrafficRates?) -> Bool { rates.map { $0.requests == 0 && $0.responses5xx == 0 } ?? false }
        let ticked = instance.secondsSinceChange != before.secondsSinceChange
        let remeasured = instance.rates != before.rates && quiet(instance.rates) && quiet(before.rates)
        guard ticked || remeasured else { return instance == before }
        var aligned = instance
        aligned.secondsSinceChange = before.secondsSinceChange
        if remeasured { aligned.rates = before.rates }
        return aligned == before
    }

    /// Two estimates of one change time: equal within the second of rounding either may carry.
    private static func sameMoment(_ first: Date?, _ second: Date?) -> Bool {
        switch (first, second) {
        case (nil, nil): true
        case (let first?, let second?): abs(first.timeIntervalSince(second)) <= 1.5
        default: false
        }
    }

    /// When the instance last changed, in whole seconds: the same change reads the same from
    /// poll to poll.
    private static func lastChange(_ instance: BalancerInstance, now: Date) -> Date? {
        instance.secondsSinceChange.map { Date(timeIntervalSince1970: (now.timeIntervalSince1970 - Double($0)).rounded()) }
    }
}
