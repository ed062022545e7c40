/// Why a time a person typed could not be read.
public enum TimeParseError: Error, Hashable, Sendable {
    /// Nothing was given.
    case empty
    /// The text is neither `HH:MM[:SS]` nor an ISO 8601 date and time (or names no real time).
    case unrecognized(String)
}

extension TimeParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty:
            return "no time given: use HH:MM (today, UTC), HH:MM:SS or ISO 8601 like 2026-11-25T14:30:00Z"
        case .unrecognized(let text):
            return "cannot read time '\(text)': use HH:MM (today, UTC), HH:MM:SS or ISO 8601 like 2026-11-25T14:30:00Z"
        }
    }
}
