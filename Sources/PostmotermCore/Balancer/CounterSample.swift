/// One reading of a balancer's cumulative request and 5xx counters, per pool and per instance,
/// as it is recorded in the incident log (a `balancerCounters` event, see ``EventKind``).
///
/// The counters only grow until the balancer restarts or reloads (then they start again from
/// zero); what happened in between two samples is their difference (``CounterTraffic``).
public struct CounterSample: Sendable, Hashable {
    /// Why the sample was written.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The recorder's first poll of the source.
        case first
        /// The first poll in a new minute.
        case minute
        /// The last poll before the counters went down (kept to close the segment).
        case beforeReset
        /// The first poll after the counters went down (a reload or restart).
        case reset
        /// The recorder stopped, or a draft is about to be written.
        case last
    }

    /// The source (masked address).
    public var source: String
    public var at: Timestamp
    public var reason: Reason
    /// Pool name → its counters (HAProxy `BACKEND` row, Envoy cluster).
    public var pools: [String: InstanceCounters]
    /// `pool/instance` → its counters.
    public var instances: [String: InstanceCounters]

    public init(
        source: String, at: Timestamp, reason: Reason, pools: [String: InstanceCounters],
        instances: [String: InstanceCounters]
    ) {
        self.source = source
        self.at = at
        self.reason = reason
        self.pools = pools
        self.instances = instances
    }

    /// The counters of `snapshot`, read at `at` (the event time: the story's time in the demo).
    public init(snapshot: BalancerSnapshot, at: Timestamp, reason: Reason) {
        var pools: [String: InstanceCounters] = [:]
        var instances: [String: InstanceCounters] = [:]
        for pool in snapshot.pools {
            if pool.counters.requests != nil { pools[pool.name] = pool.counters }
            for instance in pool.instances where instance.counters.requests != nil {
                instances[pool.name + "/" + instance.name] = instance.counters
            }
        }
        self.init(source: snapshot.source, at: at, reason: reason, pools: pools, instances: instances)
    }

    /// The sample with its pools' counters only (the per-instance history is kept apart).
    public var withoutInstances: CounterSample {
        var sample = self
        sample.instances = [:]
        return sample
    }

    /// Whether any counter is lower than in `previous`: the balancer restarted or reloaded.
    public func isReset(after previous: CounterSample) -> Bool {
        func wentDown(_ now: [String: InstanceCounters], _ before: [String: InstanceCounters]) -> Bool {
            now.contains { key, counters in
                guard let old = before[key] else { return false }
                return (counters.requests ?? 0) < (old.requests ?? 0) || (counters.responses5xx ?? 0) < (old.responses5xx ?? 0)
            }
        }
        return wentDown(pools, previous.pools) || wentDown(instances, previous.instances)
    }
}

extension CounterSample {
    static let poolPrefix = "pool."
    static let instancePrefix = "instance."

    /// The `balancerCounters` event recording this sample.
    public var eventDraft: EventDraft {
        var data = ["source": source, "sample": reason.rawValue]
        for (pool, counters) in pools { data[Self.poolPrefix + pool] = Self.text(counters) }
        for (instance, counters) in instances { data[Self.instancePrefix + instance] = Self.text(counters) }
        let requests = pools.values.reduce(UInt64(0)) { $0 + ($1.requests ?? 0) }
        let errors = pools.values.reduce(UInt64(0)) { $0 + ($1.responses5xx ?? 0) }
        return EventDraft(
            kind: .balancerCounters,
            text: "counters of \(source) (\(reason.rawValue)): \(requests) requests, \(errors) 5xx since the balancer started",
            author: .postmoterm, happenedAt: at, data: data)
    }

    /// The sample a `balancerCounters` event records (at its event time); nil for other events.
    public init?(event: Event) {
        self.init(kind: event.kind, time: event.time, data: event.data)
    }

    init?(kind: EventKind, time: Timestamp, data: [String: String]) {
        guard kind == .balancerCounters, let source = data["source"] else { return nil }
        var pools: [String: InstanceCounters] = [:]
        var instances: [String: InstanceCounters] = [:]
        for (key, value) in data {
            guard let counters = Self.counters(value) else { continue }
            if key.hasPrefix(Self.poolPrefix) {
                pools[String(key.dropFirst(Self.poolPrefix.count))] = counters
            } else if key.hasPrefix(Self.instancePrefix) {
                instances[String(key.dropFirst(Self.instancePrefix.count))] = counters
            }
        }
        self.init(
            source: source, at: time, reason: data["sample"].flatMap(Reason.init(rawValue:)) ?? .minute, pools: pools,
            instances: instances)
    }

    /// `1234 22`, or `1234 -` without a 5xx counter.
    static func text(_ counters: InstanceCounters) -> String {
        "\(counters.requests ?? 0) \(counters.responses5xx.map(String.init) ?? "-")"
    }

    static func counters(_ text: String) -> InstanceCounters? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let requests = UInt64(parts[0]) else { return nil }
        return InstanceCounters(requests: requests, responses5xx: UInt64(parts[1]))
    }
}
