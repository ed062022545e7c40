/// One moment of the demo's script: at ``at`` seconds into the story (at speed 1), something
/// happens to the system or a responder does something.
public struct DemoCue: Sendable, Hashable {
    /// Which runs play a cue.
    public enum Mode: Sendable, Hashable {
        /// `postmoterm demo --headless`: the scripted responder acts.
        case headless
        /// `postmoterm demo` in the console: the user acts.
        case console
    }

    /// Seconds from the start of the script, at speed 1.
    public var at: Double
    public var action: DemoCueAction
    /// The runs that play it: by default the world's cues play in both, the responder's only
    /// headless.
    public var modes: Set<Mode>

    public init(at: Double, _ action: DemoCueAction, only mode: Mode? = nil) {
        self.at = at
        self.action = action
        if let mode {
            self.modes = [mode]
        } else {
            self.modes = action.isResponderAction ? [.headless] : [.headless, .console]
        }
    }
}
