import Foundation

/// The question `postmoterm open` asks when several open incidents could be meant: join one of
/// them (newest first) or start a new one. Plain state and a pure reducer, like the console's;
/// ``IncidentPickerRenderer`` draws it.
public struct IncidentPicker: Sendable, Hashable {
    /// What the responder decided.
    public enum Outcome: Sendable, Hashable {
        /// Join the incident with this id.
        case join(String)
        /// Start a new incident.
        case startNew
        /// Leave without opening anything.
        case cancel
    }

    /// The open incidents, newest first.
    public let rows: [IncidentPickerRow]
    /// The title a new incident would get.
    public let newTitle: String
    /// Why the question is asked (shown under the title).
    public let reason: String
    /// The highlighted line: an index in ``rows``, or `rows.count` for "start a new one".
    public private(set) var cursor = 0
    public var size: TerminalSize
    /// Set once the responder chose.
    public private(set) var outcome: Outcome?

    public init(rows: [IncidentPickerRow], newTitle: String, reason: String, size: TerminalSize) {
        self.rows = rows
        self.newTitle = newTitle
        self.reason = reason
        self.size = size
    }

    /// The number of lines to choose from: the incidents and "start a new one".
    public var choiceCount: Int { rows.count + 1 }

    /// Applies a key: arrows, j/k, Home/End move; Enter chooses; 1–9 choose an incident by
    /// number; `n` starts a new one; Esc or `q` leaves.
    public static func reduce(_ state: IncidentPicker, _ key: KeyPress) -> IncidentPicker {
        var next = state
        guard next.outcome == nil else { return next }
        switch key {
        case .up, .character("k"): next.cursor = max(0, next.cursor - 1)
        case .down, .character("j"), .tab: next.cursor = min(next.choiceCount - 1, next.cursor + 1)
        case .home, .character("g"): next.cursor = 0
        case .end, .character("G"): next.cursor = next.choiceCount - 1
        case .enter:
            next.outcome = next.cursor < next.rows.count ? .join(next.rows[next.cursor].id) : .startNew
        case .character("n"): next.outcome = .startNew
        case .escape, .character("q"): next.outcome = .cancel
        case .character(let character):
            if let number = character.wholeNumberValue, number >= 1, number <= min(9, next.rows.count) {
                next.cursor = number - 1
                next.outcome = .join(next.rows[number - 1].id)
            }
        default:
            break
        }
        return next
    }
}
