/// Why a time a person typed could not be used.
public enum TimeParseError: Error, Hashable, Sendable {
    /// Nothing was given.
    case empty
    /// The text is not one of ``TimeParser``'s forms, or names no real time (`25:00`, 30 February).
    case unrecognized(String)
    /// The time is before the earliest of its ``TimeWindow``.
    case tooEarly(String, earliest: Timestamp)
    /// The time is after the latest of its ``TimeWindow`` (now, plus a minute for clocks that
    /// disagree); `parsed` is what the text named.
    case inTheFuture(String, parsed: Timestamp, now: Timestamp)
}

extension TimeParseError: CustomStringConvertible {
    /// The forms, as help text.
    static let forms = "use HH:MM or HH:MM:SS (UTC), YYYY-MM-DD HH:MM[:SS] or ISO 8601 like 2026-11-25T14:30:00Z"

    public var description: String {
        switch self {
        case .empty:
            return "cannot read time: none was given; \(Self.forms)"
        case .unrecognized(let text):
            return "cannot read time '\(text)': \(Self.forms)"
        case .tooEarly(let text, let earliest):
            return "'\(text)' is too early: the earliest time accepted is \(earliest.dateTimeUTC), \(TimeWindow.lookBackDays) days before the incident started"
        case .inTheFuture(let text, let parsed, let now):
            return "'\(text)' is in the future (it is \(now.hourMinute) UTC now); for another day give the full date, e.g. \(now.adding(milliseconds: -86_400_000).isoDate)T\(parsed.hourMinute)Z"
        }
    }
}
