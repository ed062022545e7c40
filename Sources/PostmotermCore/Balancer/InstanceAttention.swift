/// How much an instance needs looking at, for sorting tables worst first and for their markers.
public enum InstanceAttention: Int, Sendable, Comparable {
    /// Down, breaker open, or answering 5xx above the threshold.
    case critical = 0
    /// Skewed, coming up or going down, breaker half-open.
    case warning = 1
    /// Draining or in maintenance: out on purpose.
    case parked = 2
    /// Nothing to see.
    case fine = 3

    public static func < (lhs: InstanceAttention, rhs: InstanceAttention) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A marker that reads without colour: `!!`, `! `, `- `, `  `.
    public var marker: String {
        switch self {
        case .critical: return "!!"
        case .warning: return "! "
        case .parked: return "- "
        case .fine: return "  "
        }
    }

    /// The attention `instance` needs in `pool` under `thresholds`.
    public init(_ instance: BalancerInstance, in pool: BalancerPool, thresholds: DetectorThresholds) {
        if instance.breaker == .open || instance.status == .down || instance.status.isOver(thresholds, rates: instance.rates) {
            self = .critical
        } else if thresholds.isSkewed(instance, in: pool) || instance.breaker == .halfOpen {
            self = .warning
        } else {
            switch instance.status {
            case .goingUp, .goingDown, .other: self = .warning
            case .draining, .maintenance: self = .parked
            default: self = .fine
            }
        }
    }
}

extension InstanceStatus {
    /// Whether `rates` show a 5xx percentage over the threshold with enough volume.
    fileprivate func isOver(_ thresholds: DetectorThresholds, rates: TrafficRates?) -> Bool {
        guard let rates, rates.requests >= thresholds.minimumRequests, let percent = rates.errorPercent else { return false }
        return percent >= thresholds.errorPercent
    }
}

extension DetectorThresholds {
    /// Whether `instance` takes far more than its fair share of `pool` right now (same rule as the
    /// detector's trigger, without its memory).
    public func isSkewed(_ instance: BalancerInstance, in pool: BalancerPool) -> Bool {
        guard let share = instance.share, let fair = pool.fairShare,
              pool.weightedServingCount >= 2 else { return false }
        return share >= skewTrigger(fairShare: fair)
    }
}
