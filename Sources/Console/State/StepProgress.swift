import Foundation

/// What the log says about a step: done or skipped, by whom and when (todo has no progress).
public struct StepProgress: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case done
        case skipped(reason: String)
    }

    public var state: State
    public var by: String
    public var at: Date
}
