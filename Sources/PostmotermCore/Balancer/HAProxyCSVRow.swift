/// One row of HAProxy CSV at a time, split in place: where each kept field starts and ends in the
/// response, and how many fields the row has. Values are read from the bytes only for the fields
/// the parser asks for.
///
/// A row without a quote (every row HAProxy writes) is split eight bytes at a time: a SWAR compare
/// marks the commas of a word and a multiply counts them, and only the commas that bound a kept
/// field (``wanted``) are located, with a SWAR prefix count instead of a loop over the word's
/// commas. A 2.6 row of 128 mostly empty fields thus costs about 30 word steps and 35 lookups.
/// A row with a quote goes through the byte loop that knows quoted fields (`"a,b"`, `""` for a
/// quote). A text field with the same bytes as in the previous row returns the previous row's
/// string (pool, status and check texts repeat down a table).
///
/// The bounds live in buffers allocated once per response (the type is non-copyable and frees
/// them), so splitting a row allocates nothing.
struct HAProxyCSVRow: ~Copyable {
    private let base: UnsafePointer<UInt8>
    /// The length of the response.
    private let count: Int
    /// The first quote at or after the last row looked at (``count`` when there is none): one
    /// `memchr` over the rest of the response instead of one per row, and none at all after it
    /// found no quote (HAProxy quotes nothing in a usual table).
    private var nextQuote = -1
    /// Columns whose bounds are kept.
    private let stored: Int
    /// `starts[c]..<ends[c]`: field `c` (inside its quotes when quoted); a CR before the newline
    /// is not part of the last field. Valid for the kept columns (the quoted split fills every
    /// column below `stored`); the plain split also writes the start of the field after a kept one.
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    /// Whether field `c` was quoted; valid only while ``hasQuotes``.
    private let quoted: UnsafeMutablePointer<Bool>
    /// The commas the quote-free split locates, ascending, then `Int.max`: comma `c` ends field
    /// `c` and starts field `c + 1`, so a kept column `k` wants commas `k - 1` and `k`.
    private let wanted: UnsafeMutablePointer<Int>
    /// The bytes and string of the last text made for each column (unquoted fields only).
    private let cacheStarts: UnsafeMutablePointer<Int>
    private let cacheEnds: UnsafeMutablePointer<Int>
    private let cacheValues: UnsafeMutablePointer<String>
    /// Whether the current row has a quote anywhere.
    private var hasQuotes = false
    /// Fields in the current row; a trailing comma (HAProxy ends every line with one) adds none.
    private(set) var fieldCount = 0

    /// `keptColumns`: the columns values are read from (negative ones are ignored).
    init(_ buffer: UnsafeBufferPointer<UInt8>, keptColumns: [Int]) {
        // A non-empty buffer: the header was found in it.
        base = UnsafePointer(buffer.baseAddress!)
        count = buffer.count
        let kept = keptColumns.filter { $0 >= 0 }
        let storedColumns = (kept.max() ?? -1) + 1
        stored = storedColumns
        let commas = Set(kept.flatMap { [$0 - 1, $0] }.filter { $0 >= 0 }).sorted()
        wanted = .allocate(capacity: commas.count + 1)
        wanted.initialize(from: commas + [Int.max], count: commas.count + 1)
        let room = storedColumns + 8
        starts = .allocate(capacity: room)
        starts.initialize(repeating: 0, count: room)
        ends = .allocate(capacity: room)
        ends.initialize(repeating: 0, count: room)
        quoted = .allocate(capacity: room)
        quoted.initialize(repeating: false, count: room)
        cacheStarts = .allocate(capacity: room)
        cacheStarts.initialize(repeating: 0, count: room)
        cacheEnds = .allocate(capacity: room)
        cacheEnds.initialize(repeating: 0, count: room)
        cacheValues = .allocate(capacity: room)
        cacheValues.initialize(repeating: "", count: room)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        quoted.deallocate()
        wanted.deallocate()
        cacheStarts.deallocate()
        cacheEnds.deallocate()
        cacheValues.deinitialize(count: stored + 8)
        cacheValues.deallocate()
    }

    // MARK: - Splitting

