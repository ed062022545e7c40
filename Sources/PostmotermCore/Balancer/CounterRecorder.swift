/// Decides which polls' counters go into the incident log, so the log holds enough to compute
/// an incident's traffic and 5xx per minute without a row per poll: per source, the first poll,
/// the first poll of each new minute, both sides of a counter reset (the balancer reloaded:
/// counters went down, a new segment starts), and the latest poll when recording stops or a
/// draft is about to be written (``flush()``).
///
/// Pure: the caller passes each snapshot with the time to record it at and writes what comes back.
public struct CounterRecorder: Sendable {
    private struct Memory: Sendable {
        /// The last sample written.
        var written: CounterSample
        /// The latest poll's sample, when it was not written.
        var latest: CounterSample?
    }

    private var sources: [String: Memory] = [:]

    public init() {}

    /// The samples to record for this poll (usually none).
    public mutating func observe(_ snapshot: BalancerSnapshot, at time: Timestamp) -> [CounterSample] {
        guard let memory = sources[snapshot.source] else {
            let first = CounterSample(snapshot: snapshot, at: time, reason: .first)
            sources[snapshot.source] = Memory(written: first, latest: nil)
            return [first]
        }
        var sample = CounterSample(snapshot: snapshot, at: time, reason: .minute)
        let previous = memory.latest ?? memory.written
        if sample.isReset(after: previous) {
            sample.reason = .reset
            var out: [CounterSample] = []
            if var before = memory.latest {
                before.reason = .beforeReset
                out.append(before)
            }
            out.append(sample)
            sources[snapshot.source] = Memory(written: sample, latest: nil)
            return out
        }
        if time.millisecondsSinceEpoch / 60_000 != memory.written.at.millisecondsSinceEpoch / 60_000 {
            sources[snapshot.source] = Memory(written: sample, latest: nil)
            return [sample]
        }
        sources[snapshot.source]?.latest = sample
        return []
    }

    /// The latest unwritten sample of every source, marked `last` (and remembered as written).
    public mutating func flush() -> [CounterSample] {
        var out: [CounterSample] = []
        for source in sources.keys.sorted() {
            guard var latest = sources[source]?.latest else { continue }
            latest.reason = .last
            out.append(latest)
            sources[source] = Memory(written: latest, latest: nil)
        }
        return out
    }

    /// Forgets `source` (removed from the watch list, or no longer recorded by this console).
    public mutating func forget(source: String) {
        sources[source] = nil
    }
}
