import Foundation

/// One balancer source's poll state, shown in the header.
public struct SourceStatus: Sendable, Hashable {
    /// Address as shown to people (credentials masked).
    public var label: String
    public var state: PollState

    public init(label: String, state: PollState) {
        self.label = label
        self.state = state
    }
}

/// Whether a source's data is fresh.
public enum PollState: Sendable, Hashable {
    /// No answer yet.
    case connecting
    /// The latest poll answered. (No timestamp: a poll that changes nothing else must not
    /// change the state, or every poll would repaint the screen.)
    case live
    /// Last good data from `since`; the latest polls failed with `reason`.
    case stale(since: Date, reason: String)
    /// Never answered, or gone: why.
    case unreachable(reason: String)
}
