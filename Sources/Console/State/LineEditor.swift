import PostmotermCore

/// A one-line text editor: insert, Backspace, Delete, Ctrl-U, Ctrl-W, arrows, Home/End.
///
/// The cursor is an index in characters (grapheme clusters), so a wide character or an emoji
/// with a combining mark is deleted as one.
///
/// A suggestion (``init(suggestion:capacity:)``) starts selected, as in line editors that
/// propose a value: Enter takes it, the first character typed replaces it, Backspace or Delete
/// clears it, and a movement key keeps it for editing.
public struct LineEditor: Sendable, Hashable {
    public private(set) var text: [Character]
    public private(set) var cursor: Int
    /// Longest text accepted, in characters.
    public let capacity: Int
    /// The whole text is selected: the next edit replaces it.
    public private(set) var selected = false

    public init(_ initial: String = "", capacity: Int = EventTextLimit.maximumCharacters) {
        self.capacity = capacity
        text = Array(initial.prefix(capacity))
        cursor = text.count
    }

    /// An editor proposing `suggestion`, selected so that typing replaces it.
    public init(suggestion: String, capacity: Int = EventTextLimit.maximumCharacters) {
        self.init(suggestion, capacity: capacity)
        selected = !text.isEmpty
    }

    public var string: String { String(text) }

    /// Applies an editing key. Returns false for keys the editor does not handle (Enter, Esc…).
    @discardableResult
    public mutating func handle(_ key: KeyPress) -> Bool {
        if selected {
            switch key {
            case .character, .backspace, .delete, .control("d"), .control("u"), .control("k"), .control("w"):
                // Replace the selection: clear it, then apply a typed character.
                selected = false
                text.removeAll()
                cursor = 0
                if case .character = key { return handle(key) }
                return true
            case .left, .right, .home, .end, .control("a"), .control("b"), .control("e"), .control("f"):
                selected = false
            default:
                return false
            }
        }
        switch key {
        case .character(let character):
            guard text.count < capacity else { return true }
            // Newlines and controls never enter a one-line editor.
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return true }
            text.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .control("d"):
            if cursor < text.count { text.remove(at: cursor) }
        case .left, .control("b"):
            cursor = max(0, cursor - 1)
        case .right, .control("f"):
            cursor = min(text.count, cursor + 1)
        case .home, .control("a"):
            cursor = 0
        case .end, .control("e"):
            cursor = text.count
        case .control("u"):
            text.removeSubrange(0..<cursor)
            cursor = 0
        case .control("k"):
            text.removeSubrange(cursor..<text.count)
        case .control("w"):
            var start = cursor
            while start > 0, text[start - 1] == " " { start -= 1 }
            while start > 0, text[start - 1] != " " { start -= 1 }
            text.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }
}
