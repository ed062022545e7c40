extension FollowUp: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, text, line, role, details
    }

    /// `role` is written as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(text, forKey: .text)
        try container.encode(line, forKey: .line)
        try container.encode(role, forKey: .role)
        try container.encode(details, forKey: .details)
    }
}
