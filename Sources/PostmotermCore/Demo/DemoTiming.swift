/// How the demo's story time maps onto real time at a given speed, and the balancer and
/// poller timings that go with it (health checks, slow start, polling), so the system reacts
/// within the scaled story as it would at speed 1.
public struct DemoTiming: Sendable, Hashable {
    /// How much faster than speed 1 the story runs; ``speedRange``.
    public let speed: Double

    /// The speeds accepted by `postmoterm demo --speed`.
    public static let speedRange = 0.25...20.0

    /// A timing for `speed`, clamped into ``speedRange``.
    public init(speed: Double) {
        self.speed = min(max(speed, Self.speedRange.lowerBound), Self.speedRange.upperBound)
    }

    /// Real seconds for `storySeconds` of story.
    public func realSeconds(_ storySeconds: Double) -> Double { storySeconds / speed }

    /// HAProxy `inter`, in milliseconds: a health check a second at speed 1, never under 250 ms.
    ///
    /// The floor matters: a passing health check resets HAProxy's count of consecutive errors,
    /// so the `observe` breaker (``observeErrorLimit`` errors in a row) can only trip when that
    /// many failed requests fit between two checks — at the demo's load, 250 ms holds a dozen.
    public var checkIntervalMs: Int { scaledMs(1_000, floor: 250) }
    /// HAProxy `error-limit` of `observe layer7`: consecutive 5xx answers that trip the breaker.
    public var observeErrorLimit: Int { 5 }
    /// HAProxy `slowstart`, in milliseconds: 12 s at speed 1.
    public var slowStartMs: Int { scaledMs(12_000, floor: 500) }
    /// Seconds between polls of the balancer: 1 s at speed 1, never under 0.1 s.
    public var pollInterval: Double { max(0.1, 1.0 / speed) }

    /// The story's clock: real time `now` of a run that started at `start`, mapped so that the
    /// story's events are spaced as at speed 1 and the last one lands at the real end of the
    /// run. At speed 1 it is the real time; faster, times are earlier than now (never later),
    /// so the timeline reads as the story at speed 1, in the past.
    public func storyTime(of now: Timestamp, runStartedAt start: Timestamp, storyDuration: Double) -> Timestamp {
        let elapsedMs = Double(now.milliseconds(since: start))
        let shiftMs = storyDuration * 1_000 * (1 - 1 / speed)
        return start.adding(milliseconds: Int64((elapsedMs * speed - shiftMs).rounded()))
    }

    private func scaledMs(_ milliseconds: Double, floor: Int) -> Int {
        max(floor, Int((milliseconds / speed).rounded()))
    }
}
