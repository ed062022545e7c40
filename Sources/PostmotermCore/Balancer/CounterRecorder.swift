/// Decides which polls' counters go into the incident log, so the log holds enough to compute
/// an incident's traffic and 5xx per minute without a row per poll: per source, the first poll,
/// the first poll of each new minute, both sides of a counter reset (the balancer reloaded:
/// counters went down, a new segment starts), and the latest poll when recording stops or a
/// draft is about to be written (``flush()``).
///
/// Pure: the caller passes each snapshot with the time to record it at and writes what comes back.
/// A poll that writes nothing costs a look at the pools' counters; the snapshot is kept as it is
/// (shared, not copied) and read into a ``CounterSample`` only when it is written.
public struct CounterRecorder: Sendable {
    private struct Memory: Sendable {
        /// When the last sample written was taken.
        var writtenAt: Timestamp
        /// The latest poll, when it was not written, and its time.
        var latest: BalancerSnapshot?
        var latestAt: Timestamp
        /// The latest poll's pool counters (a reset shows there first).
        var pools: [InstanceCounters]
        var poolNames: [String]
    }

    private var sources: [String: Memory] = [:]

    public init() {}

    /// The samples to record for this poll (usually none).
    public mutating func observe(_ snapshot: BalancerSnapshot, at time: Timestamp) -> [CounterSample] {
        let pools = snapshot.pools.map(\.counters)
        guard let memory = sources[snapshot.source] else {
            sources[snapshot.source] = Memory(
                writtenAt: time, latest: nil, latestAt: time, pools: pools, poolNames: snapshot.pools.map(\.name))
            return [CounterSample(snapshot: snapshot, at: time, reason: .first)]
        }
        if Self.wentDown(pools, names: snapshot.pools, since: memory) {
            var out: [CounterSample] = []
            if let before = memory.latest { out.append(CounterSample(snapshot: before, at: memory.latestAt, reason: .beforeReset)) }
            out.append(CounterSample(snapshot: snapshot, at: time, reason: .reset))
            sources[snapshot.source] = Memory(
                writtenAt: time, latest: nil, latestAt: time, pools: pools, poolNames: snapshot.pools.map(\.name))
            return out
        }
        let newMinute = time.millisecondsSinceEpoch / 60_000 != memory.writtenAt.millisecondsSinceEpoch / 60_000
        sources[snapshot.source] = Memory(
            writtenAt: newMinute ? time : memory.writtenAt, latest: newMinute ? nil : snapshot, latestAt: time, pools: pools,
            poolNames: memory.poolNames.elementsEqual(snapshot.pools.lazy.map(\.name)) ? memory.poolNames : snapshot.pools.map(\.name))
        return newMinute ? [CounterSample(snapshot: snapshot, at: time, reason: .minute)] : []
    }

    /// The latest unwritten sample of every source, marked `last` (and remembered as written).
    public mutating func flush() -> [CounterSample] {
        var out: [CounterSample] = []
        for source in sources.keys.sorted() {
            guard let memory = sources[source], let latest = memory.latest else { continue }
            out.append(CounterSample(snapshot: latest, at: memory.latestAt, reason: .last))
            sources[source]?.latest = nil
            sources[source]?.writtenAt = memory.latestAt
        }
        return out
    }

    /// Forgets `source` (removed from the watch list, or no longer recorded by this console).
    public mutating func forget(source: String) {
        sources[source] = nil
    }

    /// Whether a pool's counter is lower than at the last poll (pools matched by name).
    private static func wentDown(_ pools: [InstanceCounters], names: [BalancerPool], since memory: Memory) -> Bool {
        for (index, pool) in names.enumerated() {
            let position = index < memory.poolNames.count && memory.poolNames[index] == pool.name
                ? index : memory.poolNames.firstIndex(of: pool.name)
            guard let position else { continue }
            let old = memory.pools[position], new = pools[index]
            if (new.requests ?? 0) < (old.requests ?? 0) || (new.responses5xx ?? 0) < (old.responses5xx ?? 0) { return true }
        }
        return false
    }
}
