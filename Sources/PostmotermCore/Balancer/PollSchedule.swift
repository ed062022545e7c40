/// When to poll one source next, and what state it is in: polls every `interval`; after a failure
/// waits `interval × 2^(failures−1)`, capped at `maxBackoff`; keeps the time of the last good
/// sample so its data can be shown as stale with an age.
public struct PollSchedule: Sendable, Hashable {
    public var interval: Double
    public var maxBackoff: Double
    /// Monotonic time at which the next poll is due.
    public private(set) var nextDue: Double
    public private(set) var consecutiveFailures: Int = 0
    /// Monotonic time of the last successful poll.
    public private(set) var lastSuccess: Double?
    /// The last failure, while failing.
    public private(set) var lastFailure: SourceFailure?

    public init(interval: Double, maxBackoff: Double = 30, start: Double) {
        self.interval = max(0.05, interval)
        self.maxBackoff = max(self.interval, maxBackoff)
        self.nextDue = start
    }

    public func isDue(at now: Double) -> Bool { now >= nextDue }

    public mutating func recordSuccess(at now: Double) {
        consecutiveFailures = 0
        lastFailure = nil
        lastSuccess = now
        nextDue = now + interval
    }

    public mutating func recordFailure(_ failure: SourceFailure, at now: Double) {
        consecutiveFailures += 1
        lastFailure = failure
        nextDue = now + backoff
    }

    /// The wait after the current run of failures (the interval when there is none).
    public var backoff: Double {
        guard consecutiveFailures > 0 else { return interval }
        let factor = Double(1 << min(consecutiveFailures - 1, 16))
        return min(maxBackoff, interval * factor)
    }

    /// The source's state as the console shows it.
    public func state(at now: Double) -> SourceState {
        if let lastFailure {
            if let lastSuccess { return .stale(age: now - lastSuccess, reason: lastFailure.reason) }
            return .unreachable(reason: lastFailure.reason)
        }
        if lastSuccess == nil { return .pending }
        return .live
    }
}
