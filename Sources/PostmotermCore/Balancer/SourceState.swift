/// How current a source's data is.
public enum SourceState: Sendable, Hashable {
    /// Not polled yet.
    case pending
    /// The last poll answered.
    case live
    /// The last poll failed; the data shown is `age` seconds old.
    case stale(age: Double, reason: String)
    /// It never answered.
    case unreachable(reason: String)

    /// `live`, `stale 12s (reason)`, `unreachable (reason)`.
    public var label: String {
        switch self {
        case .pending: return "pending"
        case .live: return "live"
        case .stale(let age, let reason): return "stale \(Int(age.rounded()))s (\(reason))"
        case .unreachable(let reason): return "unreachable (\(reason))"
        }
    }

    /// Whether the last poll answered.
    public var isLive: Bool { self == .live }
}
