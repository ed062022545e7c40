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

extension InstanceLabelMapping {
    /// Why a `metrics_instances` value cannot be read.
    public struct ReadProblem: Error, Sendable, Hashable {
        /// What is wrong, to follow the key's name.
        public var message: String
    }

    /// The overrides a front matter's or config file's `metrics_instances:` gives: a mapping of
    /// `pool/instance` to the `instance` label, e.g. `{api/api-1: "api-1.example:9100"}`.
    public static func read(_ value: MetadataValue) -> Result<[String: String], ReadProblem> {
        guard case .map(let pairs) = value else {
            return .failure(ReadProblem(message: "should map pool/instance to a Prometheus instance label, e.g. {api/api-1: \"10.0.0.1:9100\"}"))
        }
        var overrides: [String: String] = [:]
        for pair in pairs {
            let parts = pair.key.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return .failure(ReadProblem(message: "key '\(pair.key)' should be pool/instance, e.g. api/api-1"))
            }
            guard let label = pair.value.scalarText, !label.isEmpty else {
                return .failure(ReadProblem(message: "value of '\(pair.key)' should be an instance label such as 10.0.0.1:9100"))
            }
            overrides[pair.key] = label
        }
        return .success(overrides)
    }
}
