extension PlaybookMetadata: Encodable {
    private enum CodingKeys: String, CodingKey {
        case severity, services, balancer, extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(services, forKey: .services)
        try container.encode(balancer, forKey: .balancer)
        try container.encode(MetadataValue.map(extra), forKey: .extra)
    }
}
