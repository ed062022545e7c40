import Foundation

/// The real clock: `CLOCK_MONOTONIC` for intervals, the system wall clock for timestamps.
public struct SystemPollClock: PollClock {
    public init() {}

    public func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    public func wallTime() -> Timestamp { SystemClock().now() }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
    }
}
