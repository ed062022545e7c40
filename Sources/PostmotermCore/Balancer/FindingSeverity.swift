/// How urgent a finding is; the console colours by it, and text marks it (`!!`, `!`, `i`).
public enum FindingSeverity: String, Sendable, Hashable, Codable, Comparable {
    case info
    case warning
    case critical

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool { lhs.rank < rhs.rank }

    /// A marker that reads without colour.
    public var marker: String {
        switch self {
        case .info: return "i "
        case .warning: return "! "
        case .critical: return "!!"
        }
    }
}
