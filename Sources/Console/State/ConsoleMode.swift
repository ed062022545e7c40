import Foundation
import PostmotermCore

/// What the keys currently do: the normal screen, a prompt, a confirmation or the help.
public enum ConsoleMode: Sendable, Hashable {
    case normal
    /// The key list (`?`); any key closes it.
    case help
    /// `q` was pressed: `y` quits, anything else stays.
    case confirmQuit
    /// A one-line editor is open for `purpose`.
    case editing(LineEditor, EditPurpose)
    /// A yes/no question about `action`.
    case confirming(PendingConfirmation)
    /// `E` on a timeline event: `t` edits its text, `m` its time.
    case choosingAmendment(eventID: Int64)
    /// Enter on a timeline event: the whole event (text, author, times, amendments); any key closes.
    case eventDetail(eventID: Int64)

    /// The mode draws over the panes (help, an event's detail): a frame is always drawn whole.
    public var coversPanes: Bool {
        switch self {
        case .help, .eventDetail: true
        default: false
        }
    }
}

/// What the text typed in the editor is for.
public enum EditPurpose: Sendable, Hashable {
    case note
    case skipReason(step: String)
    case filter(Pane)
    case role
    case eventText(eventID: Int64)
    case eventTime(eventID: Int64)
    case weight(InstanceActionRequest)
    /// `DURATION COMMENT` for a silence of the alert (its fingerprint) on the Alertmanager `source`.
    case silence(source: String, fingerprint: String, alertname: String)

    /// The prompt shown before the editor.
    public var prompt: String {
        switch self {
        case .note: "Note: "
        case .skipReason: "Skip reason: "
        case .filter(let pane): "Filter \(pane.title.lowercased()): "
        case .role: "Role (ROLE take · ROLE=NAME assign · -ROLE release): "
        case .eventText: "Event text: "
        case .eventTime: "Happened at (HH:MM[:SS] UTC or ISO 8601): "
        case .weight(let request): "Weight for \(request.pool)/\(request.instance) (0-256): "
        case .silence(_, _, let name): "Silence \(TerminalSafe.escape(name)) for (30m, 2h…) and why: "
        }
    }
}

/// A change that waits for `y`.
public enum PendingConfirmation: Sendable, Hashable {
    case status(IncidentStatus)
    case balancerAction(InstanceActionRequest)
    case silence(SilenceOrder)

    public var question: String {
        switch self {
        case .status(let status): "Move the incident to \(status.rawValue)? (y/n)"
        case .balancerAction(let request): "Run `\(request.runtimeCommand)` on \(request.source)? (y/n)"
        case .silence(let order):
            "Silence \(TerminalSafe.escape(order.alert.name)) for \(ElapsedTime(milliseconds: order.milliseconds).compact) on \(order.source)? (y/n)"
        }
    }
}
