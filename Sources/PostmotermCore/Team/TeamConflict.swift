/// What convergence found when two responders acted at once (issue 15). The later event in the
/// converged order (see ``TeamConvergence``) keeps its place and its text and carries the
/// conflict in its data: `conflict` = the raw value, `conflictNote` = a sentence for people.
/// Readers that derive state (status, roles, steps) ignore events carrying a conflict.
public enum TeamConflict: String, Sendable, CaseIterable {
    /// A step already marked done (and not reopened since) was marked done again: it counts once,
    /// the second reads "also confirmed by …".
    case alsoConfirmed
    /// A role already held by someone else was taken: the first in the store's order holds it.
    case roleHeld
    /// The status change was already made (mitigated twice) or can no longer be (mitigated after
    /// resolved): the first one stands.
    case statusAlreadySet
    /// An event another responder had already amended was amended again: amendments apply in
    /// the store's order, so this one applies last (and wins for text and time).
    case alsoAmended

    /// The `data` key of the conflict and of its note.
    public static let dataKey = "conflict"
    public static let noteKey = "conflictNote"

    /// The kinds of events conflicts are about (or that end one: a step reopened, a role released).
    /// A log that gained none of these has the conflicts it had.
    public static let kinds: Set<EventKind> = [
        .stepDone, .stepSkipped, .stepReopened, .roleAssigned, .roleReleased, .statusChanged, .amendment,
    ]

    /// The conflict `event` carries, if any.
    public init?(event: Event) {
        guard let raw = event.data[Self.dataKey], let conflict = TeamConflict(rawValue: raw) else { return nil }
        self = conflict
    }
}
