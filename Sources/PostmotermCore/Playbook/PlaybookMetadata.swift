/// What a playbook's front matter says about it.
public struct PlaybookMetadata: Sendable, Hashable {
    /// As written, e.g. `SEV-1`.
    public var severity: String?
    /// Services the playbook is about (front matter `services`, a list or one string).
    public var services: [String]
    /// Default balancer address for the console: a HAProxy admin socket path, `host:port`, or a URL.
    public var balancer: String?
    /// Alert names this playbook is the runbook for (front matter `alerts: [Name, …]`): an alert
    /// with one of these `alertname`s opens it (``RunbookResolver``).
    public var alerts: [String] = []
    /// Default Alertmanager for the console (front matter `alertmanager`), a URL.
    public var alertmanager: String?
    /// Default Prometheus for the instances' CPU, memory and p95 (front matter `metrics`), a URL.
    public var metrics: String?
    /// `pool/instance` → Prometheus `instance` label, where a server's address is not its label
    /// (front matter `metrics_instances: {api/api-1: "10.0.0.1:9100"}`; ``InstanceLabelMapping``).
    public var metricsInstances: [String: String] = [:]
    /// PromQL replacing the default CPU, memory or p95 query (front matter
    /// `metrics_queries: {cpu: "…", memory: "…", p95: "…"}`; ``MetricsQueries/read(_:)``).
    public var metricsQueries: [String: String] = [:]
    /// Every other front-matter key, in written order (Hugo's `weight`, `bookHidden`, …).
    public var extra: [MetadataPair]

    public init(severity: String? = nil, services: [String] = [], balancer: String? = nil, extra: [MetadataPair] = []) {
        self.severity = severity
        self.services = services
        self.balancer = balancer
        self.extra = extra
    }
}
