/// Where one row of a source's last `show stat` answer lay, and what the parser made of it, so
/// the next answer's row at the same ordinal can be recognised by its bytes and its result taken
/// again (see ``HAProxyPreviousAnswer``). Plain integers only: an answer's 1,000 rows are kept and
/// dropped without touching a reference count.
struct HAProxyCSVKnownRow: Sendable {
    /// What the row gave.
    enum Kind: Sendable {
        /// Nothing (a listener row).
        case skipped
        /// ``HAProxyPreviousAnswer/frontends``[index] (a `FRONTEND` row).
        case frontend(Int)
        /// ``HAProxyPreviousAnswer/instances``[index].
        case instance(Int)
        /// ``HAProxyPreviousAnswer/aggregates``[index] (a `BACKEND` row).
        case aggregate(Int)
    }

    /// The row's bytes in the last answer: `start..<end` (`end`: its newline).
    var start: Int
    var end: Int
    /// The `lastchg` field, `lastchgStart..<lastchgEnd`, unquoted and followed by a comma; both
    /// -1 when the row cannot be taken again with a new `lastchg` (the field is quoted, last, or
    /// the header has no such column): then only the same bytes throughout take it again.
    var lastchgStart: Int
    var lastchgEnd: Int
    var kind: Kind
}
