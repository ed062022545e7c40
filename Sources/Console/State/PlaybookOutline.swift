/// The playbook as the console shows it: phases of steps with stable ids, and the roles.
///
/// The runtime builds this from the loaded playbook; the console never parses markdown.
public struct PlaybookOutline: Sendable, Hashable {
    public var title: String
    public var phases: [OutlinePhase]
    public var roles: [OutlineRole]

    public init(title: String, phases: [OutlinePhase], roles: [OutlineRole]) {
        self.title = title
        self.phases = phases
        self.roles = roles
    }

    /// No playbook: the console still keeps a timeline.
    public static let empty = PlaybookOutline(title: "", phases: [], roles: [])

    public var stepCount: Int { phases.reduce(0) { $0 + $1.steps.count } }

    public func step(id: String) -> OutlineStep? {
        for phase in phases {
            if let step = phase.steps.first(where: { $0.id == id }) { return step }
        }
        return nil
    }

    public func role(id: String) -> OutlineRole? {
        roles.first { $0.id.lowercased() == id.lowercased() }
    }
}

/// One phase of the playbook (triage, mitigate, …).
public struct OutlinePhase: Sendable, Hashable {
    public var title: String
    public var steps: [OutlineStep]

    public init(title: String, steps: [OutlineStep]) {
        self.title = title
        self.steps = steps
    }
}

/// One step: a task the responders tick off.
public struct OutlineStep: Sendable, Hashable {
    /// Stable id the timeline refers to (from the playbook loader).
    public var id: String
    public var text: String
    /// Owning role id, if any.
    public var role: String?
    /// Nested prose, verbatim.
    public var details: String
    /// Commands (inline code and fenced blocks), verbatim.
    public var commands: [String]

    public init(id: String, text: String, role: String? = nil, details: String = "", commands: [String] = []) {
        self.id = id
        self.text = text
        self.role = role
        self.details = details
        self.commands = commands
    }
}

/// A role defined by the playbook (IC, Ops, Comms, Scribe…).
public struct OutlineRole: Sendable, Hashable {
    public var id: String
    public var name: String
    public var duties: String

    public init(id: String, name: String, duties: String = "") {
        self.id = id
        self.name = name
        self.duties = duties
    }
}
