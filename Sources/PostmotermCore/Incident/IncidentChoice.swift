import Foundation

/// Which incident a command means when it was not given `--incident`: the one rule every command
/// follows, so `start`, `open`, `log`, `mitigate`, `resolve` and `export` agree on "the incident".
///
/// In order (`open --title T` instead looks only for an open incident titled T, else none):
/// 1. the current incident set with `postmoterm use`, while it is open;
/// 2. with a playbook (`open PLAYBOOK`): the open incident started with that playbook, when there
///    is exactly one;
/// 3. the only open incident — unless a playbook was given and that incident follows another one;
/// 4. otherwise, with several open incidents, it is ambiguous: interactive commands ask, the
///    others take the newest and say which on stderr.
public enum IncidentChoice: Hashable, Sendable {
    /// One incident is clearly meant.
    case chosen(Incident, because: Reason)
    /// Several open incidents could be meant (newest first); `newest` is what a command that
    /// cannot ask takes.
    case ambiguous([Incident])
    /// No open incident (and no current one).
    case none

    /// Why an incident was chosen (shown on stderr when others were open too).
    public enum Reason: Hashable, Sendable {
        /// Set with `postmoterm use`.
        case current
        /// Started with the playbook the command was given.
        case samePlaybook
        /// The only open incident.
        case onlyOpen
        /// The open incident with the title asked for (`open --title`).
        case sameTitle
    }

    /// The choice among `open` incidents (newest first), with the `current` one if set and the
    /// absolute `playbookPath` the command was given, if any.
    public static func make(open: [Incident], current: Incident?, playbookPath: String?, title: String? = nil) -> IncidentChoice {
        if let title {
            let wanted = Self.normalized(title)
            let same = open.filter { Self.normalized($0.title) == wanted }
            if same.count == 1 { return .chosen(same[0], because: .sameTitle) }
            return same.isEmpty ? .none : .ambiguous(same)
        }
        if let current, current.isOpen { return .chosen(current, because: .current) }
        if let playbookPath {
            let same = open.filter { $0.playbookPath == playbookPath }
            if same.count == 1 { return .chosen(same[0], because: .samePlaybook) }
            if same.count > 1 { return .ambiguous(same) }
            if open.count == 1, open[0].playbookPath == nil { return .chosen(open[0], because: .onlyOpen) }
            return open.isEmpty ? .none : .ambiguous(open)
        }
        switch open.count {
        case 0: return .none
        case 1: return .chosen(open[0], because: .onlyOpen)
        default: return .ambiguous(open)
        }
    }

    /// A title as incidents are compared by it: trimmed, case folded.
    public static func normalized(_ title: String) -> String {
        title.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// For commands that cannot ask: the chosen incident, else the newest of the ambiguous ones.
    public var incident: Incident? {
        switch self {
        case .chosen(let incident, _): incident
        case .ambiguous(let incidents): incidents.first
        case .none: nil
        }
    }

    /// The line a command prints on stderr when several open incidents could have been meant
    /// (`→ incident ID`, and why); nil when there was no doubt.
    public func announcement(openCount: Int) -> String? {
        switch self {
        case .chosen(let incident, let reason):
            guard openCount > 1 else { return nil }
            let why =
                switch reason {
                case .current: "the current incident (postmoterm use)"
                case .samePlaybook: "started with this playbook"
                case .onlyOpen: "the only open one"
                case .sameTitle: "the open one with this title"
                }
            return "→ incident \(incident.id.rawValue) (\(why); \(openCount) are open, --incident ID picks another)"
        case .ambiguous(let incidents):
            guard let newest = incidents.first else { return nil }
            return "→ incident \(newest.id.rawValue) (the newest of \(openCount) open incidents; --incident ID or `postmoterm use ID` picks another)"
        case .none:
            return nil
        }
    }
}
