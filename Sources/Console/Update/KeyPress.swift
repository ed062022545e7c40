/// A key as the backend decoded it.
public enum KeyPress: Sendable, Hashable {
    /// A printable character (including wide ones).
    case character(Character)
    /// Ctrl plus a letter, lowercase: `.control("u")` is Ctrl-U.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case tab, backTab
    case enter, escape, backspace, delete
    /// A function key: `.function(1)` is F1.
    case function(Int)
}
