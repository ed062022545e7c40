import Foundation

/// An instant in UTC with millisecond precision, stored as milliseconds since the Unix epoch.
///
/// Every time postmoterm records (event times, incident start and resolution) is a `Timestamp`.
/// It is a plain value: comparable, hashable, and cheap to format without a `DateFormatter`.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z (negative before the epoch).
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The instant of `date`, truncated (towards the past) to whole milliseconds.
    public init(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        self.millisecondsSinceEpoch = Int64(milliseconds)
    }

    /// The same instant as a Foundation `Date`.
    public var date: Date {
        Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000)
    }

    /// This instant moved by `milliseconds` (negative moves into the past).
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Milliseconds from `earlier` to this instant (negative when `earlier` is later).
    public func milliseconds(since earlier: Timestamp) -> Int64 {
        millisecondsSinceEpoch - earlier.millisecondsSinceEpoch
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
