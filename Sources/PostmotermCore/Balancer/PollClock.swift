/// The time source of the balancer poller: a monotonic clock for intervals, timeouts, rates and
/// ages, a wall clock for timestamps, and sleeping. ``SystemPollClock`` is the real one;
/// ``ManualPollClock`` moves only when a test says so, so no test sleeps for a poll.
public protocol PollClock: Sendable {
    /// Seconds on a monotonic scale (only differences mean anything).
    func monotonicSeconds() -> Double
    /// The wall-clock time, for finding and snapshot timestamps.
    func wallTime() -> Timestamp
    /// Suspends until `seconds` have passed on this clock (or the task is cancelled).
    func sleep(seconds: Double) async throws
    /// Calls `wake` each time this clock's time jumps: threads that wait on a condition until the
    /// clock reaches a time (the poller's) are woken by it and read the clock again. The real
    /// clock never jumps, and ignores it.
    func whenAdvanced(_ wake: @escaping @Sendable () -> Void)
}

extension PollClock {
    public func whenAdvanced(_ wake: @escaping @Sendable () -> Void) {}
}
