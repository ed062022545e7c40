/// What a ``LoadGenerator`` saw, over its whole run or over a recent window: the client's view
/// of the service (what the users of the API would have seen).
public struct LoadReport: Sendable, Hashable {
    /// Requests that got an answer or failed.
    public var completed = 0
    /// Answers `2xx`.
    public var succeeded = 0
    /// Answers `5xx` (from a backend or from the balancer itself, e.g. `503` with no server left).
    public var serverErrors = 0
    /// Answers with another status.
    public var otherStatus = 0
    /// Requests that got no answer: refused, reset, or timed out.
    public var failed = 0
    /// Median latency of answered requests, in seconds (0 when none).
    public var medianLatency = 0.0
    /// 99th-percentile latency of answered requests, in seconds (0 when none).
    public var p99Latency = 0.0

    public init() {}

    /// Share of completed requests that were not a success (5xx, other failure), 0…1.
    public var errorRatio: Double {
        completed == 0 ? 0 : Double(completed - succeeded - otherStatus) / Double(completed)
    }

    /// One line for a human, e.g. `120 req: 97.5% ok, 2.5% errors, p50 4 ms, p99 210 ms`.
    public var summary: String {
        guard completed > 0 else { return "no requests completed" }
        let ok = Double(succeeded) / Double(completed) * 100
        return "\(completed) req: \(Self.percent(ok))% ok, \(Self.percent(errorRatio * 100))% errors"
            + " (\(serverErrors) 5xx, \(failed) no answer), p50 \(Self.millis(medianLatency)) ms, p99 \(Self.millis(p99Latency)) ms"
    }

    private static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func millis(_ seconds: Double) -> String { String(Int((seconds * 1000).rounded())) }
}
