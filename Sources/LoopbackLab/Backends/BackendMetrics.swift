#if canImport(Glibc)
import Glibc
#endif

/// What a demo API instance (``CapacityBackend``) reports on `GET /metrics`, in Prometheus's
/// text format: the CPU its own threads spent (real: `CLOCK_THREAD_CPUTIME_ID` of each request's
/// thread), a resident memory modelled as a base plus a buffer per request in flight (the
/// instances share one process, whose memory says nothing of one of them), and a histogram of
/// the latency of its answers.
struct BackendMetrics: Sendable {
    /// Histogram bounds, seconds.
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    /// The modelled memory: a base, and per request in flight.
    static let baseMemory = 24.0 * 1_048_576
    static let memoryPerRequest = 2.0 * 1_048_576

    var cpuSeconds = 0.0
    /// Counts per bound (not cumulative), then above the last.
    var buckets = [Int](repeating: 0, count: bounds.count + 1)
    var latencySum = 0.0
    var latencyCount = 0

    mutating func observe(latency: Double) {
        let index = Self.bounds.firstIndex { latency <= $0 } ?? Self.bounds.count
        buckets[index] += 1
        latencySum += latency
        latencyCount += 1
    }

    /// The exposition text.
    func text(instance: String, inFlight: Int) -> String {
        var out = """
            # HELP process_cpu_seconds_total CPU time spent by this instance's threads.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total \(cpuSeconds)
            # HELP process_resident_memory_bytes Resident memory of this instance (modelled: base + buffers in flight).
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes \(Self.baseMemory + Double(inFlight) * Self.memoryPerRequest)
            # HELP http_request_duration_seconds Latency of the answers.
            # TYPE http_request_duration_seconds histogram

            """
        var cumulative = 0
        for (index, bound) in Self.bounds.enumerated() {
            cumulative += buckets[index]
            out += "http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "http_request_duration_seconds_bucket{le=\"+Inf\"} \(latencyCount)\n"
        out += "http_request_duration_seconds_sum \(latencySum)\n"
        out += "http_request_duration_seconds_count \(latencyCount)\n"
        return out
    }

    /// CPU time of the calling thread, seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
