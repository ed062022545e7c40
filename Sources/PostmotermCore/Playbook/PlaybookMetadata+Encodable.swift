extension PlaybookMetadata: Encodable {
    private enum CodingKeys: String, CodingKey {
        case severity, services, balancer, alerts, alertmanager, metrics, metricsInstances = "metrics_instances", metricsQueries = "metrics_queries", extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(services, forKey: .services)
        try container.encode(balancer, forKey: .balancer)
        if !alerts.isEmpty { try container.encode(alerts, forKey: .alerts) }
        try container.encodeIfPresent(alertmanager, forKey: .alertmanager)
        try container.encodeIfPresent(metrics, forKey: .metrics)
        if !metricsInstances.isEmpty { try container.encode(metricsInstances, forKey: .metricsInstances) }
        if !metricsQueries.isEmpty { try container.encode(metricsQueries, forKey: .metricsQueries) }
        try container.encode(MetadataValue.map(extra), forKey: .extra)
    }
}
