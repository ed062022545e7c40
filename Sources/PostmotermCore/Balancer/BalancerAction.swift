import Foundation

/// A change a responder makes to one instance behind a balancer, from the console's health pane
/// (or a script): take it out of rotation gently, put it back, disable it, or change its weight.
///
/// Only the HAProxy runtime API (unix or TCP socket) can act; see ``BalancerActionRequest`` for
/// the checks made before anything is sent, and `BalancerActionRunner` (BalancerAdapters) for
/// running it.
public enum BalancerAction: Sendable, Hashable {
    /// Finish current sessions, take no new ones (HAProxy `DRAIN`).
    case drain
    /// Back in rotation: out of drain or maintenance (HAProxy `READY`).
    case ready
    /// Out of rotation at once, health checks stopped (HAProxy `MAINT`).
    case maintenance
    /// An absolute weight, ``weightRange``.
    case setWeight(Int)
    /// The weight the instance had in the configuration file (undoes any runtime change).
    case restoreInitialWeight
    /// Any runtime API command, typed on the console's command line (`:`); sent as typed when
    /// it is one line without `;` (see ``haproxyCommand(pool:instance:)``). Pool and instance
    /// are empty: the command names its own target.
    case runtimeCommand(String)

    /// The weights HAProxy accepts (`0` takes the instance out of the rotation without draining).
    public static let weightRange = 0...256

    /// A short name for menus and confirmations: `drain`, `ready`, `maintenance`, `weight 10`,
    /// `initial weight`.
    public var label: String {
        switch self {
        case .drain: "drain"
        case .ready: "ready"
        case .maintenance: "maintenance"
        case .setWeight(let weight): "weight \(weight)"
        case .restoreInitialWeight: "initial weight"
        case .runtimeCommand: "runtime command"
        }
    }

    /// A title for the timeline and dialogs: `Drain api/api-2`, `Set weight of api/api-2 to 10`.
    public func title(pool: String, instance: String) -> String {
        let target = "\(pool)/\(instance)"
        switch self {
        case .drain: return "Drain \(target)"
        case .ready: return "Ready \(target)"
        case .maintenance: return "Maintenance \(target)"
        case .setWeight(let weight): return "Set weight of \(target) to \(weight)"
        case .restoreInitialWeight: return "Restore initial weight of \(target)"
        case .runtimeCommand: return "Runtime command"
        }
    }

    /// What the action does, for a confirmation dialog: `Drain api/api-2: finish current sessions,
    /// send it no new ones.`
    public func explanation(pool: String, instance: String) -> String {
        let target = "\(pool)/\(instance)"
        switch self {
        case .drain:
            return "Drain \(target): finish its current sessions, send it no new ones."
        case .ready:
            return "Put \(target) back in rotation (out of drain or maintenance)."
        case .maintenance:
            return "Put \(target) in maintenance: no traffic, health checks stopped."
        case .setWeight(let weight):
            return weight == 0
                ? "Set the weight of \(target) to 0: it takes no new traffic."
                : "Set the weight of \(target) to \(weight)."
        case .restoreInitialWeight:
            return "Set the weight of \(target) back to its weight in the configuration file."
        case .runtimeCommand(let command):
            return "Send `\(TerminalSafe.escape(command))` to the runtime API as typed."
        }
    }

    /// The exact HAProxy runtime API command, e.g. `set server api/api-2 state drain`,
    /// `set server api/api-2 weight 10`. ``restoreInitialWeight`` is `weight 100%`: HAProxy reads a
    /// percentage relative to the initial weight, so the command is exact without knowing it.
    ///
    /// Throws when a name could smuggle another command into the runtime API (`;`, spaces,
    /// newlines) or the weight is outside ``weightRange``.
    public func haproxyCommand(pool: String, instance: String) throws(BalancerActionError) -> String {
        if case .runtimeCommand(let command) = self {
            let trimmed = command.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains(";"), !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { throw .invalidCommand(TerminalSafe.escape(command)) }
            return trimmed
        }
        for name in [pool, instance] where !Self.isSafeName(name) {
            throw .invalidName(TerminalSafe.escape(name))
        }
        let target = "\(pool)/\(instance)"
        switch self {
        case .drain: return "set server \(target) state drain"
        case .ready: return "set server \(target) state ready"
        case .maintenance: return "set server \(target) state maint"
        case .setWeight(let weight):
            guard Self.weightRange.contains(weight) else { throw .weightOutOfRange(weight) }
            return "set server \(target) weight \(weight)"
        case .restoreInitialWeight: return "set server \(target) weight 100%"
        case .runtimeCommand: return ""  // returned above
        }
    }

    /// Whether `name` is a proxy or server name HAProxy itself would accept in a configuration:
    /// letters, digits, `-`, `_`, `.`, `:`. Anything else is refused rather than quoted.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":": true
            default: false
            }
        }
    }
}
