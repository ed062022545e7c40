/// How the team store looks from this host, for the console's header and `team status`:
/// `team ✓`, `team: 3 to send`, `team: 3 to send, unreachable 40s`.
public struct TeamStatus: Hashable, Sendable {
    /// Events written here that the store has not accepted yet.
    public var pending: Int
    /// Since when every attempt failed (nil: the last one worked, or none was made yet).
    public var failingSince: Timestamp?
    /// The last failure (a ``TeamStoreError`` description: never a password).
    public var lastError: String?
    /// Whether the last failure is one the network can fix (else a person must act).
    public var isRetrying: Bool
    /// When the last attempt succeeded.
    public var lastSuccess: Timestamp?

    public init(
        pending: Int = 0, failingSince: Timestamp? = nil, lastError: String? = nil, isRetrying: Bool = true,
        lastSuccess: Timestamp? = nil
    ) {
        self.pending = pending
        self.failingSince = failingSince
        self.lastError = lastError
        self.isRetrying = isRetrying
        self.lastSuccess = lastSuccess
    }

    /// Whether everything written here has reached the store and the store answers.
    public var isInSync: Bool { pending == 0 && failingSince == nil && lastSuccess != nil }

    /// The header's words at `now`.
    public func headerText(now: Timestamp) -> String {
        if isInSync { return "team ✓" }
        var parts: [String] = []
        if pending > 0 { parts.append("\(pending) to send") }
        if let failingSince {
            if isRetrying {
                parts.append("unreachable \(ElapsedTime(from: failingSince, to: now).compact)")
            } else {
                parts.append(lastError ?? "failing")
            }
        } else if lastSuccess == nil {
            parts.append("connecting")
        }
        return "team: " + parts.joined(separator: ", ")
    }
}
