/// A loaded playbook: what the console walks through, the timeline refers to, and the postmortem
/// exporter draws corrective tasks from.
///
/// Built by ``PlaybookBuilder`` from a markdown block tree; never throws: whatever is wrong with
/// the file is in ``diagnostics``, and what could be understood is still here.
public struct Playbook: Sendable, Hashable {
    /// The file the playbook was read from, as given by the caller.
    public var path: String
    /// From front matter `title`, else the document's `#` heading, else the file name.
    public var title: String
    public var metadata: PlaybookMetadata
    public var roles: [PlaybookRole]
    /// The sections that instruct, in document order.
    public var phases: [Phase]
    /// The sections that describe (Overview, Meaning, Impact, …), shown with the playbook.
    public var context: [ContextSection]
    /// Items of the Follow-up section: the postmortem's corrective tasks.
    public var followUps: [FollowUp]
    /// Everything wrong or questionable, in file order.
    public var diagnostics: [SourceDiagnostic]
    /// SHA-256 of the file's bytes, lower-case hex.
    public var digest: String

    public init(
        path: String,
        title: String,
        metadata: PlaybookMetadata = PlaybookMetadata(),
        roles: [PlaybookRole] = [],
        phases: [Phase] = [],
        context: [ContextSection] = [],
        followUps: [FollowUp] = [],
        diagnostics: [SourceDiagnostic] = [],
        digest: String
    ) {
        self.path = path
        self.title = title
        self.metadata = metadata
        self.roles = roles
        self.phases = phases
        self.context = context
        self.followUps = followUps
        self.diagnostics = diagnostics
        self.digest = digest
    }

    /// Every step of every phase, in document order.
    public var allSteps: [Step] {
        phases.flatMap(\.steps)
    }

    /// The step with stable id `id`, if any.
    public func step(id: String) -> Step? {
        for phase in phases {
            if let step = phase.steps.first(where: { $0.id == id }) { return step }
        }
        return nil
    }

    /// The phase containing the step with id `stepID`.
    public func phase(containingStep stepID: String) -> Phase? {
        phases.first { $0.steps.contains { $0.id == stepID } }
    }

    /// The role with id `id` (ids are lower-case).
    public func role(id: String) -> PlaybookRole? {
        roles.first { $0.id == id.lowercased() }
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error }
    }
}
