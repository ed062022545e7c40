import Foundation
import PostmotermCore

/// One event of the incident log as the console knows it (the runtime maps store events here).
public struct ConsoleEvent: Sendable, Hashable, Identifiable {
    /// The store's id for the event (its sequence within the incident).
    public var id: Int64
    /// When it was written (UTC).
    public var recordedAt: Date
    /// When it happened, if that differs (backdated notes).
    public var happenedAt: Date?
    public var author: String
    public var role: String?
    public var kind: EntryKind
    public var text: String

    public init(
        id: Int64, recordedAt: Date, happenedAt: Date? = nil, author: String, role: String? = nil,
        kind: EntryKind, text: String
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.happenedAt = happenedAt
        self.author = author
        self.role = role
        self.kind = kind
        self.text = text
    }

    /// The time the timeline sorts and shows it by.
    public var time: Date { happenedAt ?? recordedAt }
}

/// What an event records.
public enum EntryKind: Sendable, Hashable {
    /// A responder's note.
    case note
    /// A step was marked done.
    case stepDone(step: String)
    /// A step was skipped; the entry's text is the reason.
    case stepSkipped(step: String)
    /// A done or skipped step was reopened.
    case stepReopened(step: String)
    /// `holder` took (or was given) `role`.
    case roleAssigned(role: String, holder: String)
    /// `holder` let go of `role`.
    case roleReleased(role: String, holder: String)
    /// The incident moved to a status.
    case statusChanged(IncidentStatus)
    /// Something the balancer poller detected; `serious` findings are drawn as danger.
    case balancerObservation(serious: Bool)
    /// A responder acted on the balancer (drain, weight…).
    case balancerAction
    /// An amendment to an earlier event; the original is never changed.
    case amendment(target: Int64, change: EntryAmendment)
    /// A postmortem draft was exported.
    case export
    /// An Alertmanager alert fired (`firing`) or resolved, at its own time.
    case alert(firing: Bool)
    /// A silence on an alert was made or expired.
    case alertSilenced
    /// The incident switched to the playbook at `path` (`o` on an alert); `alertname` is the alert's.
    case playbookChosen(path: String, digest: String?, alertname: String?)
    /// Kept in the log for the record, never a timeline line (the balancer's counter samples).
    case bookkeeping
    /// Any other kind the store knows and the console does not interpret.
    case other(String)
}

/// A change one event makes to another.
public enum EntryAmendment: Sendable, Hashable {
    case star
    case unstar
    case hide
    case unhide
    case text(String)
    case time(Date)
}
