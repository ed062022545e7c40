/// Watches successive snapshots of every source and reports each noteworthy change once.
///
/// Feed it every refined snapshot (``observe(_:)``) and every failed poll
/// (``observe(failure:source:at:)``); it returns only what is new since the last call:
///
/// - status change: the settled status (``InstanceStatus/settled``) moved, e.g. `UP → DOWN`;
/// - weight change: the configured weight changed, or the effective weight changed while the
///   instance served steadily and was not in slow start;
/// - weight skew: share at or above ``DetectorThresholds/skewTrigger(fairShare:)`` in a pool of
///   two or more serving instances; reported once, and once more (severity info, `to` =
///   `resolved`) when it falls below the recovery fraction;
/// - breaker opened / half-open / closed (and an open-and-closed trip between two polls);
///   an Envoy pool whose circuit-breaker gauge opened (saturated) and closed again;
/// - pool with no serving instance, and its recovery;
/// - 5xx percentage above the threshold with the minimum volume (instances and pools), and its
///   recovery below the lower level;
/// - source unreachable / answering garbage (again when the kind of failure changes), recovered.
///
/// On the first snapshot of a source there is nothing to compare, so only standing conditions are
/// reported (skew, open breakers, pools down, and a weight that already differs from the
/// configuration file's: changed before anyone watched).
public struct HealthDetector: Sendable {
    public var thresholds: DetectorThresholds

    /// One instance's memory: its last profile (status, weights, breaker evidence; shared with
    /// the snapshot, so keeping it is one reference count) and what the detector decided.
    private struct InstanceMemory: Sendable {
        var profile: InstanceProfile
        var breaker: BreakerState
        var skewed: Bool
        var erroring: Bool

        var status: InstanceStatus { profile.status }
        var configuredWeight: Int { profile.configuredWeight }
        var effectiveWeight: Int { profile.effectiveWeight }
        var failedObservations: UInt64? {
            if case .haproxy(let failed, _) = profile.breakerEvidence { return failed }
            return nil
        }
    }

    /// One pool's memory.
    private struct PoolMemory: Sendable {
        var down = false
        var erroring = false
        var saturated: Set<String> = []
        var instances = PerInstance<InstanceMemory>()
    }

    /// Source → pool → memory.
    private var pools: [String: [String: PoolMemory]] = [:]
    private var failures: [String: SourceFailure] = [:]
    /// Whether a pool that lists the same names in the same order as last time has its memory
    /// replaced in place, and an instance with last poll's very profile skips the status and
    /// weight comparisons (tests turn it off to compare with the long way).
    var replacesInPlace = true

    public init(thresholds: DetectorThresholds = DetectorThresholds()) {
        self.thresholds = thresholds
    }

    /// Findings from a failed poll of `source`: one when it starts failing (or fails differently).
    public mutating func observe(failure: SourceFailure, source: String, at time: Timestamp) -> [Finding] {
        if let known = failures[source], known.kind == failure.kind { return [] }
        failures[source] = failure
        switch failure.kind {
        case .unreachable:
            return [Finding(kind: .sourceUnreachable, severity: .critical, source: source, to: failure.reason,
                            message: "balancer unreachable: \(failure.reason)", at: time)]
        case .garbage:
            return [Finding(kind: .sourceGarbage, severity: .critical, source: source, to: failure.reason,
                            message: "balancer answers garbage: \(failure.reason)", at: time)]
        }
    }

    /// Findings from a successful, refined snapshot.
    public mutating func observe(_ snapshot: BalancerSnapshot) -> [Finding] {
        var findings: [Finding] = []
        let source = snapshot.source
        let time = snapshot.takenAt
        if let failure = failures.removeValue(forKey: source) {
            findings.append(Finding(kind: .sourceRecovered, severity: .info, source: source, from: failure.reason,
                                    message: "balancer \(source) answers again", at: time))
        }
        var previous = pools.removeValue(forKey: source) ?? [:]
        var next: [String: PoolMemory] = [:]
        // Each pool's memory is taken out (so it is updated in place, not copied first) unless
        // two pools share a name, which then both see the same memory.
        let distinct = snapshot.pools.count < 2 || Set(snapshot.pools.map(\.name)).count == snapshot.pools.count
        for pool in snapshot.pools {
            let memory = distinct ? previous.removeValue(forKey: pool.name) : previous[pool.name]
            next[pool.name] = examine(pool: pool, memory: memory, source: source, time: time, into: &findings)
        }
        pools[source] = next
        return findings
    }

