/// The header line of HAProxy's `show stat` CSV (`# pxname,svname,qcur,…`), read once per
/// response: which column holds each ``HAProxyCSVColumn``, compared byte by byte with no string
/// made for the 100+ names. A source's next answer repeats the same line, so the header of the
/// previous answer is taken again after one `memcmp` of the line.
struct HAProxyCSVHeader: Sendable {
    /// The column of each ``HAProxyCSVColumn`` (by raw value); -1 when the header lacks it.
    let columns: [Int]
    /// The column of each ``TrafficDetail/Field`` (by raw value); -1 when the header lacks it.
    let detailColumns: [Int]
    /// The columns that count time by themselves and are not read (`lastsess`, `check_duration`,
    /// `agent_duration`), ascending: a row that differs from the last answer's only there (and in
    /// `lastchg`) is taken again (``HAProxyCSVKnownRow/Skips``).
    let tickingColumns: [Int]
    /// The names of ``tickingColumns``.
    static let tickingNames: [StaticString] = ["lastsess", "check_duration", "agent_duration"]
    /// The names in the header (a trailing comma adds none); every row must have at least as many
    /// fields.
    let fieldCount: Int
    /// The position of the newline that ends the header line.
    private(set) var end: Int
    /// The header line's bytes (from its first non-blank byte to before the newline).
    let line: [UInt8]
    /// Whether this is the `previous` header taken again (the same line): rows of the previous
    /// answer then have the same columns.
    private(set) var isRepeat = false

    /// The column of `field`, -1 when the header lacks it.
    subscript(_ field: HAProxyCSVColumn) -> Int { columns[field.rawValue] }

    /// Finds the header at the start of `buffer` (after blank lines): `# pxname,svname,…` from the
    /// runtime API, `pxname,svname,…` from a stats page; both names in any position.
    /// `previous`: the header of the source's last answer, taken as is when the line is the same.
    init(_ buffer: UnsafeBufferPointer<UInt8>, previous: HAProxyCSVHeader? = nil) throws(HAProxyCSVError) {
        let count = buffer.count
        var position = 0
        while position < count, buffer[position] == ByteScan.newline || buffer[position] == ByteScan.cr || buffer[position] == ByteScan.space {
            position += 1
        }
        guard position < count, let base = buffer.baseAddress else { throw .empty }
        let lineEnd = ByteScan.lineEnd(buffer, from: position)
        if var previous, lineEnd < count, previous.line.count == lineEnd - position,
            previous.line.withUnsafeBufferPointer({ ByteScan.same($0.baseAddress!, base + position, count: lineEnd - position) })
        {
            previous.end = lineEnd
            previous.isRepeat = true
            self = previous
            return
        }
        let line = Array(buffer[position..<lineEnd])
        if buffer[position] == ByteScan.hash { position += 1 }
        while position < lineEnd, buffer[position] == ByteScan.space { position += 1 }

        var columns = [Int](repeating: -1, count: HAProxyCSVColumn.allCases.count)
        var detailColumns = [Int](repeating: -1, count: TrafficDetail.Field.allCases.count)
        var tickingColumns: [Int] = []
        var names = 0
        var fieldStart = position
        var index = position
        while index <= lineEnd {
            if index == lineEnd || buffer[index] == ByteScan.comma {
                var stop = index
                if stop > fieldStart, buffer[stop - 1] == ByteScan.cr { stop -= 1 }
                // A trailing comma ends the names; it does not add an empty one.
                if index < lineEnd || stop > fieldStart {
                    var found = false
                    for field in HAProxyCSVColumn.allCases where columns[field.rawValue] < 0 {
                        if ByteScan.equals(base, fieldStart, stop, field.headerName) {
                            columns[field.rawValue] = names
                            found = true
                            break
                        }
                    }
                    for field in TrafficDetail.Field.allCases where !found && detailColumns[field.rawValue] < 0 {
                        if ByteScan.equals(base, fieldStart, stop, field.haproxyName) {
                            detailColumns[field.rawValue] = names
                            found = true
                            break
                        }
                    }
                    for name in Self.tickingNames where !found {
                        if ByteScan.equals(base, fieldStart, stop, name) {
                            tickingColumns.append(names)
                            break
                        }
                    }
                    names += 1
                }
                fieldStart = index + 1
            }
            index += 1
        }
        let looksLikeHeader = columns[HAProxyCSVColumn.pxname.rawValue] >= 0 && columns[HAProxyCSVColumn.svname.rawValue] >= 0
        guard lineEnd < count else {
            throw looksLikeHeader ? .truncated(line: 1, detail: "the header line has no end") : .notCSV(got: ResponsePreview.describe(buffer))
        }
        guard looksLikeHeader else { throw .notCSV(got: ResponsePreview.describe(buffer)) }
        let missing = HAProxyCSVColumn.required.filter { columns[$0.rawValue] < 0 }
        if !missing.isEmpty { throw .missingColumns(missing.map { $0.headerName.description }) }
        self.columns = columns
        self.detailColumns = detailColumns
        self.tickingColumns = Array(Set(tickingColumns)).sorted()
        self.fieldCount = names
        self.end = lineEnd
        self.line = line
    }
}
