/// A span of time between two `Timestamp`s, formatted for people.
public struct ElapsedTime: Hashable, Comparable, Sendable {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// The span from `start` to `end` (negative when `end` is earlier).
    public init(from start: Timestamp, to end: Timestamp) {
        self.milliseconds = end.milliseconds(since: start)
    }

    /// Words, rounded down to the minute (seconds when under a minute):
    /// `1 hour and 30 minutes`, `2 days, 3 hours and 5 minutes`, `45 seconds`.
    public var spelledOut: String {
        let sign = milliseconds < 0 ? "minus " : ""
        let total = milliseconds.magnitude / 1000
        if total < 60 { return sign + ElapsedTime.unit(Int(total), "second") }
        let minutes = Int(total / 60 % 60)
        let hours = Int(total / 3600 % 24)
        let days = Int(total / 86_400)
        var parts: [String] = []
        if days > 0 { parts.append(ElapsedTime.unit(days, "day")) }
        if hours > 0 { parts.append(ElapsedTime.unit(hours, "hour")) }
        if minutes > 0 || parts.isEmpty { parts.append(ElapsedTime.unit(minutes, "minute")) }
        if parts.count == 1 { return sign + parts[0] }
        return sign + parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
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

    public static func < (lhs: ElapsedTime, rhs: ElapsedTime) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    private static func unit(_ n: Int, _ name: String) -> String {
        n == 1 ? "1 \(name)" : "\(n) \(name)s"
    }
}