    /// Forgets everything about `source` (when it is removed from the watch list).
    public mutating func forget(source: String) {
        pools[source] = nil
        failures[source] = nil
    }

    // MARK: - Pools

    private func examine(
        pool: BalancerPool, memory: consuming PoolMemory?, source: String, time: Timestamp, into findings: inout [Finding]
    ) -> PoolMemory {
        let remembered = memory != nil
        var old = memory ?? PoolMemory()
        var next = PoolMemory(down: old.down, erroring: old.erroring, saturated: old.saturated, instances: PerInstance())
        let servingWeighted = pool.weightedServingCount
        let fair = servingWeighted == 0 ? nil : 1 / Double(servingWeighted)  // pool.fairShare

        // Instances are read in place through a pointer: an instance is a large value, and
        // passing each one by value made the compiler copy it first.
        pool.instances.withUnsafeBufferPointer { instances in
            guard let first = instances.baseAddress else { return }
            if remembered, replacesInPlace, old.instances.hasNames(of: instances) {
                // The same instances in the same order: each one's memory at its own position,
                // replaced there.
                swap(&next.instances, &old.instances)
                next.instances.withValues { memories in
                    guard let memory = memories.baseAddress else { return }
                    for position in instances.indices {
                        let instance = first + position, remembered = memory + position
                        if remembered.pointee.profile === instance.pointee.profile, remembered.pointee.breaker == instance.pointee.breaker {
                            // The very profile (status, weights, breaker evidence) and breaker of
                            // last time: no status, weight or breaker finding can arise (see
                            // examine(instance:)), only skew and error rate move; updated in place.
                            trends(instance: instance, skewed: &remembered.pointee.skewed, erroring: &remembered.pointee.erroring,
                                   source: source, fairShare: servingWeighted >= 2 ? fair : nil, servingCount: servingWeighted,
                                   time: time, into: &findings)
                        } else {
                            remembered.pointee = examine(
                                instance: instance, previous: remembered.pointee, source: source, fairShare: servingWeighted >= 2 ? fair : nil,
                                servingCount: servingWeighted, time: time, into: &findings)
                        }
                    }
                }
                return
            }
            next.instances = PerInstance(capacity: instances.count)
            for position in instances.indices {
                let instance = first + position
                let previous = remembered ? old.instances.find(instance.pointee.name, at: position) : nil
                next.instances.append(
                    examine(instance: instance, previous: previous, source: source,
                            fairShare: servingWeighted >= 2 ? fair : nil,
                            servingCount: servingWeighted, time: time, into: &findings),
                    for: instance.pointee.name)
            }
        }

        // Pool without a serving instance.
        let down = !pool.hasHealthyInstance
        if down && !next.down {
            let statuses = pool.instances.map { "\($0.name) \($0.status.label)" }.joined(separator: ", ")
            findings.append(Finding(kind: .poolDown, severity: .critical, source: source, pool: pool.name,
                                    message: "pool \(pool.name) has no healthy instance (\(statuses))", at: time))
        } else if !down && next.down {
            let serving = pool.servingInstances.map(\.name).joined(separator: ", ")
            findings.append(Finding(kind: .poolRecovered, severity: .info, source: source, pool: pool.name,
                                    message: "pool \(pool.name) has healthy instances again (\(serving))", at: time))
        }
        next.down = down

        // Pool error rate.
        errorRate(rates: pool.rates, wasErroring: &next.erroring, source: source, pool: pool.name, instance: nil,
                  status: nil, time: time, into: &findings)

        // Envoy circuit-breaker gauges (pool saturated).
        let saturated = Set(pool.saturatedBreakers)
        for gauge in saturated.subtracting(next.saturated).sorted() {
            findings.append(Finding(kind: .breakerOpen, severity: .critical, source: source, pool: pool.name, to: gauge,
                                    message: "circuit breaker \(gauge) open in pool \(pool.name): the pool is saturated", at: time))
        }
        for gauge in next.saturated.subtracting(saturated).sorted() {
            findings.append(Finding(kind: .breakerClosed, severity: .info, source: source, pool: pool.name, from: gauge,
                                    message: "circuit breaker \(gauge) closed again in pool \(pool.name)", at: time))
        }
        next.saturated = saturated
        return next
    }

    // MARK: - Instances

