/// One terminal column.
///
/// A wide character (CJK, emoji) occupies two cells: the first holds the character with
/// `width == 2`, the second is a continuation cell (`width == 0`, empty character) that the
/// backend skips. Combining marks travel with their base character in `character`.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown in this column, already inert (no control characters).
    public var character: String
    /// 1 for a normal cell, 2 for the first half of a wide character, 0 for its continuation.
    public var width: UInt8
    public var style: CellStyle

    public init(character: String = " ", width: UInt8 = 1, style: CellStyle = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell()

    /// Whether this cell is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
