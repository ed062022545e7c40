/// Where "now" comes from. The store stamps events with it; tests use `ManualClock` so that time
/// moves only when the test says so.
public protocol WallClock: Sendable {
    /// The current instant in UTC, millisecond precision.
    func now() -> Timestamp
}
