import Foundation

/// A clock for tests: it shows the time it was set to, and moves only when told to.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) {
        current = start
    }

    public func now() -> Timestamp {
        lock.withLock { current }
    }

    /// Sets the clock to `timestamp`.
    public func set(_ timestamp: Timestamp) {
        lock.withLock { current = timestamp }
    }

    /// Moves the clock forward by `milliseconds`.
    public func advance(milliseconds: Int64) {
        lock.withLock { current = current.adding(milliseconds: milliseconds) }
    }
}
