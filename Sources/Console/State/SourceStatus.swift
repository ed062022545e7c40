import Foundation

/// One balancer source's poll state, shown in the header.
public struct SourceStatus: Sendable, Hashable {
    /// Address as shown to people (credentials masked).
    public var label: String
    public var state: PollState
    /// Whether this console records the source's observations into the incident (it holds the
    /// recording lease) or only watches while another console records; nil until known.
    public var recording: Bool?
    /// The balancer process (HAProxy `show info`), when the source says.
    public var process: ProcessLine?

    public init(label: String, state: PollState, recording: Bool? = nil, process: ProcessLine? = nil) {
        self.label = label
        self.state = state
        self.recording = recording
        self.process = process
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
