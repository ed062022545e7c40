extension StepCommand: Encodable {
    private enum CodingKeys: String, CodingKey {
        case text, language, line, isBlock
    }

    /// `language` is written as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(language, forKey: .language)
        try container.encode(line, forKey: .line)
        try container.encode(isBlock, forKey: .isBlock)
    }
}
