/// The times a person may give for something that happened in an incident (`--at`, the
/// console's time edit): from ``lookBackDays`` days before the incident started — a deploy the
/// day before can be logged, year 1 cannot — to a minute after now, slack for clocks that
/// disagree (later than that is a typo or another day). For `start`, whose incident does not
/// exist yet, the window reaches back from now.
public struct TimeWindow: Hashable, Sendable {
    /// How far before the incident's start a time may be, in days.
    public static let lookBackDays = 7
    /// How far past now a time may be, in milliseconds.
    public static let futureSlackMilliseconds: Int64 = 60_000

    public var earliest: Timestamp
    public var latest: Timestamp
    /// Now, as the window was made (for the error's hint).
    public var now: Timestamp

    /// The window for an incident that started at `startedAt` (nil: one about to start now).
    public init(incidentStartedAt startedAt: Timestamp?, now: Timestamp) {
        let anchor = startedAt.map { min($0, now) } ?? now
        earliest = anchor.adding(milliseconds: -Int64(Self.lookBackDays) * 86_400_000)
        latest = now.adding(milliseconds: Self.futureSlackMilliseconds)
        self.now = now
    }

    /// `time` when it is inside the window; `text` is what was typed, for the error.
    public func check(_ time: Timestamp, text: String) throws(TimeParseError) -> Timestamp {
        if time < earliest { throw .tooEarly(text, earliest: earliest) }
        if time > latest { throw .inTheFuture(text, parsed: time, now: now) }
        return time
    }
}
