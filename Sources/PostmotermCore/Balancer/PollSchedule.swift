/// When to poll one source next, and what state it is in: polls every `interval`; after a failure
/// waits `interval × 2^(failures−1)`, capped at `maxBackoff`; keeps the time of the last good
/// sample so its data can be shown as stale with an age.
///
/// With a ``wallPhase``, good polls keep step with the wall clock instead: each is due at the next
/// whole multiple of the interval (in seconds since 1970) plus the phase, so a console's polls land
/// just after its UTC clock turns over and both are drawn in one frame. A poll's own duration then
/// never makes the schedule drift.
public struct PollSchedule: Sendable, Hashable {
    public var interval: Double
    public var maxBackoff: Double
    /// Seconds past each wall-clock multiple of the interval at which polls are due after a good
    /// one; `nil`: `interval` after the last poll ended. Used only for whole-second intervals.
    public var wallPhase: Double?
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

    /// Records a good poll ended at `now` (monotonic); `wall`, the wall-clock time then (seconds
    /// since 1970), places the next one on the wall clock when there is a ``wallPhase``.
    public mutating func recordSuccess(at now: Double, wall: Double? = nil) {
        consecutiveFailures = 0
        lastFailure = nil
        lastSuccess = now
        nextDue = now + (wall.flatMap(alignedWait) ?? interval)
    }

    /// The wait from `wall` to the next whole multiple of the interval plus ``wallPhase``, never
    /// under half a second (a poll forced just before the mark does not bring another at once);
    /// `nil` without a phase or when the interval is not a whole number of seconds.
    public func alignedWait(from wall: Double) -> Double? {
        guard let wallPhase, interval >= 1, interval == interval.rounded() else { return nil }
        let mark = ((wall - wallPhase) / interval).rounded(.down) * interval + interval + wallPhase
        let wait = mark - wall
        return wait < 0.5 ? wait + interval : wait
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
