/// How long to wait before reconnecting: `initial`, doubled each failed attempt, at most `maximum`.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before attempt `attempt` (1: the first retry after a loss).
    public func delay(attempt: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, min(attempt, 30)) where delay < maximum { delay *= 2 }
        return min(delay, maximum)
    }
}
