import PostmotermCore

/// A frame: a grid of ``Cell``s the size of the terminal, rendered in memory and handed to a
/// backend, which writes only the cells that differ from the previous frame.
///
/// Every write is clipped to the buffer and to the region the caller names: text never spills
/// into a neighbouring pane, and a wide character that would straddle the edge is replaced by a
/// space rather than cut in half.
///
/// Cells are plain values (see ``Cell``): printable ASCII — most of a frame — goes byte by byte
/// straight into the cell storage, without making a `String` or a `Character` per column.
public struct CellBuffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the hardware cursor goes; nil hides it.
    public var cursor: Cursor?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Calls `body` with row `y`'s cells (for backends comparing frames row by row).
    public func withRow<Result>(_ y: Int, _ body: (UnsafeBufferPointer<Cell>) throws -> Result) rethrows -> Result {
        precondition(y >= 0 && y < height, "row \(y) outside the buffer")
        return try cells.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[y * width..<(y + 1) * width]))
        }
    }

    /// Calls `body` with every cell, row after row, to change in place (a backend keeping its
    /// copy of the last frame up to date row by row).
    public mutating func withUnsafeMutableCells<Result>(_ body: (UnsafeMutableBufferPointer<Cell>) throws -> Result) rethrows -> Result {
        try cells.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Makes a region blank again, as a new buffer starts (``Cell/blank``).
    public mutating func clear(_ region: Region) {
        paint(.blank, over: region)
    }

    /// Fills a region with blanks of `style`.
    public mutating func fill(_ region: Region, style: CellStyle = .plain) {
        paint(Cell(ascii: 0x20, style: style), over: region)
    }

    /// Sets every cell of `region` (clipped to the buffer) to `cell`.
    private mutating func paint(_ cell: Cell, over region: Region) {
        let clipped = region.clipped(to: Region(x: 0, y: 0, width: width, height: height))
        guard !clipped.isEmpty else { return }
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            for y in clipped.y..<clipped.maxY {
                let start = y * width + clipped.x
                UnsafeMutableBufferPointer(rebasing: cells[start..<start + clipped.width]).update(repeating: cell)
            }
        }
    }

    /// Writes `text` at (`x`, `y`) without crossing column `limit` (exclusive; default: the
    /// buffer's right edge). Returns the column after the last cell written.
    ///
    /// Control characters are drawn as `?`: callers escape untrusted text with
    /// `TerminalSafe.escape` first, and this is the last line of defence.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, limit: Int? = nil, style: CellStyle = .plain) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(limit ?? width, width)
        guard x >= 0 else { return putGraphemes(Substring(text), x: x, y: y, end: end, style: style) }
        // Printable ASCII first, straight from the UTF-8 bytes; the rest grapheme by grapheme.
        let ascii = text.utf8.withContiguousStorageIfAvailable { putASCIIPrefix($0, x: x, y: y, end: end, style: style) }
            ?? (bytes: 0, column: x)
        if ascii.bytes == text.utf8.count || ascii.column >= end { return ascii.column }
        let rest = text.utf8.index(text.utf8.startIndex, offsetBy: ascii.bytes)
        let standalone = putStandaloneScalars(text[rest...], x: ascii.column, y: y, end: end, style: style)
        guard let remaining = standalone.rest else { return standalone.column }
        return putGraphemes(remaining, x: standalone.column, y: y, end: end, style: style)
    }

    /// Writes scalars one per grapheme while each is standalone (see
    /// `DisplayWidth.isStandalone`) and so is the one after it: box drawing, arrows, CJK and
    /// Latin text without grapheme breaking. Returns the text left for ``putGraphemes``
    /// (nil when all was written or clipped) and the column reached.
    private mutating func putStandaloneScalars(
        _ text: Substring, x: Int, y: Int, end: Int, style: CellStyle
    ) -> (rest: Substring?, column: Int) {
        let scalars = text.unicodeScalars
        let width = width
        return cells.withUnsafeMutableBufferPointer { cells in
            let row = y * width
            var index = scalars.startIndex
            var column = x
            while index < scalars.endIndex {
                if column >= end { return (nil, column) }
                let scalar = scalars[index]
                let next = scalars.index(after: index)
                guard DisplayWidth.isStandalone(scalar.value),
                    next == scalars.endIndex || DisplayWidth.isStandalone(scalars[next].value)
                else { return (text[index...], column) }
                let columns = DisplayWidth.of(scalar)
                if columns == 2 && column + 1 >= end {
                    cells[row + column] = Cell(ascii: 0x20, style: style)
                    return (nil, column + 1)
                }
                Self.clearWideNeighbours(in: cells, width: width, x: column, y: y, columns: columns)
                cells[row + column] = Cell(scalar: scalar, width: UInt8(columns), style: style)
                if columns == 2 { cells[row + column + 1] = .continuation(style: style) }
                column += columns
                index = next
            }
            return (nil, column)
        }
    }

    /// Writes one scalar `count` times from (`x`, `y`), not past `limit`: what `put` draws for
    /// `String(repeating: String(scalar), count: count)`, without the string (rules, borders).
    @discardableResult
    public mutating func putRepeated(
        _ scalar: Unicode.Scalar, count: Int, x: Int, y: Int, limit: Int? = nil, style: CellStyle = .plain
    ) -> Int {
        let end = min(limit ?? width, width)
        guard DisplayWidth.isStandalone(scalar.value), DisplayWidth.of(scalar) == 1, x >= 0, y >= 0, y < height else {
            return put(String(repeating: String(scalar), count: max(0, count)), x: x, y: y, limit: limit, style: style)
        }
        let stop = min(x + max(0, count), end)
        guard stop > x else { return x }
        clearWideNeighbours(x: x, y: y, columns: 1)
        if stop - x > 1 { clearWideNeighbours(x: stop - 1, y: y, columns: 1) }
        let cell = Cell(scalar: scalar, width: 1, style: style)
        let start = y * width + x
        cells.withUnsafeMutableBufferPointer { cells in
            UnsafeMutableBufferPointer(rebasing: cells[start..<start + (stop - x)]).update(repeating: cell)
        }
        return stop
    }

    /// Writes `text` padded with spaces (or cut, with an ellipsis) to exactly `columns` columns,
    /// never past `limit`: what `put(DisplayWidth.pad(text, to: columns, alignRight:), …)` draws,
    /// without building the padded string for short ASCII text.
    @discardableResult
    public mutating func putPadded(
        _ text: String, x: Int, y: Int, columns: Int, alignRight: Bool = false, limit: Int? = nil, style: CellStyle = .plain
    ) -> Int {
        let end = min(limit ?? width, x + columns)
        let count = text.utf8.count
        if columns > 0, count <= columns, x >= 0, y >= 0, y < height,
            let written = text.utf8.withContiguousStorageIfAvailable({ bytes in
                putPaddedASCII(bytes, x: x, y: y, columns: columns, alignRight: alignRight, end: end, style: style)
            }), let written
        {
            return written
        }
        return put(DisplayWidth.pad(text, to: columns, alignRight: alignRight), x: x, y: y, limit: end, style: style)
    }

    /// ``putPadded(_:x:y:columns:alignRight:limit:style:)`` for printable ASCII that fits, in one
    /// pass over the row's storage; nil when `bytes` is anything else.
    private mutating func putPaddedASCII(
        _ bytes: UnsafeBufferPointer<UInt8>, x: Int, y: Int, columns: Int, alignRight: Bool, end: Int, style: CellStyle
    ) -> Int? {
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
        let stop = min(x + columns, min(end, width))
        guard stop > x else { return x }
        let spaces = columns - bytes.count
        let textStart = alignRight ? x + spaces : x
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            Self.clearWideNeighbours(in: cells, width: width, x: x, y: y, columns: 1)
            if stop - x > 1 { Self.clearWideNeighbours(in: cells, width: width, x: stop - 1, y: y, columns: 1) }
            let row = y * width
            let blank = Cell(ascii: 0x20, style: style)
            for column in x..<stop {
                let offset = column - textStart
                cells[row + column] = offset >= 0 && offset < bytes.count ? Cell(ascii: bytes[offset], style: style) : blank
            }
        }
        return stop
    }

    /// The fast path for printable ASCII (most of a frame): one cell per byte, no grapheme
    /// breaking. Writes the longest leading run that is printable ASCII and that no combining
    /// mark follows (a mark after it would join its last character); returns the bytes consumed
    /// and the column after them.
    private mutating func putASCIIPrefix(
        _ bytes: UnsafeBufferPointer<UInt8>, x: Int, y: Int, end: Int, style: CellStyle
    ) -> (bytes: Int, column: Int) {
        let room = max(0, end - x)
        var run = 0
        while run < bytes.count, run < room, bytes[run] >= 0x20, bytes[run] < 0x7F { run += 1 }
        // A non-ASCII byte right after the run may start a mark that belongs to its last byte.
        if run < bytes.count, bytes[run] >= 0x80, run > 0 { run -= 1 }
        guard run > 0 else { return (0, x) }
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            Self.clearWideNeighbours(in: cells, width: width, x: x, y: y, columns: 1)
            if run > 1 { Self.clearWideNeighbours(in: cells, width: width, x: x + run - 1, y: y, columns: 1) }
            let start = y * width + x
            for index in 0..<run {
                cells[start + index] = Cell(ascii: bytes[index], style: style)
            }
        }
        return (run, x + run)
    }

    /// The general path: one grapheme at a time, with wide characters, combining marks, control
    /// characters shown as `?`, and clipping on both sides.
    private mutating func putGraphemes(_ text: Substring, x: Int, y: Int, end: Int, style: CellStyle) -> Int {
        var column = x
        for character in text {
            if column >= end { break }
            var scalars = character.unicodeScalars.makeIterator()
            guard let base = scalars.next() else { continue }
            var cell: Cell
            var columns = DisplayWidth.of(base)
            if base.value < 0x20 || (0x7F...0x9F).contains(base.value) {
                cell = Cell(ascii: UInt8(ascii: "?"), style: style)
                columns = 1
            } else if columns == 0 {
                // A lone combining mark or format character: attach to nothing, show nothing.
                continue
            } else {
                cell = Cell(scalar: base, width: UInt8(columns), style: style)
                while let next = scalars.next() {
                    if next.properties.generalCategory == .nonspacingMark
                        || next.properties.generalCategory == .enclosingMark
                    {
                        cell.appendMark(next)
                    } else if next.value == 0x200D {
                        break  // ZWJ sequence: keep the first emoji only (see DisplayWidth).
                    }
                }
            }
            if column < 0 {
                column += columns
                continue
            }
            if columns == 2 && column + 1 >= end {
                self[column, y] = Cell(ascii: 0x20, style: style)
                column += 1
                break
            }
            clearWideNeighbours(x: column, y: y, columns: columns)
            self[column, y] = cell
            if columns == 2 {
                self[column + 1, y] = .continuation(style: style)
            }
            column += columns
        }
        return column
    }

    /// Writes `text` padded with spaces to fill exactly `region`'s first row.
    public mutating func putLine(_ text: String, in region: Region, row: Int = 0, style: CellStyle = .plain) {
        let y = region.y + row
        guard row >= 0, row < region.height else { return }
        let end = put(text, x: region.x, y: y, limit: region.maxX, style: style)
        if end < region.maxX {
            fill(Region(x: end, y: y, width: region.maxX - end, height: 1), style: style)
        }
    }

    /// Overwriting half of a wide character leaves the other half orphaned: blank it.
    private mutating func clearWideNeighbours(x: Int, y: Int, columns: Int) {
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            Self.clearWideNeighbours(in: cells, width: width, x: x, y: y, columns: columns)
        }
    }

    /// ``clearWideNeighbours(x:y:columns:)`` on storage already open for writing.
    private static func clearWideNeighbours(
        in cells: UnsafeMutableBufferPointer<Cell>, width: Int, x: Int, y: Int, columns: Int
    ) {
        let row = y * width
        if cells[row + x].isContinuation, x > 0 {
            cells[row + x - 1] = Cell(ascii: 0x20, style: cells[row + x - 1].style)
        }
        let after = x + columns
        if after < width, cells[row + after].isContinuation {
            cells[row + after] = Cell(ascii: 0x20, style: cells[row + after].style)
        }
    }

    /// The frame as plain text, one line per row, trailing spaces kept (what a test compares).
    public func text() -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height { lines.append(line(y)) }
        return lines.joined(separator: "\n")
    }

    /// One row as plain text.
    public func line(_ y: Int) -> String {
        var out = ""
        out.reserveCapacity(width)
        for x in 0..<width {
            let cell = self[x, y]
            if cell.isContinuation { continue }
            cell.scalars.forEach { out.unicodeScalars.append($0) }
        }
        return out
    }
}

extension CellBuffer {
    /// Where the terminal's cursor should blink (the one-line editor's caret), nil to hide it.
    public struct Cursor: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }
    }
}
