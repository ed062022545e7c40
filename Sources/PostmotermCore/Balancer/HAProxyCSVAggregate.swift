/// What a `BACKEND` row of a source's last `show stat` answer gave its pool, kept so the same row
/// in the next answer (same bytes but for `lastchg`) is not read again (see ``HAProxyPreviousAnswer``).
struct HAProxyCSVAggregate: Sendable {
    /// The pool's name, as the row's `pxname` reads.
    var pool: String
    var counters: InstanceCounters
    var sessions: Int
    var queue: Int
    var detail: TrafficDetail
}