    /// One instance against its memory. `instance` points into the snapshot's array, valid for
    /// the call: read field by field, never copied whole.
    private func examine(
        instance: UnsafePointer<BalancerInstance>, previous: InstanceMemory?, source: String, fairShare: Double?, servingCount: Int,
        time: Timestamp, into findings: inout [Finding]
    ) -> InstanceMemory {
        var name: String { instance.pointee.qualifiedName }
        var failed: UInt64?
        var throttled = false
        if case .haproxy(let value, let throttle) = instance.pointee.breakerEvidence {
            failed = value
            throttled = throttle.map { $0 < 100 } ?? false
        }
        var next = InstanceMemory(
            profile: instance.pointee.profile, breaker: instance.pointee.breaker,
            skewed: previous?.skewed ?? false, erroring: previous?.erroring ?? false
        )
        func add(_ kind: FindingKind, _ severity: FindingSeverity, from: String? = nil, to: String? = nil,
                 share: Double? = nil, fair: Double? = nil, errorPercent: Double? = nil, _ message: String) {
            findings.append(Finding(kind: kind, severity: severity, source: source, pool: instance.pointee.pool,
                                    instance: instance.pointee.name, from: from, to: to, share: share, fairShare: fair,
                                    errorPercent: errorPercent, status: instance.pointee.status.label, message: message, at: time))
        }

        // The same profile as last time says the same status and weights: nothing changed there.
        if let previous, !replacesInPlace || previous.profile !== next.profile {
            // Status.
            if previous.status.settled != instance.pointee.status.settled {
                let why = instance.pointee.checkDescription.isEmpty ? "" : " (\(instance.pointee.checkStatus.isEmpty ? "" : instance.pointee.checkStatus + ": ")\(instance.pointee.checkDescription))"
                let severity: FindingSeverity = instance.pointee.status.isServing ? .info : .warning
                add(.statusChange, severity, from: previous.status.label, to: instance.pointee.status.label,
                    "\(name) went \(previous.status.label) → \(instance.pointee.status.label)\(why)")
            }
            // Weight.
            if previous.configuredWeight != next.configuredWeight {
                add(.weightChange, .warning, from: String(previous.configuredWeight), to: String(next.configuredWeight),
                    "\(name) weight changed \(previous.configuredWeight) → \(next.configuredWeight)")
            } else if previous.effectiveWeight != next.effectiveWeight, !throttled,
                      previous.status.settled == instance.pointee.status.settled, instance.pointee.status.isServing {
                add(.weightChange, .warning, from: String(previous.effectiveWeight), to: String(next.effectiveWeight),
                    "\(name) effective weight changed \(previous.effectiveWeight) → \(next.effectiveWeight) (configured \(next.configuredWeight))")
            }
        }
        if previous == nil, let initial = instance.pointee.initialWeight, initial != next.configuredWeight {
            // Changed before anything watched: the first poll is the first chance to see it.
            add(.weightAtFirstLook, .warning, from: String(initial), to: String(next.configuredWeight),
                "\(name) weight is \(next.configuredWeight), configured \(initial), at first look")
        }
        if let previous {
            // Breaker.
            if previous.breaker != next.breaker {
                breakerFinding(instance: instance.pointee, to: next.breaker, from: previous.breaker, add: add)
            } else if next.breaker == .closed, let now = failed, let before = previous.failedObservations, now > before {
                add(.breakerOpen, .critical, from: "closed", to: "open",
                    "breaker on \(name) tripped (\(now - before) observe failure(s)) and closed again between two polls")
            }
        } else if next.breaker == .open || next.breaker == .halfOpen {
            breakerFinding(instance: instance.pointee, to: next.breaker, from: nil, add: add)
        }

        trends(instance: instance, skewed: &next.skewed, erroring: &next.erroring, source: source, fairShare: fairShare,
               servingCount: servingCount, time: time, into: &findings)
        return next
    }

