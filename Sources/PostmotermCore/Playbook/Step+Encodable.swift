extension Step: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, phaseID, line, column, text, role, details, commands, section, kind, isChecked
    }

    /// Optional fields are written as `null` rather than left out, so every step has every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phaseID, forKey: .phaseID)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(text, forKey: .text)
        try container.encode(role, forKey: .role)
        try container.encode(details, forKey: .details)
        try container.encode(commands, forKey: .commands)
        try container.encode(section, forKey: .section)
        try container.encode(kind, forKey: .kind)
        try container.encode(isChecked, forKey: .isChecked)
    }
}
