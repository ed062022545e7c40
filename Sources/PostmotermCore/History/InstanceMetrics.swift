/// What a metrics server (Prometheus) reports about one balancer instance's process.
public struct InstanceMetrics: Sendable, Hashable {
    /// CPU use, percent of one core.
    public var cpuPercent: Double?
    /// Resident memory in bytes.
    public var memoryBytes: Double?
    /// 95th percentile of request latency, in milliseconds.
    public var p95Milliseconds: Double?

    public init(cpuPercent: Double? = nil, memoryBytes: Double? = nil, p95Milliseconds: Double? = nil) {
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
        self.p95Milliseconds = p95Milliseconds
    }
}
