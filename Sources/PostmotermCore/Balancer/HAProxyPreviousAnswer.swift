/// What a source's last `show stat` answer gave, kept by the source for its next poll: its
/// header, bytes, rows, instances and strings. HAProxy writes the same table every poll, and between
/// two polls of an idle table only `lastchg` (seconds since the last status change) moves, so:
///
/// - the header line is kept: the same line maps to the same columns without reading its 100+
///   names again;
/// - the answer's bytes are kept (the array itself, not a copy) with where each row lay and what
///   it gave (``HAProxyCSVKnownRow``): a row whose bytes are those of the row at the same ordinal
///   last time, but for the digits of `lastchg`, gives the same instance (or pool figures) again
///   with only ``BalancerInstance/secondsSinceChange`` read anew — no split, no numbers, no
///   strings. The bytes are compared with `memcmp` (the part before `lastchg`, then the part
///   after it), so a changed row costs one compare more than before;
/// - a row that did change still takes the names, addresses and texts of the instance at the same
///   ordinal last time where its bytes spell them (shared storage, nothing allocated).
///
/// A row that moved, a header that changed, another source: the row is simply read in full, with
/// exactly the result a parse without this memory gives (the tests compare the two).
public struct HAProxyPreviousAnswer: Sendable {
    /// The header of the last answer.
    var header: HAProxyCSVHeader?
    /// The source the last answer was labelled with (kept instances carry it).
    var source = ""
    /// The last answer (shared with the caller's array, never copied).
    var answer: [UInt8] = []
    /// The rows of the last answer, in order (blank and comment lines left out).
    var rows: [HAProxyCSVKnownRow] = []
    /// The instances of the last answer, in row order, before shares were computed. An instance
    /// taken again in place is not written back: where its row has a `lastchg` field, its
    /// `secondsSinceChange` may be older than the answer's and is never read (taking the row
    /// again reads the field anew); where the row has none, it is taken as it is.
    var instances: [BalancerInstance] = []
    /// The `BACKEND` rows of the last answer, in row order.
    var aggregates: [HAProxyCSVAggregate] = []
    /// The `FRONTEND` rows of the last answer, in row order.
    var frontends: [BalancerFrontend] = []
    /// How many rows of the last answer were taken again rather than read (for tests and benchmarks).
    var reusedRows = 0

    public init() {}

    /// How many instances the last answer had.
    public var count: Int { instances.count }
}
