import PostmotermCore
import Synchronization

/// Parses one HAProxy source's successive answers, each against the one before: the source's
/// ``HAProxyPreviousAnswer`` from one poll to the next, behind a lock (a source
/// value is shared with the tasks that poll it; the monitor never polls one source twice at once,
/// so the lock is never contended). It holds the last answer's bytes and instances: about one
/// more answer's worth of memory (~220 KiB at 1,000 servers) for a poll that reads only what
/// changed.
final class HAProxySourceParser: Sendable {
    private let previous = Mutex(HAProxyPreviousAnswer())

    /// ``HAProxyCSVParser/parse(_:source:takenAt:monotonicTime:previousAnswer:)`` with what was kept of
    /// the previous answer, keeping this answer's for the next.
    func parse(_ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double) throws(HAProxyCSVError) -> BalancerSnapshot {
        try previous.withLock { (strings: inout HAProxyPreviousAnswer) throws(HAProxyCSVError) -> BalancerSnapshot in
            try HAProxyCSVParser.parse(bytes, source: source, takenAt: takenAt, monotonicTime: monotonicTime, previousAnswer: &strings)
        }
    }
}
