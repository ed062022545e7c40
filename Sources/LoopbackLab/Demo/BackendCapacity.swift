/// How much load one demo backend takes before it degrades, and how it degrades.
///
/// The backend measures its arrival rate over a sliding ``window`` (every request counts, the
/// ones it refuses too: load is load). Up to ``comfortableRate`` it answers in ``baseLatency``;
/// between that and ``meltdownRate`` it slows down linearly towards ``overloadedLatency``; above
/// ``meltdownRate`` it answers every request `503` at once, as a server whose worker pool is
/// exhausted does, until the arrival rate falls back under it. ``maxInFlight`` caps the requests
/// it holds at once, whatever the rate.
public struct BackendCapacity: Sendable, Hashable {
    /// Requests per second answered at ``baseLatency``.
    public var comfortableRate: Double
    /// Requests per second above which every request is answered `503`.
    public var meltdownRate: Double
    /// Seconds to answer a request when not overloaded.
    public var baseLatency: Double
    /// Seconds to answer a request at ``meltdownRate``.
    public var overloadedLatency: Double
    /// Seconds over which the arrival rate is measured.
    public var window: Double
    /// Requests held at once; one more is answered `503` at once.
    public var maxInFlight: Int

    public init(
        comfortableRate: Double,
        meltdownRate: Double,
        baseLatency: Double = 0.004,
        overloadedLatency: Double = 0.250,
        window: Double = 1.0,
        maxInFlight: Int = 64
    ) {
        self.comfortableRate = comfortableRate
        self.meltdownRate = max(meltdownRate, comfortableRate)
        self.baseLatency = baseLatency
        self.overloadedLatency = max(overloadedLatency, baseLatency)
        self.window = window
        self.maxInFlight = maxInFlight
    }

    /// What a backend with this capacity does with one more request.
    public enum Verdict: Sendable, Hashable {
        /// Answer `200` after this many seconds.
        case serve(latency: Double)
        /// Answer `503` at once.
        case reject
    }

    /// The verdict for a request arriving while the measured arrival rate (this request
    /// included) is `rate` per second and `inFlight` requests are already being answered.
    public func verdict(rate: Double, inFlight: Int) -> Verdict {
        if inFlight >= maxInFlight || rate > meltdownRate { return .reject }
        if rate <= comfortableRate { return .serve(latency: baseLatency) }
        let overload = (rate - comfortableRate) / max(meltdownRate - comfortableRate, 0.000_001)
        return .serve(latency: baseLatency + overload * (overloadedLatency - baseLatency))
    }
}
