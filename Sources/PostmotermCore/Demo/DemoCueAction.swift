/// What happens at a ``DemoCue``. The first group is the world (the system and the people
/// outside the incident), played in every mode; the second is the scripted responder, played
/// only by `postmoterm demo --headless` — in the console, the user is the responder.
public enum DemoCueAction: Sendable, Hashable {
    // MARK: The world

    /// A line that tells the viewer what is going on (printed, not logged).
    case narrate(String)
    /// A runtime API command someone sends outside postmoterm — the seed's bad change. It is
    /// recorded as a `balancerAction` event by `author` once an incident exists.
    case runtimeCommand(String, author: Author, reason: String)
    /// The instance's process dies (listener and connections gone).
    case crashInstance(String, reason: String)

    // MARK: The responder (headless only)

    /// Opens the incident on the demo playbook.
    case openIncident(title: String, severity: String, author: Author)
    /// `holder` takes the playbook role with id `role` (or name containing it).
    case assignRole(role: String, holder: String, by: Author)
    /// A note; `actionItem` makes it a follow-up task of the postmortem.
    case note(String, author: Author, actionItem: Bool = false)
    /// Marks done the first open playbook step whose text contains `text` (case-insensitive).
    /// A playbook without such a step is reported by the player, not guessed at.
    case completeStep(matching: String, author: Author)
    /// Stars a balancer observation already in the log so the postmortem keeps it on its own
    /// line: the first (or, with `last`, the latest) not yet starred whose `finding` is `finding`
    /// and, when given, whose `to` is `to`. A scribe's work.
    case starObservation(finding: String, to: String? = nil, last: Bool = false, author: Author)
    /// Acts on an instance of pool `api` through postmoterm's balancer action runner.
    case balancerAction(BalancerAction, instance: String, author: Author)
    /// Brings a crashed instance's process back (the balancer then checks it up, in slow start);
    /// `author` nil is the instance's process supervisor (the world), otherwise a responder.
    case restartInstance(String, author: Author?)
    /// Moves the incident to `status`.
    case status(IncidentStatus, author: Author)
    /// Exports the postmortem draft.
    case export(author: Author)

    /// Whether only the scripted responder plays it (headless), as opposed to the world.
    public var isResponderAction: Bool {
        switch self {
        case .narrate, .runtimeCommand, .crashInstance: false
        case .restartInstance(_, let author): author != nil
        case .openIncident, .assignRole, .note, .completeStep, .starObservation, .balancerAction, .status, .export: true
        }
    }
}
