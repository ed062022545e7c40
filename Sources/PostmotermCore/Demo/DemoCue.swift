/// One moment of the demo's script: at ``at`` seconds into the story (at speed 1), something
/// happens to the system or a responder does something.
public struct DemoCue: Sendable, Hashable {
    /// Seconds from the start of the script, at speed 1.
    public var at: Double
    public var action: DemoCueAction

    public init(at: Double, _ action: DemoCueAction) {
        self.at = at
        self.action = action
    }
}
