/// One terminal column.
///
/// A wide character (CJK, emoji) occupies two cells: the first holds the character with
/// `width == 2`, the second is a continuation cell (`width == 0`, empty character) that the
/// backend skips. Combining marks travel with their base character.
///
/// A plain value of 24 bytes without padding or references (`BitwiseCopyable`): a frame of
/// cells is copied with `memcpy` and two rows compare with `memcmp`, which is what keeps
/// rendering and diffing a 4,800-cell frame cheap. The grapheme is held inline as up to
/// ``maxScalars`` scalars — the base and its combining marks, as many as a curses cell takes
/// (`CCHARW_MAX`) — padded with zeros.
public struct Cell: Sendable, Hashable, BitwiseCopyable {
    /// Scalars a cell holds: the base and up to four combining marks (curses' `CCHARW_MAX`).
    public static let maxScalars = 5

    /// The scalars as their values, zero-padded; all zero in a continuation cell.
    public private(set) var scalars: Scalars
    /// 1 for a normal cell, 2 for the first half of a wide character, 0 for its continuation.
    public var width: UInt8
    public var style: CellStyle

    /// The grapheme shown in this column, already inert (no control characters); empty in a
    /// continuation cell. Setting it keeps the first ``maxScalars`` scalars.
    public var character: String {
        get {
            var text = ""
            scalars.forEach { text.unicodeScalars.append($0) }
            return text
        }
        set { scalars = Scalars(newValue.unicodeScalars) }
    }

    public init(character: String = " ", width: UInt8 = 1, style: CellStyle = .plain) {
        scalars = Scalars(character.unicodeScalars)
        self.width = width
        self.style = style
    }

    /// A cell of one printable ASCII byte (no check: callers pass 0x20…0x7E).
    public init(ascii byte: UInt8, style: CellStyle) {
        scalars = Scalars(base: UInt32(byte))
        width = 1
        self.style = style
    }

    /// A cell of one scalar (the base of a grapheme, marks added with ``appendMark(_:)``).
    public init(scalar: Unicode.Scalar, width: UInt8, style: CellStyle) {
        scalars = Scalars(base: scalar.value)
        self.width = width
        self.style = style
    }

    /// The right half of a wide character.
    public static func continuation(style: CellStyle) -> Cell {
        var cell = Cell(ascii: 0x20, style: style)
        cell.scalars = Scalars(base: 0)
        cell.width = 0
        return cell
    }

    public static let blank = Cell()

    /// Whether this cell is the right half of a wide character.
    @inlinable
    public var isContinuation: Bool { width == 0 }

    /// Adds a combining mark after the base; returns false (and drops it) when the cell is full.
    @discardableResult
    public mutating func appendMark(_ mark: Unicode.Scalar) -> Bool {
        scalars.append(mark.value)
    }
}
