/// The PromQL that gives each instance's CPU %, resident memory and p95 latency, one value per
/// `instance` label. The defaults read the standard process metrics of a Prometheus client
/// library (`process_cpu_seconds_total`, `process_resident_memory_bytes`) and a latency
/// histogram (`http_request_duration_seconds`); a playbook's front matter may replace any of them.
public struct MetricsQueries: Sendable, Hashable {
    /// CPU use, percent of one core.
    public var cpu: String
    /// Resident memory, bytes.
    public var memory: String
    /// 95th percentile of request latency, milliseconds.
    public var p95: String

    public static let defaultCPU = "100 * rate(process_cpu_seconds_total[1m])"
    public static let defaultMemory = "process_resident_memory_bytes"
    public static let defaultP95 =
        "1000 * histogram_quantile(0.95, sum by (instance, le) (rate(http_request_duration_seconds_bucket[1m])))"

    public init(cpu: String = MetricsQueries.defaultCPU, memory: String = MetricsQueries.defaultMemory,
                p95: String = MetricsQueries.defaultP95) {
        self.cpu = cpu
        self.memory = memory
        self.p95 = p95
    }
}
