/// What a colour means on screen. The backend maps roles to terminal colours (or to none at all
/// under `NO_COLOR`); the console never names a concrete colour.
public enum ColorRole: UInt8, Sendable, Hashable, CaseIterable {
    /// The terminal's own foreground/background.
    case normal
    /// Secondary text: timestamps, hints, hidden events.
    case dim
    /// Headings and the focused pane's title.
    case accent
    /// Healthy: up, live, done.
    case good
    /// Needs attention: draining, stale, skew, half-open.
    case warning
    /// Broken: down, breaker open, unreachable, 5xx.
    case danger
}
