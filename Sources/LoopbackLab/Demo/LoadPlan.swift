/// What a ``LoadGenerator`` sends: always to `127.0.0.1`, at a steady rate, and bounded both in
/// number of requests and in time — whichever limit comes first ends the load.
public struct LoadPlan: Sendable, Hashable {
    /// A plan that would not be bounded or cannot run.
    public enum Invalid: Error, Hashable, CustomStringConvertible {
        /// The rate is not a positive number of requests per second, or is above ``maximumRate``.
        case rate(Double)
        /// Concurrency is outside 1…``maximumConcurrency``.
        case concurrency(Int)
        /// The request count is not positive.
        case requestCount(Int)
        /// The duration is not positive or is above ``maximumDuration`` seconds.
        case duration(Double)
        /// The path does not start with `/` or holds characters that would break the request line.
        case path(String)

        public var description: String {
            switch self {
            case .rate(let rate): "load rate \(rate)/s is outside 0…\(Int(LoadPlan.maximumRate))/s"
            case .concurrency(let count): "load concurrency \(count) is outside 1…\(LoadPlan.maximumConcurrency)"
            case .requestCount(let count): "load request count \(count) must be positive"
            case .duration(let seconds): "load duration \(seconds)s is outside 0…\(Int(LoadPlan.maximumDuration))s"
            case .path(let path): "load path \(path.debugDescription) must start with / and hold no spaces or controls"
            }
        }
    }

    /// The highest rate a plan may ask for.
    public static let maximumRate = 5_000.0
    /// The most requests a plan may have in flight.
    public static let maximumConcurrency = 256
    /// The longest a plan may run, in seconds.
    public static let maximumDuration = 3_600.0

    /// The loopback port to send to (the balancer's frontend).
    public var port: UInt16
    /// The request path.
    public var path: String
    /// Requests started per second.
    public var rate: Double
    /// Requests in flight at most; when all are busy, the next request waits for one.
    public var concurrency: Int
    /// Requests sent at most.
    public var maxRequests: Int
    /// Seconds the load runs at most.
    public var maxDuration: Double
    /// Seconds one request may take (connect, send, answer) before it counts as failed.
    public var requestTimeout: Double

    /// A checked plan.
    public init(
        port: UInt16,
        path: String = "/api",
        rate: Double,
        concurrency: Int = 32,
        maxRequests: Int,
        maxDuration: Double,
        requestTimeout: Double = 5
    ) throws(Invalid) {
        guard rate > 0, rate <= Self.maximumRate else { throw .rate(rate) }
        guard (1...Self.maximumConcurrency).contains(concurrency) else { throw .concurrency(concurrency) }
        guard maxRequests > 0 else { throw .requestCount(maxRequests) }
        guard maxDuration > 0, maxDuration <= Self.maximumDuration else { throw .duration(maxDuration) }
        guard path.hasPrefix("/"), !path.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else { throw .path(path) }
        self.port = port
        self.path = path
        self.rate = rate
        self.concurrency = concurrency
        self.maxRequests = maxRequests
        self.maxDuration = maxDuration
        self.requestTimeout = max(0.05, requestTimeout)
    }
}
