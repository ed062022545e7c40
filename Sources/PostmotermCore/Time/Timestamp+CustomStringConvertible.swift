extension Timestamp: CustomStringConvertible {
    /// The ISO 8601 form, e.g. `2026-11-25T14:30:00.123Z`.
    public var description: String { iso8601 }
}
