extension Playbook: Encodable {
    /// The `postmoterm check --json` shape, in this key order.
    private enum CodingKeys: String, CodingKey {
        case path, title, digest, metadata, roles, phases, context, followUps, diagnostics
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(title, forKey: .title)
        try container.encode(digest, forKey: .digest)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(roles, forKey: .roles)
        try container.encode(phases, forKey: .phases)
        try container.encode(context, forKey: .context)
        try container.encode(followUps, forKey: .followUps)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}
