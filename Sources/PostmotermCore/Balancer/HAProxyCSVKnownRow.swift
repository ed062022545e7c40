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

    /// The fields of a row that count time by themselves, left out of the comparison: `lastchg`
    /// (read anew when the row is taken again) and the columns that tick without being read
    /// (``HAProxyCSVHeader/tickingColumns``: `lastsess` grows every second on every server that
    /// ever had a session, `check_duration` moves with every check). Without them a quiet pool
    /// never repeats a row once it has seen traffic or runs checks, and every poll reads every row.
    ///
    /// Up to ``capacity`` fields, each unquoted and followed by a comma, in the order they lie in
    /// the row; a field that is not so is simply compared with the rest.
    struct Skips: Sendable {
        static let capacity = 4
        private var starts: (Int, Int, Int, Int) = (0, 0, 0, 0)
        private var ends: (Int, Int, Int, Int) = (0, 0, 0, 0)
        private(set) var count = 0
        /// Which of them is `lastchg` (-1: none).
        var lastchgSlot = -1

        init() {}

        /// Adds the field `start..<end`, after the ones added (an out-of-order or full list keeps it compared).
        mutating func append(_ start: Int, _ end: Int) {
            guard count < Self.capacity, count == 0 || start > self[count - 1].end else { return }
            withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: start, toByteOffset: count * 8, as: Int.self) }
            withUnsafeMutableBytes(of: &ends) { $0.storeBytes(of: end, toByteOffset: count * 8, as: Int.self) }
            count += 1
        }

        subscript(_ index: Int) -> (start: Int, end: Int) {
            (withUnsafeBytes(of: starts) { $0.load(fromByteOffset: index * 8, as: Int.self) },
             withUnsafeBytes(of: ends) { $0.load(fromByteOffset: index * 8, as: Int.self) })
        }

        /// The bounds of `lastchg`, when it is one of them.
        var lastchg: (start: Int, end: Int)? { lastchgSlot < 0 ? nil : self[lastchgSlot] }
    }

    /// The row's bytes in the last answer: `start..<end` (`end`: its newline).
    var start: Int
    var end: Int
    /// The fields left out of the comparison, positions in the last answer.
    var skips: Skips
    var kind: Kind
}
