/// A phase built from its section alone: everything but its step ids, which depend on the
/// phases before it and are claimed when the draft is added to the playbook
/// (``BuildState/add(_:)``). Drafts of different phases can be made concurrently.
struct PhaseDraft: Sendable {
    /// The id a step will get: its explicit id when that is valid and free, else its generated
    /// id (made unique with `-2`, `-3`, … among earlier steps).
    struct PendingStepID: Sendable {
        /// From `<!-- id: … -->`, unchecked.
        var explicit: String?
        /// `phase-id.slug-of-the-text`.
        var generated: String
        var position: SourcePosition
    }

    /// The phase; its steps' ids are empty unless `idsClaimed`.
    var phase: Phase
    /// One per step of `phase`, in order.
    var pendingStepIDs: [PendingStepID]
    /// Whether `phase`'s steps already have their generated ids, claimed within the phase
    /// (it has no explicit ids; see ``BuildState/draftPhase(id:title:line:blocks:path:claimingIDs:)``).
    var idsClaimed: Bool
    /// Owner tags of the steps, in order, checked once every role is known.
    var ownerTags: [(role: String, position: SourcePosition)]
    /// Findings while drafting, in order.
    var diagnostics: [SourceDiagnostic]
}
