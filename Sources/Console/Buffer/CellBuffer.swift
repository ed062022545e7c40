/// A frame: a grid of ``Cell``s the size of the terminal, rendered in memory and handed to a
/// backend, which writes only the cells that differ from the previous frame.
///
/// Every write is clipped to the buffer and to the region the caller names: text never spills
/// into a neighbouring pane, and a wide character that would straddle the edge is replaced by a
/// space rather than cut in half.
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

    /// Fills a region with blanks of `style`.
    public mutating func fill(_ region: Region, style: CellStyle = .plain) {
        let clipped = region.clipped(to: Region(x: 0, y: 0, width: width, height: height))
        guard !clipped.isEmpty else { return }
        let cell = Cell(character: " ", width: 1, style: style)
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            for y in clipped.y..<clipped.maxY {
                for x in clipped.x..<clipped.maxX { cells[y * width + x] = cell }
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
        if x >= 0, let written = putASCII(text, x: x, y: y, end: end, style: style) { return written }
        var column = x
        for character in text {
            if column >= end { break }
            var scalars = character.unicodeScalars.makeIterator()
            guard let base = scalars.next() else { continue }
            var shown = String(base)
            var columns = DisplayWidth.of(base)
            if base.value < 0x20 || (0x7F...0x9F).contains(base.value) {
                shown = "?"
                columns = 1
            } else if columns == 0 {
                // A lone combining mark or format character: attach to nothing, show nothing.
                continue
            } else {
                while let next = scalars.next() {
                    if next.properties.generalCategory == .nonspacingMark
                        || next.properties.generalCategory == .enclosingMark
                    {
                        shown.unicodeScalars.append(next)
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
                self[column, y] = Cell(character: " ", width: 1, style: style)
                column += 1
                break
            }
            clearWideNeighbours(x: column, y: y, columns: columns)
            self[column, y] = Cell(character: shown, width: UInt8(columns), style: style)
            if columns == 2 {
                self[column + 1, y] = Cell(character: "", width: 0, style: style)
            }
            column += columns
        }
        return column
    }

    /// The fast path for printable ASCII (most of a frame): one cell per byte, no grapheme
    /// breaking. Returns nil when `text` has anything else.
    private mutating func putASCII(_ text: String, x: Int, y: Int, end: Int, style: CellStyle) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
            let count = min(bytes.count, max(0, end - x))
            guard count > 0 else { return x }
            clearWideNeighbours(x: x, y: y, columns: 1)
            if count > 1 { clearWideNeighbours(x: x + count - 1, y: y, columns: 1) }
            let row = y * width + x
            cells.withUnsafeMutableBufferPointer { cells in
                for index in 0..<count {
                    cells[row + index] = Cell(character: Self.asciiStrings[Int(bytes[index]) - 0x20], width: 1, style: style)
                }
            }
            return x + count
        }
    }

    /// `" "` … `"~"`, made once.
    private static let asciiStrings: [String] = (0x20..<0x7F).map { String(UnicodeScalar(UInt8($0))) }

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
        if self[x, y].isContinuation, x > 0 {
            self[x - 1, y] = Cell(character: " ", width: 1, style: self[x - 1, y].style)
        }
        let after = x + columns
        if after < width, self[after, y].isContinuation {
            self[after, y] = Cell(character: " ", width: 1, style: self[after, y].style)
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
        for x in 0..<width {
            let cell = self[x, y]
            if cell.isContinuation { continue }
            out += cell.character
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
