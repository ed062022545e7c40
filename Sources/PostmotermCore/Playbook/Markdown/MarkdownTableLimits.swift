/// Refuses GFM tables that would make cmark-gfm's table extension take time and memory out of
/// proportion to the file, before the parser sees them.
///
/// cmark-gfm pads every body row to the header's width. Releases before 0.29.0.gfm.12 (Debian's
/// included, CVE-2023-37463) do so without a bound: a 60 KB file with a 10,000-column header and
/// 5,000 one-cell rows asks for 50 million cells (64 s, 13.7 GB). Each cell costs some 470 bytes
/// of cmark nodes even when written out (a 4 MiB table of 256 columns took 1.9 GB), so two limits
/// keep tables within the playbook budget (4 MiB checked in under a second and 256 MB):
///
/// - at most ``maximumColumns`` columns in a table (a delimiter row such as `|---|:--:|`);
/// - at most ``maximumCells`` cells (rows × columns, padded or not) over the whole file.
///
/// The scan is one pass over the bytes; a line is taken as a delimiter row when it holds only `|`, `-`, `:`,
/// blanks and container marks (`>`), with at least one `-` and one `|`.
public enum MarkdownTableLimits {
    /// The widest table accepted (a playbook table is a handful of columns).
    public static let maximumColumns = 256
    /// The most table cells in one file (about 50 MB of cmark nodes; a playbook's tables hold a
    /// few hundred).
    public static let maximumCells = 100_000

    /// The error for the first table over a limit in `body` (file lines kept at their place), or
    /// `nil` when every table is within them.
    public static func check(_ body: String, path: String) -> SourceDiagnostic? {
        var body = body
        return body.withUTF8 { check($0, path: path) }
    }

    static func check(_ text: UnsafeBufferPointer<UInt8>, path: String) -> SourceDiagnostic? {
        var line = 0
        var start = 0
        var columns = 0          // the open table's width; 0 outside a table
        var tableLine = 0
        var cells = 0
        var previousWasBlank = true
        while start < text.count {
            line += 1
            var end = start
            while end < text.count && text[end] != 0x0A { end += 1 }
            let row = UnsafeBufferPointer(rebasing: text[start..<end])
            start = end + 1
            let blank = isBlank(row)
            defer { previousWasBlank = blank }
            if blank {
                columns = 0
                continue
            }
            if columns > 0 {
                // cmark-gfm pads a short row and cuts a long one: every row is `columns` cells.
                cells += columns
                if cells > maximumCells {
                    return .error(
                        "table too large: the file's tables hold more than \(maximumCells) cells (this one has \(columns) columns); split it or move it to a linked file",
                        path: path, line: tableLine)
                }
                continue
            }
            guard !previousWasBlank, let width = delimiterColumns(row) else { continue }
            if width > maximumColumns {
                return .error(
                    "table too wide: \(width) columns (at most \(maximumColumns))", path: path, line: max(1, line - 1))
            }
            columns = width
            tableLine = max(1, line - 1)
            cells += 2 * width  // the header and delimiter rows
        }
        return nil
    }

    /// Whether `row` holds only blanks (a blank line ends a table).
    private static func isBlank(_ row: UnsafeBufferPointer<UInt8>) -> Bool {
        row.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// The cells of a delimiter row, or `nil` when `row` is not one.
    private static func delimiterColumns(_ row: UnsafeBufferPointer<UInt8>) -> Int? {
        var pipes = 0
        var dashes = 0
        for byte in row {
            switch byte {
            case UInt8(ascii: "|"): pipes += 1
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: ":"), UInt8(ascii: " "), 0x09, 0x0D, UInt8(ascii: ">"): continue
            default: return nil
            }
        }
        guard pipes > 0, dashes > 0 else { return nil }
        return cellCount(row)
    }

    /// The cells `row` writes out: its `|`-separated parts, leading and trailing pipes not
    /// opening a cell (an upper bound: escaped pipes count too).
    private static func cellCount(_ row: UnsafeBufferPointer<UInt8>) -> Int {
        var pipes = 0
        var first: UInt8?
        var last: UInt8?
        for byte in row where byte != 0x20 && byte != 0x09 && byte != 0x0D {
            if first == nil { first = byte }
            last = byte
            if byte == UInt8(ascii: "|") { pipes += 1 }
        }
        var cells = pipes + 1
        if first == UInt8(ascii: "|") { cells -= 1 }
        if last == UInt8(ascii: "|"), pipes > (first == UInt8(ascii: "|") ? 1 : 0) { cells -= 1 }
        return max(1, cells)
    }
}
