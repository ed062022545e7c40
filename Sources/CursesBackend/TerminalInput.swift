import Console

/// What the keyboard and the terminal sent.
public enum TerminalInput: Sendable, Hashable {
    case key(KeyPress)
    /// The window changed size (the screen was already resized to it).
    case resize(TerminalSize)
}
