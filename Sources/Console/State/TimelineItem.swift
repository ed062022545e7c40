import Foundation

/// A timeline row: an event with its amendments applied, or a change still being written.
public struct TimelineItem: Sendable, Hashable {
    public var entry: ConsoleEvent
    public var starred: Bool = false
    public var hidden: Bool = false
    /// Text or time was amended.
    public var edited: Bool = false
    /// Not yet acknowledged by the store (id is the negative pending token).
    public var pending: Bool = false
}
