/// A span of time between two `Timestamp`s, formatted for people.
public struct ElapsedTime: Hashable, Comparable, Sendable {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// A span given in seconds (Foundation's `TimeInterval`), truncated to whole milliseconds;
    /// one that is not finite or does not fit counts as 0.
    public init(seconds: Double) {
        let milliseconds = (seconds * 1000).rounded(.towardZero)
        self.milliseconds = milliseconds.isFinite && abs(milliseconds) < 9e18 ? Int64(milliseconds) : 0
    }

    /// The span from `start` to `end` (negative when `end` is earlier).
    public init(from start: Timestamp, to end: Timestamp) {
        self.milliseconds = end.milliseconds(since: start)
    }

    /// Exact, to the second, zero parts left out: `1 h 30 m`, `1 m 43 s`, `45 s`,
    /// `2 d 3 h 5 m 12 s`, `0 s` (milliseconds are dropped). The one way postmoterm writes a
    /// duration for people (drafts, `status`).
    public var spelledOut: String {
        let sign = milliseconds < 0 ? "minus " : ""
        let total = milliseconds.magnitude / 1000
        let parts: [(UInt64, String)] = [
            (total / 86_400, "d"), (total / 3600 % 24, "h"), (total / 60 % 60, "m"), (total % 60, "s"),
        ]
        let shown = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return sign + (shown.isEmpty ? "0 s" : shown.joined(separator: " "))
    }

    /// Compact, for tables: `1h30m`, `2d3h`, `12m`, `45s`.
    public var compact: String {
        let sign = milliseconds < 0 ? "-" : ""
        let total = milliseconds.magnitude / 1000
        if total < 60 { return "\(sign)\(total)s" }
        let minutes = total / 60 % 60
        let hours = total / 3600 % 24
        let days = total / 86_400
        if days > 0 { return "\(sign)\(days)d\(hours)h" }
        if hours > 0 { return "\(sign)\(hours)h\(Timestamp.pad(Int(minutes), 2))m" }
        return "\(sign)\(minutes)m"
    }

    /// A running clock, to the second, for the console: `45s`, `12m05s`, `3h07m`, `2d04h`
    /// (a negative span reads `0s`).
    public var timer: String {
        let total = Swift.max(0, milliseconds / 1000)
        let days = total / 86_400
        let hours = total % 86_400 / 3_600
        let minutes = total % 3_600 / 60
        let seconds = total % 60
        if days > 0 { return "\(days)d" + Timestamp.pad(Int(hours), 2) + "h" }
        if hours > 0 { return "\(hours)h" + Timestamp.pad(Int(minutes), 2) + "m" }
        if minutes > 0 { return "\(minutes)m" + Timestamp.pad(Int(seconds), 2) + "s" }
        return "\(seconds)s"
    }

    public static func < (lhs: ElapsedTime, rhs: ElapsedTime) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}
