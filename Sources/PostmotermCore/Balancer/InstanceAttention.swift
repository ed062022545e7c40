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

    /// The attention `instance` needs under `thresholds`; `skewTrigger`: its pool's
    /// (``DetectorThresholds/skewTrigger(in:)``, counted once per pool).
    public init(_ instance: BalancerInstance, skewTrigger: Double, thresholds: DetectorThresholds) {
        if instance.breaker == .open || instance.status == .down || instance.status.isOver(thresholds, rates: instance.rates) {
            self = .critical
        } else if thresholds.isSkewed(instance, trigger: skewTrigger) || instance.breaker == .halfOpen {
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
    /// The share at which an instance of `pool` counts as skewed right now (the detector's
    /// trigger, without its memory): infinite while fewer than two serving instances with weight
    /// share the traffic. Counting takes a pass over the pool, so it is asked once per pool and
    /// each instance is then judged in constant time (``isSkewed(_:trigger:)``): asked per
    /// instance, it made `health` quadratic in the pool.
    public func skewTrigger(in pool: BalancerPool) -> Double {
        let serving = pool.weightedServingCount
        return serving >= 2 ? skewTrigger(fairShare: 1 / Double(serving)) : .infinity
    }

    /// Whether `instance` takes far more than its fair share; `trigger`: its pool's
    /// ``skewTrigger(in:)``.
    public func isSkewed(_ instance: BalancerInstance, trigger: Double) -> Bool {
        guard let share = instance.share else { return false }
        return share >= trigger
    }
}
