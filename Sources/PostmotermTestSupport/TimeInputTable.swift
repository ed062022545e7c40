import PostmotermCore

/// The one table of times people may type, and of those refused, that every surface reading a
/// time is tested against: the CLI's `--at` (`TimeOption`) and the console's time edit (through
/// its reducer). Both read with ``TimeParser`` inside a ``TimeWindow``; a new form or rule is
/// added here once and checked on both.
public enum TimeInputTable {
    /// Now, in every row: 2026-11-25 14:30:10.500 UTC.
    public static let now = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30, second: 10, millisecond: 500).timestamp
    /// When the incident started: 2026-11-25 13:00 UTC. A bare time of day is on this day (the
    /// day of now for `--at`, of the event being edited in the console).
    public static let incidentStartedAt = UTCDateTime(year: 2026, month: 11, day: 25, hour: 13, minute: 0).timestamp

    /// Why an input is refused: a fragment of the message the person sees.
    public enum Refusal: String, Sendable, CaseIterable {
        case unreadable = "cannot read time"
        case tooEarly = "too early"
        case future = "in the future"
    }

    /// What is typed, and the instant it names (ISO 8601 with milliseconds).
    public static let accepted: [(input: String, expected: String)] = [
        ("14:05", "2026-11-25T14:05:00.000Z"),
        ("9:05", "2026-11-25T09:05:00.000Z"),
        ("00:00", "2026-11-25T00:00:00.000Z"),
        (" 14:05:30 ", "2026-11-25T14:05:30.000Z"),
        ("2026-11-25 14:30", "2026-11-25T14:30:00.000Z"),
        ("2026-11-25 14:30:05", "2026-11-25T14:30:05.000Z"),
        ("2026-11-25T14:30:05", "2026-11-25T14:30:05.000Z"),
        ("2026-11-25T14:30Z", "2026-11-25T14:30:00.000Z"),
        ("2026-11-25T14:30:05Z", "2026-11-25T14:30:05.000Z"),
        ("2026-11-25T16:30:05+02:00", "2026-11-25T14:30:05.000Z"),
        ("2026-11-25T09:30:05-0500", "2026-11-25T14:30:05.000Z"),
        ("2026-11-25T15:30:05+01", "2026-11-25T14:30:05.000Z"),
        ("2026-11-24 23:10:05.5", "2026-11-24T23:10:05.500Z"),
        ("2026-11-24T23:10:05.12345Z", "2026-11-24T23:10:05.123Z"),
        // The window's edges: 7 days before the start, and a minute after now.
        ("2026-11-18T13:00:00Z", "2026-11-18T13:00:00.000Z"),
        ("2026-11-25T14:31:10Z", "2026-11-25T14:31:10.000Z"),
    ]

    /// What is refused, and why.
    public static let refused: [(input: String, why: Refusal)] = [
        ("", .unreadable),
        ("   ", .unreadable),
        ("-1:30", .unreadable),
        ("14:5", .unreadable),
        ("14:05:3", .unreadable),
        ("25:00", .unreadable),
        ("24:00", .unreadable),
        ("14:60", .unreadable),
        ("14:30:60", .unreadable),
        ("1430", .unreadable),
        ("noon", .unreadable),
        ("14:30 UTC", .unreadable),
        ("2026-11-25", .unreadable),
        ("2026-02-29 10:00", .unreadable),
        ("2026-11-31 10:00", .unreadable),
        ("2026-13-01 10:00", .unreadable),
        ("2026-00-10 10:00", .unreadable),
        ("2026-11-25 24:00", .unreadable),
        ("26-11-25 14:30", .unreadable),
        ("2026-11-25T14:30:00+25:00", .unreadable),
        ("2026-11-25T14:30:00Zjunk", .unreadable),
        ("0001-01-01T00:00:00Z", .tooEarly),
        ("1970-01-01 00:00", .tooEarly),
        ("2026-11-18T12:59:59Z", .tooEarly),
        ("2099-01-01 00:00", .future),
        ("9999-12-31T23:59:59Z", .future),
        ("2026-11-25T14:32:00Z", .future),
        ("23:00", .future),
    ]
}
