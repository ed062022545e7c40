/// Why the terminal could not be opened. Each message is one line a user can act on.
public enum CursesError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (piped, redirected, or run from cron).
    case notATerminal(stream: String)
    /// `TERM` is not set or empty.
    case termNotSet
    /// The terminfo database has no entry for `TERM`.
    case unknownTerminal(String)
    /// The terminfo entry for `TERM` cannot move the cursor or clear the screen (TERM=dumb).
    case incapableTerminal(String)
    /// A file for a headless screen could not be opened.
    case cannotOpen(path: String)

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            "standard \(stream) is not a terminal; postmoterm open needs an interactive terminal (use `postmoterm timeline` or `postmoterm log` in scripts)"
        case .termNotSet:
            "TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
        case .unknownTerminal(let name):
            "unknown terminal type TERM=\(name) (no terminfo entry); try TERM=xterm-256color or install ncurses-term"
        case .incapableTerminal(let name):
            "TERM=\(name) cannot move the cursor or clear the screen; postmoterm open needs a full-screen terminal (e.g. TERM=xterm-256color); use `postmoterm timeline` or `postmoterm log` otherwise"
        case .cannotOpen(let path):
            "cannot open \(path) for a headless screen"
        }
    }
}