    /// Splits the row `start..<end` (`end`: its newline). Throws when a quoted field is not closed.
    mutating func split(_ start: Int, _ end: Int, line: Int) throws(HAProxyCSVError) {
        if nextQuote < start { nextQuote = ByteScan.firstQuote(base, from: start, to: count) }
        hasQuotes = nextQuote < end
        let fields = hasQuotes ? try splitQuoted(start, end, line: line) : splitPlain(start, end)
        // A trailing comma (before the newline, or before a CR) ends the row without a field.
        var last = end - 1
        if last > start, base[last] == ByteScan.cr { last -= 1 }
        fieldCount = last >= start && base[last] == ByteScan.comma ? fields - 1 : fields
    }

    /// The quote-free split, eight bytes at a time; returns the number of fields.
    private func splitPlain(_ start: Int, _ end: Int) -> Int {
        let starts = starts, ends = ends, base = base, wanted = wanted
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var column = 0  // fields ended before `cursor`
        var cursor = start
        var want = 0
        var next = wanted[0]
        starts[0] = start
        while end &- cursor >= 8 {
            let commas = ByteScan.byteMask(UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self), of: ByteScan.comma)
            // Byte i of `prefix`: the commas in bytes 0...i; the top byte holds the word's count.
            let prefix = (commas &>> 7) &* ones
            let count = Int(truncatingIfNeeded: prefix &>> 56)
            while next < column &+ count {
                // The (j+1)-th comma of the word is the first byte whose prefix count exceeds j.
                let j = UInt64(truncatingIfNeeded: next &- column)
                let reached = ((prefix | highs) &- (j &+ 1) &* ones) & highs
                let at = cursor &+ reached.trailingZeroBitCount &>> 3
                ends[next] = at
                starts[next &+ 1] = at &+ 1
                want &+= 1
                next = wanted[want]
            }
            column &+= count
            cursor &+= 8
        }
        while cursor < end {
            if base[cursor] == ByteScan.comma {
                if column == next {
                    ends[next] = cursor
                    starts[next &+ 1] = cursor &+ 1
                    want &+= 1
                    next = wanted[want]
                }
                column &+= 1
            }
            cursor &+= 1
        }
        // The last field ends at the line end (before a CR).
        if column == next {
            var stop = end
            if stop > starts[column], base[stop - 1] == ByteScan.cr { stop -= 1 }
            ends[column] = stop
        }
        return column + 1
    }

    /// The byte loop for a row with quotes; returns the number of fields.
    private func splitQuoted(_ start: Int, _ end: Int, line: Int) throws(HAProxyCSVError) -> Int {
        var column = 0
        var cursor = start
        while cursor <= end {
            var fieldStart = cursor
            var fieldEnd: Int
            var isQuoted = false
            if cursor < end, base[cursor] == ByteScan.quote {
                isQuoted = true
                fieldStart = cursor + 1
                var scan = fieldStart
                while true {
                    guard scan < end else { throw .truncated(line: line, detail: "a quoted field is not closed") }
                    if base[scan] == ByteScan.quote {
                        if scan + 1 < end, base[scan + 1] == ByteScan.quote { scan += 2; continue }
                        break
                    }
                    scan += 1
                }
                fieldEnd = scan
                // Anything between the closing quote and the comma is dropped.
                cursor = scan + 1
                while cursor < end, base[cursor] != ByteScan.comma { cursor += 1 }
            } else {
                while cursor < end, base[cursor] != ByteScan.comma { cursor += 1 }
                fieldEnd = cursor
                if fieldEnd > fieldStart, base[fieldEnd - 1] == ByteScan.cr { fieldEnd -= 1 }
            }
            if column < stored {
                starts[column] = fieldStart
                ends[column] = fieldEnd
                quoted[column] = isQuoted
            }
            column += 1
            cursor += 1
        }
        return column
    }

    // MARK: - Values

    /// Whether field `column` is exactly `literal` (false when the header lacks the column).
    @inline(__always)
    func equals(_ column: Int, _ literal: StaticString) -> Bool {
        column >= 0 && ByteScan.equals(base, starts[column], ends[column], literal)
    }

    /// Field `column` as an unsigned decimal; `nil` when the header lacks it, or it is empty, not
    /// a number, or too large.
    @inline(__always)
    func number(_ column: Int) -> UInt64? {
        guard column >= 0 else { return nil }
        return ByteScan.decimal(base, starts[column], ends[column])
    }

    /// Where field `column` lies in the response, when it is not quoted and a comma follows it
    /// (what ``HAProxyCSVKnownRow`` needs to take the row again with another value there).
    func unquotedBounds(_ column: Int) -> (start: Int, end: Int)? {
        guard column >= 0, !(hasQuotes && quoted[column]) else { return nil }
        let end = ends[column]
        guard end < count, base[end] == ByteScan.comma else { return nil }
        return (starts[column], end)
    }

    /// The columns left out when a row is compared with the next answer's (``skips(_:)``): `lastchg`
    /// and the `ticking` ones (``HAProxyCSVHeader/tickingColumns``), in the order they lie in a
    /// row, `lastchg` marked. Worked out once per answer.
    static func skipOrder(lastchg: Int, ticking: [Int]) -> [(column: Int, isLastchg: Bool)] {
        var fields: [(column: Int, isLastchg: Bool)] = ticking.map { ($0, false) }
        if lastchg >= 0 { fields.append((lastchg, true)) }
        return fields.sorted { $0.column < $1.column }
    }

    /// The fields of this row left out when the next answer's row is compared with it (`order`:
    /// ``skipOrder(lastchg:ticking:)``), those that are unquoted and followed by a comma.
    func skips(_ order: [(column: Int, isLastchg: Bool)]) -> HAProxyCSVKnownRow.Skips {
        var skips = HAProxyCSVKnownRow.Skips()
        for field in order {
            guard let bounds = unquotedBounds(field.column) else { continue }
            let before = skips.count
            skips.append(bounds.start, bounds.end)
            if field.isLastchg, skips.count > before { skips.lastchgSlot = before }
        }
        return skips
    }

    /// The hatop figures of the row; `columns`: ``HAProxyCSVHeader/detailColumns``.
    @inline(__always)
    func detail(_ columns: [Int]) -> TrafficDetail {
        var detail = TrafficDetail()
        for field in TrafficDetail.Field.allCases {
            let column = columns[field.rawValue]
            if column >= 0 { detail[field] = ByteScan.decimal(base, starts[column], ends[column]) }
        }
        return detail
    }

    /// ``number(_:)`` as an `Int` (clamped).
    @inline(__always)
    func int(_ column: Int) -> Int? { number(column).map { Int(clamping: $0) } }

    /// Field `column` as text: quotes undone, control characters and invalid UTF-8 made visible
    /// (``TerminalSafe``); empty when the header lacks the column.
    func text(_ column: Int) -> String {
        guard column >= 0 else { return "" }
        let start = starts[column], end = ends[column]
        guard end > start else { return "" }
        if hasQuotes, quoted[column] { return Self.unquote(base + start, count: end - start) }
        let cachedStart = cacheStarts[column]
        if cacheEnds[column] - cachedStart == end - start, ByteScan.same(base + cachedStart, base + start, count: end - start) {
            return cacheValues[column]
        }
        let value = Self.string(base + start, count: end - start)
        cacheStarts[column] = start
        cacheEnds[column] = end
        cacheValues[column] = value
        return value
    }

    /// ``text(_:)``, or `previous` itself when the field's bytes spell it exactly. `previous` must
    /// be a string ``text(_:)`` made (from another answer): its bytes are then already what
    /// ``text(_:)`` would make of them, so handing it back is exact, and shares its storage.
    func text(_ column: Int, sameAs previous: String) -> String {
        guard column >= 0 else { return "" }
        let start = starts[column], end = ends[column]
        if end > start, !(hasQuotes && quoted[column]), previous.utf8.count == end - start,
            previous.utf8.withContiguousStorageIfAvailable({ ByteScan.same($0.baseAddress!, base + start, count: end - start) }) == true
        {
            return previous
        }
        return text(column)
    }

    /// Printable ASCII as is; anything else decoded (invalid UTF-8 repaired) and escaped.
    private static func string(_ bytes: UnsafePointer<UInt8>, count: Int) -> String {
        let buffer = UnsafeBufferPointer(start: bytes, count: count)
        for byte in buffer where byte < 0x20 || byte > 0x7E {
            return TerminalSafe.escape(String(decoding: buffer, as: UTF8.self))
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The inside of a quoted field with each `""` turned into `"`, escaped.
    private static func unquote(_ bytes: UnsafePointer<UInt8>, count: Int) -> String {
        var plain: [UInt8] = []
        plain.reserveCapacity(count)
        var index = 0
        while index < count {
            plain.append(bytes[index])
            index += bytes[index] == ByteScan.quote && index + 1 < count && bytes[index + 1] == ByteScan.quote ? 2 : 1
        }
        return TerminalSafe.escape(String(decoding: plain, as: UTF8.self))
    }
}
