extension Timestamp: Codable {
    /// Encodes as an ISO 8601 string with milliseconds (`2026-11-25T14:30:00.123Z`), so exported
    /// JSON reads well; decodes that form, any ISO 8601 form `TimeParser` accepts, or an integer
    /// number of milliseconds since the epoch.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let milliseconds = try? container.decode(Int64.self) {
            self.init(millisecondsSinceEpoch: milliseconds)
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = TimeParser.parseISO8601(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an ISO 8601 time: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
