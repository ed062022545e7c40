/// The operational state of one instance (an HAProxy server, an Envoy host).
public enum InstanceStatus: Sendable, Hashable {
    /// Up and taking traffic.
    case up
    /// Down: failing its checks (or marked down by `observe`).
    case down
    /// Draining: finishes current sessions, takes no new ones (HAProxy `DRAIN`/`NOLB`).
    case draining
    /// In maintenance (administratively disabled).
    case maintenance
    /// Takes traffic without a health check.
    case noCheck
    /// Still up but failing checks: `passed` of `needed` checks left before it goes down (`UP 1/3`).
    case goingDown(Int, Int)
    /// Still down but passing checks: `passed` of `needed` before it comes up (`DOWN 1/2`).
    case goingUp(Int, Int)
    /// A status text postmoterm does not know, kept verbatim (escaped).
    case other(String)

    /// Reads HAProxy's `status` column: `UP`, `DOWN`, `NOLB`, `DRAIN`, `MAINT`, `MAINT (via …)`,
    /// `no check`, `UP 1/3`, `DOWN 1/2`, `NOLB 1/2`.
    public init(haproxy text: String) {
        // The spellings of a healthy table first, without splitting or case folding.
        switch text {
        case "UP": self = .up; return
        case "DOWN": self = .down; return
        case "no check": self = .noCheck; return
        case "MAINT": self = .maintenance; return
        case "NOLB", "DRAIN": self = .draining; return
        default: break
        }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let head = parts.first?.uppercased() ?? ""
        var fraction: (Int, Int)?
        if parts.count == 2 {
            let numbers = parts[1].split(separator: "/")
            if numbers.count == 2, let a = Int(numbers[0]), let b = Int(numbers[1]) { fraction = (a, b) }
        }
        switch head {
        case "UP": self = fraction.map { .goingDown($0.0, $0.1) } ?? .up
        case "DOWN": self = fraction.map { .goingUp($0.0, $0.1) } ?? .down
        case "NOLB", "DRAIN": self = .draining
        case "NO" where text.lowercased() == "no check": self = .noCheck
        default:
            if head.hasPrefix("MAINT") { self = .maintenance } else { self = .other(TerminalSafe.escape(text)) }
        }
    }

    /// The status as shown in tables: `UP`, `DOWN`, `DRAIN`, `MAINT`, `no check`, `UP 1/3`, `DOWN 1/2`.
    public var label: String {
        switch self {
        case .up: return "UP"
        case .down: return "DOWN"
        case .draining: return "DRAIN"
        case .maintenance: return "MAINT"
        case .noCheck: return "no check"
        case .goingDown(let a, let b): return "UP \(a)/\(b)"
        case .goingUp(let a, let b): return "DOWN \(a)/\(b)"
        case .other(let text): return text
        }
    }

    /// The status with transitions folded in: `UP 1/3` still serves (up), `DOWN 1/2` does not yet
    /// (down). Status-change findings compare this, so a check flapping inside its rise/fall
    /// window is not reported as a change (the hysteresis is HAProxy's own).
    public var settled: InstanceStatus {
        switch self {
        case .goingDown: return .up
        case .goingUp: return .down
        default: return self
        }
    }

    /// Whether the balancer sends new traffic to the instance.
    public var isServing: Bool {
        switch self {
        case .up, .noCheck, .goingDown: return true
        default: return false
        }
    }

    /// Sort rank, worst first: down, going up, going down, maintenance, draining, unknown, up.
    public var severityRank: Int {
        switch self {
        case .down: return 0
        case .goingUp: return 1
        case .goingDown: return 2
        case .other: return 3
        case .maintenance: return 4
        case .draining: return 5
        case .noCheck: return 6
        case .up: return 7
        }
    }
}
