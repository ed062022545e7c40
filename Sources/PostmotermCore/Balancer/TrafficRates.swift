/// Rates computed from the counter difference between two samples.
public struct TrafficRates: Sendable, Hashable {
    /// Seconds between the two samples.
    public var interval: Double
    /// Requests in the interval.
    public var requests: UInt64
    /// 5xx responses in the interval.
    public var responses5xx: UInt64

    public init(interval: Double, requests: UInt64, responses5xx: UInt64) {
        self.interval = interval
        self.requests = requests
        self.responses5xx = responses5xx
    }

    public var requestsPerSecond: Double { interval > 0 ? Double(requests) / interval : 0 }
    public var errorsPerSecond: Double { interval > 0 ? Double(responses5xx) / interval : 0 }
    /// 5xx share of requests in percent; `nil` without requests.
    public var errorPercent: Double? {
        requests == 0 ? nil : min(100, Double(responses5xx) * 100 / Double(requests))
    }

    /// The rates between `previous` and `current`. A counter that went down (balancer reload,
    /// counters cleared) starts a new baseline: `nil`, never a negative rate.
    public static func between(
        _ previous: InstanceCounters, at previousTime: Double,
        _ current: InstanceCounters, at currentTime: Double
    ) -> TrafficRates? {
        let interval = currentTime - previousTime
        guard interval > 0, let now = current.requests, let before = previous.requests, now >= before else { return nil }
        var errors: UInt64 = 0
        if let now5 = current.responses5xx, let before5 = previous.responses5xx {
            guard now5 >= before5 else { return nil }
            errors = now5 - before5
        }
        return TrafficRates(interval: interval, requests: now - before, responses5xx: errors)
    }
}
