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
    /// `c` in the health pane: which columns the table shows; `cursor` is the column at hand.
    case pickingColumns(cursor: Int)
    /// Enter on an instance in the health pane: its last hour as charts; any key closes.
    case instanceDetail(source: String, pool: String, instance: String)
    /// A runtime command's answer (`:` in the health pane), scrollable; Esc or q closes.
    case runtimeAnswer(RuntimeAnswer)

    /// The mode draws over the panes (help, an event's detail): a frame is always drawn whole.
    public var coversPanes: Bool {
        switch self {
        case .help, .eventDetail, .runtimeAnswer, .instanceDetail: true
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
    /// A runtime command for the HAProxy runtime socket `source` (`:`).
    case runtimeCommand(source: String)

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
        case .runtimeCommand: "HAProxy runtime command: "
        }
    }
}

/// A change that waits for `y`.
public enum PendingConfirmation: Sendable, Hashable {
    case status(IncidentStatus)
    case balancerAction(InstanceActionRequest)
    case silence(SilenceOrder)
    case runtimeCommand(RuntimeCommandRequest)

    public var question: String {
        switch self {
        case .status(let status): "Move the incident to \(status.rawValue)? (y/n)"
        case .balancerAction(let request): "Run `\(request.runtimeCommand)` on \(request.source)? (y/n)"
        case .silence(let order):
            "Silence \(TerminalSafe.escape(order.alert.name)) for \(ElapsedTime(milliseconds: order.milliseconds).compact) on \(order.source)? (y/n)"
        case .runtimeCommand(let request): "Run `\(TerminalSafe.escape(request.command))` on \(request.source)? It may change the balancer (y/n)"
        }
    }
}