    /// Weight skew and error rate of one instance, from its share and rates and what was decided
    /// last time (`skewed`, `erroring`, updated).
    private func trends(
        instance: UnsafePointer<BalancerInstance>, skewed: inout Bool, erroring: inout Bool, source: String, fairShare: Double?,
        servingCount: Int, time: Timestamp, into findings: inout [Finding]
    ) {
        func add(_ kind: FindingKind, _ severity: FindingSeverity, from: String? = nil, to: String? = nil,
                 share: Double? = nil, fair: Double? = nil, errorPercent: Double? = nil, _ message: String) {
            findings.append(Finding(kind: kind, severity: severity, source: source, pool: instance.pointee.pool,
                                    instance: instance.pointee.name, from: from, to: to, share: share, fairShare: fair,
                                    errorPercent: errorPercent, status: instance.pointee.status.label, message: message, at: time))
        }

        // Skew.
        if let fairShare, let share = instance.pointee.share, servingCount >= 2 {
            let trigger = thresholds.skewTrigger(fairShare: fairShare)
            if !skewed, share >= trigger {
                skewed = true
                add(.weightSkew, .critical, share: share, fair: fairShare,
                    "weight skew in \(instance.pointee.pool): \(instance.pointee.name) takes \(Self.percent(share)) of the traffic weight (weight \(instance.pointee.effectiveWeight); fair share \(Self.percent(fairShare)) of \(servingCount))")
            } else if skewed, share < trigger * thresholds.skewRecoveryFraction {
                skewed = false
                add(.weightSkew, .info, to: "resolved", share: share, fair: fairShare,
                    "weight skew in \(instance.pointee.pool) resolved: \(instance.pointee.name) now takes \(Self.percent(share)) (fair share \(Self.percent(fairShare)))")
            }
        } else if skewed, !instance.pointee.status.isServing || servingCount < 2 {
            // Ended because the instance no longer serves (drained, down) or is alone: said, so
            // the record never leaves a skew open that is over.
            skewed = false
            let why = instance.pointee.status.isServing ? "is the only serving instance" : "no longer serves (\(instance.pointee.status.label))"
            add(.weightSkew, .info, to: "resolved",
                "weight skew in \(instance.pointee.pool) ended: \(instance.pointee.name) \(why)")
        }

        // The volume is checked before the call, whose arguments (pool, name, status) cost copies.
        if let rates = instance.pointee.rates, rates.requests >= thresholds.minimumRequests {
            errorRate(rates: instance.pointee.rates, wasErroring: &erroring, source: source, pool: instance.pointee.pool,
                      instance: instance.pointee.name, status: instance.pointee.status, time: time, into: &findings)
        }
    }

    private func breakerFinding(
        instance: BalancerInstance, to state: BreakerState, from: BreakerState?,
        add: (FindingKind, FindingSeverity, String?, String?, Double?, Double?, Double?, String) -> Void
    ) {
        let name = instance.qualifiedName
        let why = instance.checkDescription.isEmpty ? "" : " (\(instance.checkDescription))"
        switch state {
        case .open:
            add(.breakerOpen, .critical, from?.rawValue, state.rawValue, nil, nil, nil, "breaker OPEN on \(name): marked \(instance.status.label)\(why)")
        case .halfOpen:
            add(.breakerHalfOpen, .warning, from?.rawValue, state.rawValue, nil, nil, nil, "breaker half-open on \(name): coming back (\(instance.status.label))")
        case .closed:
            guard from == .open || from == .halfOpen else { return }
            add(.breakerClosed, .info, from?.rawValue, state.rawValue, nil, nil, nil, "breaker closed on \(name): \(instance.status.label) again")
        case .notObserved:
            return
        }
    }

    private func errorRate(
        rates: TrafficRates?, wasErroring: inout Bool, source: String, pool: String, instance: String?,
        status: InstanceStatus?, time: Timestamp, into findings: inout [Finding]
    ) {
        guard let rates, rates.requests >= thresholds.minimumRequests, let percent = rates.errorPercent else { return }
        let subject = instance.map { "\(pool)/\($0)" } ?? "pool \(pool)"
        if !wasErroring, percent >= thresholds.errorPercent {
            wasErroring = true
            findings.append(Finding(kind: .errorRate, severity: .critical, source: source, pool: pool, instance: instance,
                                    errorPercent: percent, status: status?.label,
                                    message: "\(subject) answers \(Self.percent(percent / 100)) 5xx (\(rates.responses5xx) of \(rates.requests) requests in \(Self.seconds(rates.interval)))",
                                    at: time))
        } else if wasErroring, percent < thresholds.errorRecoveryPercent {
            wasErroring = false
            findings.append(Finding(kind: .errorRateRecovered, severity: .info, source: source, pool: pool, instance: instance,
                                    errorPercent: percent, status: status?.label,
                                    message: "\(subject) 5xx rate back to \(Self.percent(percent / 100))", at: time))
        }
    }

    /// `0.8333` → `83.3%`.
    static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
