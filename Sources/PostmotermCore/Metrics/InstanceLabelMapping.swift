/// Which Prometheus `instance` label is which balancer instance: by default the server's own
/// address as the balancer reports it (`127.0.0.1:8081`, what a scrape target of that server
/// is called), or the label a playbook's front matter names for `pool/instance`.
public struct InstanceLabelMapping: Sendable, Hashable {
    /// `pool/instance` → `instance` label.
    public var overrides: [String: String]

    public init(overrides: [String: String] = [:]) {
        self.overrides = overrides
    }

    /// The label for the instance `name` of `pool` at `address`; nil when nothing names it.
    public func label(pool: String, instance name: String, address: String?) -> String? {
        overrides[pool + "/" + name] ?? address.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Each instance's metrics (`pool/instance` → metrics) from the metrics by label.
    public func metrics(
        of instances: [(pool: String, name: String, address: String?)], byLabel: [String: InstanceMetrics]
    ) -> [String: InstanceMetrics] {
        var out: [String: InstanceMetrics] = [:]
        for instance in instances {
            guard let label = label(pool: instance.pool, instance: instance.name, address: instance.address),
                let metrics = byLabel[label]
            else { continue }
            out[instance.pool + "/" + instance.name] = metrics
        }
        return out
    }
}
