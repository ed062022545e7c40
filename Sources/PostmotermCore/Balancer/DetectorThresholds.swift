/// The thresholds of the ``HealthDetector``; every one has a recovery level below it, so a value
/// hovering at the line does not report again and again.
public struct DetectorThresholds: Sendable, Hashable {
    /// Skew: an instance is skewed when its share reaches `min(fair × skewFactor, fair + (1 − fair) / 2)`
    /// — with 3 instances 66.7%, so the seed's 10/12 = 83% is caught, and 2 instances need 75%.
    public var skewFactor: Double
    /// A skew clears below this fraction of the trigger level.
    public var skewRecoveryFraction: Double
    /// 5xx percent at or above which an error-rate finding is made.
    public var errorPercent: Double
    /// 5xx percent below which it recovers.
    public var errorRecoveryPercent: Double
    /// Fewest requests in the poll interval for the error rate to count at all.
    public var minimumRequests: UInt64

    public init(
        skewFactor: Double = 3, skewRecoveryFraction: Double = 0.9, errorPercent: Double = 5,
        errorRecoveryPercent: Double = 2, minimumRequests: UInt64 = 20
    ) {
        self.skewFactor = skewFactor
        self.skewRecoveryFraction = skewRecoveryFraction
        self.errorPercent = errorPercent
        self.errorRecoveryPercent = errorRecoveryPercent
        self.minimumRequests = minimumRequests
    }

    /// The share at which an instance counts as skewed, given the pool's fair share.
    public func skewTrigger(fairShare: Double) -> Double {
        min(fairShare * skewFactor, fairShare + (1 - fairShare) / 2)
    }
}
